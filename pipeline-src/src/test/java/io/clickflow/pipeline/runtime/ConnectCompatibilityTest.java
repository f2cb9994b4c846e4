package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.pipeline.ClickstreamPipeline;
import io.clickflow.pipeline.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What lets the same JAR run under Databricks Connect: session detection, and driver-side
 * checkpoint access that needs no Hadoop and no session state.
 */
class ConnectCompatibilityTest {

  @TempDir Path dir;

  @Test
  void aDatabricksJobIsRecognisedByItsRuntimeVariable() {
    assertThat(SparkSessions.onDatabricks(Map.of("DATABRICKS_RUNTIME_VERSION", "client.4.0")))
        .isTrue();
    assertThat(SparkSessions.onDatabricks(Map.of("DATABRICKS_RUNTIME_VERSION", " "))).isFalse();
    assertThat(SparkSessions.onDatabricks(Map.of())).isFalse();
  }

  @Test
  void theLocalSessionIsClassicAndReadsCheckpointsThroughHadoop() {
    assertThat(SparkSessions.isClassic(SharedSpark.session())).isTrue();
    assertThat(CheckpointFiles.of(SharedSpark.session())).isInstanceOf(HadoopCheckpointFiles.class);
  }

  @Test
  void volumePathsAreReadAndRemovedAsLocalFiles() throws IOException {
    Path offsets = Files.createDirectories(dir.resolve("silver_events/offsets"));
    Files.writeString(offsets.resolve("3"), "v1\n{\"batchWatermarkMs\":42}\n{\"x\":1}\n");
    CheckpointFiles files = new LocalCheckpointFiles();

    assertThat(files.firstLines(offsets.resolve("3").toString(), 2))
        .contains(List.of("v1", "{\"batchWatermarkMs\":42}"));
    assertThat(files.firstLines(offsets.resolve("4").toString(), 2)).isEmpty();

    files.deleteRecursively(dir.resolve("silver_events").toString());
    assertThat(dir.resolve("silver_events")).doesNotExist();
    files.deleteRecursively(dir.resolve("never-was").toString());
  }

  @Test
  void bothBackendsReplaceAFileWholeAndMakeItsFolder() throws IOException {
    for (CheckpointFiles files :
        new CheckpointFiles[] {
          new LocalCheckpointFiles(), new HadoopCheckpointFiles(SharedSpark.session())
        }) {
      Path folder = dir.resolve(files.getClass().getSimpleName() + "/mv_daily");
      String file = folder.resolve("refreshed_from").toString();

      files.replace(file, "first\n");
      files.replace(file, "second\n");

      assertThat(files.firstLines(file, 2)).contains(List.of("second"));
      try (var names = Files.list(folder)) {
        assertThat(names.map(p -> p.getFileName().toString()))
            .as("nothing left but the file and its checksum")
            .allMatch(n -> n.equals("refreshed_from") || n.equals(".refreshed_from.crc"));
      }
    }
  }

  @Test
  void bothBackendsReadTheSameWatermark() throws IOException {
    Path offsets = Files.createDirectories(dir.resolve("cp/offsets"));
    Files.writeString(offsets.resolve("0"), "v1\n{\"batchWatermarkMs\":1700000000000}\n{}\n");
    String file = offsets.resolve("0").toString();
    assertThat(new LocalCheckpointFiles().firstLines(file, 2))
        .isEqualTo(new HadoopCheckpointFiles(SharedSpark.session()).firstLines(file, 2));
    assertThat(LateEventThreshold.forBatch(SharedSpark.session(), dir.resolve("cp").toString(), 1))
        .hasToString("2023-11-14T22:13:20Z");
  }

  /**
   * Under Spark Connect the client serialises each batch function to the server. It must carry no
   * session, and come back able to rebuild its context in the session it is given there.
   */
  @Test
  void everyBatchFunctionTravelsWithoutItsSession() throws Exception {
    var spark = SharedSpark.session();
    PipelineContext ctx =
        new PipelineContext(
            spark,
            new CatalogTableStore(spark, "main", "clickstream", dir.resolve("cp").toString()),
            new PipelineSettings(
                "/Volumes/main/clickstream/landing",
                "10 minutes",
                0,
                0,
                new Pseudonymiser("test-pepper-not-a-secret"),
                true),
            java.time.Clock.systemUTC());
    List<StreamingTableDefinition> flows =
        ClickstreamPipeline.definitions().stream()
            .filter(StreamingTableDefinition.class::isInstance)
            .map(StreamingTableDefinition.class::cast)
            .toList();
    assertThat(flows).hasSize(4);
    for (StreamingTableDefinition flow : flows) {
      var bytes = new java.io.ByteArrayOutputStream();
      try (var out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(new FlowExecution.BatchWriter(flow, ctx, -1));
      }
      Object back;
      try (var in =
          new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        back = in.readObject();
      }
      assertThat(back).as(flow.spec().name()).isInstanceOf(FlowExecution.BatchWriter.class);
      assertThat(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .as("%s carries no session", flow.spec().name())
          .doesNotContain("SparkSession", "SparkContext");
    }
  }

  @Test
  void observedTimestampsReadTheSameFromClassicSparkAndAConnectClient() {
    Instant t = Instant.parse("2026-11-22T10:00:00.123Z");
    assertThat(ObservedMetrics.instant(java.sql.Timestamp.from(t))).isEqualTo(t);
    assertThat(ObservedMetrics.instant(t)).isEqualTo(t);
    assertThat(ObservedMetrics.instant(t.toEpochMilli())).isEqualTo(t);
    assertThat(ObservedMetrics.instant(null)).isNull();
  }

  @Test
  void aRemoteUriIsRefusedWithTheVolumeHint() {
    assertThatThrownBy(
            () ->
                new LocalCheckpointFiles()
                    .firstLines("abfss://lake@acct.dfs.core.windows.net/cp/offsets/0", 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/Volumes/");
  }
}
