package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeltaKernelEventLogSourceTest extends EventLogSourceContractTest {

  private static final Engine ENGINE = DeltaKernelEventLogSource.defaultEngine();

  @TempDir Path lakehouse;

  private String tablePath() {
    return new LakehouseLayout(lakehouse.toString()).table(EventLog.TABLE);
  }

  @Override
  Fixture newFixture() {
    EventLogTable table = new EventLogTable(ENGINE, tablePath());
    DeltaKernelEventLogSource source = new DeltaKernelEventLogSource(ENGINE, tablePath());
    return new Fixture() {
      @Override
      public EventLogSource source() {
        return source;
      }

      @Override
      public void append(List<FlowProgress> rows) {
        table.append(rows);
      }
    };
  }

  @Test
  void tableWithoutCommitsReadsAsEmpty() throws Exception {
    new EventLogTable(ENGINE, tablePath()).create();

    assertThat(source().readAll()).isEmpty();
  }

  @Test
  void directoryWithoutDeltaLogReadsAsEmpty() throws Exception {
    Files.createDirectories(Path.of(tablePath()));

    assertThat(source().readAll()).isEmpty();
  }

  @Test
  void readsOnlyFilesAddedSinceTheLastRead() throws Exception {
    EventLogTable table = new EventLogTable(ENGINE, tablePath());
    FlowProgress first = flow("bronze_events").at(T0).batch(0).build();
    FlowProgress second = flow("bronze_events").at(T0.plusSeconds(60)).batch(1).build();
    table.append(List.of(first));
    DeltaKernelEventLogSource source = source();
    source.readAll();
    // Were the first file read again, this read would fail.
    for (Path file : dataFiles()) {
      Files.delete(file);
    }

    table.append(List.of(second));

    assertThat(source.readAll()).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void unreadableDataFileFailsNamingTheTable() throws Exception {
    new EventLogTable(ENGINE, tablePath()).append(List.of(flow("bronze_events").build()));
    for (Path file : dataFiles()) {
      Files.writeString(file, "not parquet");
    }

    assertThatThrownBy(() -> source().readAll())
        .isInstanceOf(EventLogReadException.class)
        .hasMessageStartingWith("read event log " + tablePath() + ": version 0, file ")
        .extracting(e -> ((EventLogReadException) e).location())
        .isEqualTo(tablePath());
  }

  @Test
  void missingRequiredColumnFailsNamingTheColumn() throws Exception {
    StructType withoutDataset =
        new StructType()
            .add(EventLog.TIMESTAMP, TimestampType.TIMESTAMP)
            .add(EventLog.RUN_ID, StringType.STRING)
            .add(EventLog.BATCH_ID, LongType.LONG);
    new EventLogTable(ENGINE, tablePath(), withoutDataset)
        .appendRows(List.of(Arrays.asList(T0, "run-1", 0L)));

    assertThatThrownBy(() -> source().readAll())
        .isInstanceOf(EventLogReadException.class)
        .hasMessageContaining(tablePath())
        .hasMessageContaining("missing column(s) dataset, input_rows");
  }

  @Test
  void nullCountsAndNullDataQualityCountAsZero() throws Exception {
    StructType schema = EventLogTable.SCHEMA;
    List<Object> row =
        Arrays.asList(
            T0,
            "run-1",
            "gold_fact_events",
            3L,
            null,
            5L,
            10L,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    new EventLogTable(ENGINE, tablePath(), schema).appendRows(List.of(row));

    assertThat(source().readAll())
        .containsExactly(
            flow("gold_fact_events").at(T0).batch(3).rows(0, 5).durationMs(10).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemasOfOtherWriters")
  void readsEveryKnownColumnWhateverElseTheTableHas(String writer, StructType schema)
      throws Exception {
    new EventLogTable(ENGINE, tablePath(), schema).append(List.of(BRONZE, SILVER));

    assertThat(source().readAll()).containsExactlyInAnyOrder(BRONZE, SILVER);
  }

  static Stream<Arguments> schemasOfOtherWriters() {
    return Stream.of(
        Arguments.of(
            "a writer from before empty_lines and backlog_bytes",
            EventLogTable.SCHEMA_WITHOUT_LATER_COLUMNS),
        Arguments.of(
            "a writer with a column added after this reader",
            EventLogTable.SCHEMA.add("added_later", StringType.STRING)),
        Arguments.of(
            "a writer with a status column that says COMPLETED",
            EventLogTable.SCHEMA.add(FlowProgressBatchMapper.STATUS, StringType.STRING)));
  }

  @Test
  void statusFailedMarksTheBatchAsFailed() throws Exception {
    FlowProgress failed = flow("silver_events").at(T0).batch(4).rows(10, 0).failed().build();
    new EventLogTable(
            ENGINE,
            tablePath(),
            EventLogTable.SCHEMA.add(FlowProgressBatchMapper.STATUS, StringType.STRING))
        .append(List.of(failed, BRONZE));

    assertThat(source().readAll()).containsExactlyInAnyOrder(failed, BRONZE);
  }

  private DeltaKernelEventLogSource source() {
    return new DeltaKernelEventLogSource(ENGINE, tablePath());
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(tablePath()))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
  }
}
