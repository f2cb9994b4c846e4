package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.pipeline.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void bothBackendsReadTheSameWatermark() throws IOException {
    Path offsets = Files.createDirectories(dir.resolve("cp/offsets"));
    Files.writeString(offsets.resolve("0"), "v1\n{\"batchWatermarkMs\":1700000000000}\n{}\n");
    String file = offsets.resolve("0").toString();
    assertThat(new LocalCheckpointFiles().firstLines(file, 2))
        .isEqualTo(new HadoopCheckpointFiles(SharedSpark.session()).firstLines(file, 2));
    assertThat(LateEventThreshold.forBatch(SharedSpark.session(), dir.resolve("cp").toString(), 1))
        .hasToString("2023-11-14T22:13:20Z");
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
