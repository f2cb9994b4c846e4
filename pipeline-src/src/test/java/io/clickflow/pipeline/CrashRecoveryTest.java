package io.clickflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.bench.DeltaCommitLog;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once under SIGKILL: the pipeline runs as a child process, is killed while a table has
 * data files written but not yet committed (mid-Bronze append, mid-Silver append, mid-{@code
 * dim_user} MERGE), and is run again. Gold must then equal an uninterrupted run on the same files.
 */
class CrashRecoveryTest {

  private static final String PEPPER = "test-pepper-not-a-secret";
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  private static final int FILES = 4;
  private static final int EVENTS_PER_FILE = 3000;
  private static final int USERS = 300;
  private static final String[] TYPES = {"page_view", "click", "add_to_cart", "purchase"};
  private static final String[] PLANS = {"free", "pro", "team"};

  /** Every Gold dataset of the pipeline, as its graph declares them. */
  private static final List<String> GOLD =
      ClickstreamPipeline.definitions().stream()
          .map(d -> d.spec())
          .filter(spec -> spec.layer().equals("gold"))
          .map(spec -> spec.name())
          .toList();

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @TempDir static Path shared;
  private static Path landing;
  private static TableStore reference;

  @TempDir Path dir;

  @BeforeAll
  static void landAndRunUninterrupted() {
    landing = shared.resolve("landing");
    LandingFixture files = new LandingFixture(landing);
    for (int file = 0; file < FILES; file++) {
      for (int i = 0; i < EVENTS_PER_FILE; i++) {
        int user = i % USERS;
        // Each user changes plan from one file to the next, so dim_user keeps history.
        files.add(
            LandingFixture.event(
                "u" + user,
                TYPES[(i / USERS + file) % TYPES.length],
                T0.plusSeconds(file * 3600L + i),
                PLANS[(user + file) % PLANS.length],
                user % 2 == 0 ? "DE" : "FR"));
      }
      files.publish();
    }
    PipelineHarness pipeline = new PipelineHarness(landing, shared.resolve("reference"), 1);
    pipeline.runOnce();
    reference = pipeline.store();
  }

  @ParameterizedTest(name = "killed mid-write of {0}")
  @ValueSource(strings = {"bronze_events", "silver_events", "dim_user"})
  void afterASigkillMidWriteTheRestartedRunEqualsAnUninterruptedOne(String table) throws Exception {
    Path lake = dir.resolve("lake");
    Process crashed = pipeline(lake, "crashed");
    killWhileUncommitted(crashed, lake.resolve("tables").resolve(table));

    assertThat(crashed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(uncommittedDataFiles(lake.resolve("tables").resolve(table)))
        .as("the kill left %s with written but uncommitted files", table)
        .isNotEmpty();

    Process restarted = pipeline(lake, "restarted");
    assertThat(restarted.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(restarted.exitValue()).as(log(lake, "restarted")).isZero();

    TableStore recovered =
        new DeltaPathTableStore(SharedSpark.session(), new LakehouseLayout(lake.toString()));
    for (String gold : GOLD) {
      assertSameRows(gold, reference.read(gold), recovered.read(gold));
    }
    Dataset<Row> facts = recovered.read("fact_events");
    assertThat(facts.select("event_id").distinct().count())
        .as("no duplicate facts")
        .isEqualTo(facts.count())
        .isEqualTo(FILES * EVENTS_PER_FILE);
    assertScd2Invariants(recovered.read("dim_user"));
  }

  @Test
  void theReferenceRunHasHistoryToProtect() {
    assertThat(GOLD).as("the tables compared").hasSize(11).contains("dim_user", "fact_events");
    assertThat(reference.read("dim_user").count()).isEqualTo((long) USERS * FILES);
    assertScd2Invariants(reference.read("dim_user"));
  }

  /** Starts {@code clickflow pipeline run} as its own JVM, one landing file per Bronze batch. */
  private static Process pipeline(Path lake, String name) throws IOException {
    ProcessBuilder builder =
        ModuleProcess.onTestClasspath(
            "2g",
            List.of(
                PipelineCli.class.getName(),
                "run",
                "--landing",
                landing.toString(),
                "--lakehouse",
                lake.toString(),
                "--max-files-per-trigger",
                "1"));
    builder.environment().put("CLICKFLOW_PII_PEPPER", PEPPER);
    Files.createDirectories(lake);
    builder.redirectErrorStream(true).redirectOutput(lake.resolve(name + ".log").toFile());
    return builder.start();
  }

  private static String log(Path lake, String name) {
    try {
      return Files.readString(lake.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls the table folder and sends SIGKILL the moment it holds a data file no commit refers to:
   * the writer is between writing its files and committing them.
   */
  private static void killWhileUncommitted(Process process, Path table) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the pipeline finished before it was caught mid-write of "
                + table.getFileName()
                + "; exit "
                + process.exitValue());
      }
      if (Files.isDirectory(table.resolve("_delta_log"))
          && !uncommittedDataFiles(table).isEmpty()) {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        process.waitFor(30, TimeUnit.SECONDS);
        return;
      }
      Thread.sleep(2);
    }
    process.destroyForcibly();
    throw new AssertionError("no write of " + table.getFileName() + " within 5 minutes");
  }

  /** Parquet files in the table folder that no commit in its Delta log adds. */
  static Set<String> uncommittedDataFiles(Path table) throws IOException {
    Set<String> data = new HashSet<>();
    try (Stream<Path> files = Files.walk(table)) {
      files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !table.relativize(p).startsWith("_delta_log"))
          .forEach(p -> data.add(table.relativize(p).toString()));
    }
    for (DeltaCommitLog.Commit commit :
        DeltaCommitLog.read(table.toString(), new org.apache.hadoop.conf.Configuration())) {
      commit.addedFiles().forEach(data::remove);
    }
    return data;
  }

  private static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual) {
    String[] columns = expected.columns();
    Dataset<Row> got =
        actual.select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length));
    assertThat(got.count()).as("%s rows", table).isEqualTo(expected.count());
    assertThat(expected.exceptAll(got).collectAsList()).as("%s rows missing", table).isEmpty();
    assertThat(got.exceptAll(expected).collectAsList()).as("%s rows extra", table).isEmpty();
  }

  /** Per user: intervals in order, each ending where the next starts, exactly one current. */
  private static void assertScd2Invariants(Dataset<Row> dimUser) {
    List<Row> rows =
        dimUser
            .select("user_id", "__START_AT", "__END_AT", "is_current")
            .orderBy(col("user_id"), col("__START_AT"))
            .collectAsList();
    String user = null;
    Timestamp previousEnd = null;
    int current = 0;
    Set<String> users = new HashSet<>();
    for (Row row : rows) {
      if (!row.getString(0).equals(user)) {
        assertThat(previousEnd).as("last version of %s is open", user).isNull();
        user = row.getString(0);
        users.add(user);
      } else {
        assertThat(row.getTimestamp(1)).as("%s: no gap, no overlap", user).isEqualTo(previousEnd);
      }
      previousEnd = row.getTimestamp(2);
      assertThat(row.getBoolean(3)).as("%s: current iff open", user).isEqualTo(previousEnd == null);
      current += row.getBoolean(3) ? 1 : 0;
    }
    assertThat(previousEnd).isNull();
    assertThat(current).as("exactly one current row per user").isEqualTo(users.size());
  }
}
