package io.clickflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.EventLogWriter;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.PipelineRunner;
import io.clickflow.pipeline.runtime.PipelineSettings;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import io.clickflow.pipeline.runtime.RunOptions;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** The clickstream pipeline over a landing folder and a lakehouse in a test's temp dir. */
public final class PipelineHarness {

  static final String PEPPER = "test-pepper-not-a-secret";

  private final TableStore store;
  private final PipelineContext context;
  private final PipelineRunner runner;

  public PipelineHarness(Path landing, Path lakehouse, int maxFilesPerTrigger) {
    this(landing, lakehouse, maxFilesPerTrigger, 0);
  }

  public PipelineHarness(
      Path landing, Path lakehouse, int maxFilesPerTrigger, long maxBytesPerTrigger) {
    this(landing, lakehouse, maxFilesPerTrigger, maxBytesPerTrigger, false);
  }

  public PipelineHarness(
      Path landing,
      Path lakehouse,
      int maxFilesPerTrigger,
      long maxBytesPerTrigger,
      boolean routeLateEvents) {
    this(
        SharedSpark.session(),
        new DeltaPathTableStore(SharedSpark.session(), new LakehouseLayout(lakehouse.toString())),
        new PipelineSettings(
            landing.toString(),
            "10 minutes",
            maxFilesPerTrigger,
            maxBytesPerTrigger,
            new Pseudonymiser(PEPPER),
            routeLateEvents));
  }

  /** The pipeline in any session, over any store: a Spark Connect client's, say. */
  public PipelineHarness(SparkSession spark, TableStore store, Path landing) {
    this(
        spark,
        store,
        new PipelineSettings(
            landing.toString(), "10 minutes", 0, 0, new Pseudonymiser(PEPPER), false));
  }

  private PipelineHarness(SparkSession spark, TableStore store, PipelineSettings settings) {
    this.store = store;
    context = new PipelineContext(spark, store, settings, Clock.systemUTC());
    runner =
        new PipelineRunner(
            context,
            ClickstreamPipeline.definitions(),
            ClickstreamPipeline.EXTERNAL_SOURCES,
            new EventLogWriter(spark, store),
            new PrintStream(OutputStream.nullOutputStream()));
  }

  public TableStore store() {
    return store;
  }

  /** What the runner hands each dataset: for a test that calls a batch function itself. */
  public PipelineContext context() {
    return context;
  }

  /**
   * One incremental run of the datasets with any of these tags (all of them when none are given);
   * returns the event log rows it wrote.
   */
  public List<FlowProgressRecord> runOnce(String... tags) {
    return runner.run(
        new RunOptions(
            UUID.randomUUID().toString(),
            Set.of(tags),
            TagMode.ANY,
            Set.of(),
            false,
            Duration.ofSeconds(1)));
  }

  /**
   * Starts a continuous run of every dataset on a thread of its own; {@link #requestStop} stops the
   * run between micro-batches.
   */
  public Thread runContinuously(Duration trigger) {
    Thread thread =
        new Thread(
            () ->
                runner.run(
                    new RunOptions(
                        UUID.randomUUID().toString(),
                        Set.of(),
                        TagMode.ANY,
                        Set.of(),
                        true,
                        trigger)),
            "continuous-pipeline");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Stops a continuous run the way {@code pipeline run --continuous} does on SIGINT or SIGTERM. An
   * interrupt would depend on every library between the run and its wait passing the interrupt on.
   */
  public void requestStop() {
    runner.requestStop();
  }

  /** The pre-flight checks of a run of every dataset, resetting the given ones. */
  public void preflight(Set<String> fullRefresh) {
    runner.preflight(
        new RunOptions(
            "preflight", Set.of(), TagMode.ANY, fullRefresh, false, Duration.ofSeconds(1)));
  }

  public long count(String table) {
    return store.read(table).count();
  }

  /** Each fact holds the key of the user version valid at its event time. */
  public void assertEveryFactKeyedToItsVersion(long facts) {
    Dataset<Row> fact = store.read("fact_events");
    Dataset<Row> users = store.read("dim_user");
    Dataset<Row> keyedRight =
        fact.join(
            users,
            fact.col("user_id")
                .equalTo(users.col("user_id"))
                .and(fact.col("user_sk").equalTo(users.col("user_sk")))
                .and(fact.col("event_time").geq(users.col("__START_AT")))
                .and(
                    users
                        .col("__END_AT")
                        .isNull()
                        .or(fact.col("event_time").lt(users.col("__END_AT")))),
            "left_semi");
    assertThat(fact.count()).isEqualTo(facts);
    assertThat(keyedRight.count())
        .as(
            () ->
                "every fact keyed to its version; facts "
                    + fact.select("user_id", "event_time", "user_sk").collectAsList()
                    + ", users "
                    + users.select("user_id", "user_sk", "__START_AT", "__END_AT").collectAsList())
        .isEqualTo(facts);
  }

  public static long sum(
      List<FlowProgressRecord> records,
      String dataset,
      java.util.function.ToLongFunction<FlowProgressRecord> field) {
    return records.stream().filter(r -> r.dataset().equals(dataset)).mapToLong(field).sum();
  }

  /**
   * The string columns of a table where some value contains one of the needles (compared in lower
   * case), read as plain strings on the driver: test tables are small.
   */
  public static List<String> columnsContaining(Dataset<Row> table, Collection<String> needles) {
    List<String> lowered = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    List<String> found = new ArrayList<>();
    for (StructField field : table.schema().fields()) {
      if (field.dataType() != DataTypes.StringType) {
        continue;
      }
      boolean leaks =
          table.select(col(field.name())).distinct().collectAsList().stream()
              .map(r -> r.getString(0))
              .filter(v -> v != null)
              .map(v -> v.toLowerCase(Locale.ROOT))
              .anyMatch(v -> lowered.stream().anyMatch(v::contains));
      if (leaks) {
        found.add(field.name());
      }
    }
    return found;
  }
}
