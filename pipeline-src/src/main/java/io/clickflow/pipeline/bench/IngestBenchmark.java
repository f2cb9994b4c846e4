package io.clickflow.pipeline.bench;

import static org.apache.spark.sql.functions.col;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.ClickstreamPipeline;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.bronze.BronzeSchema;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.EventLogWriter;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.PipelineRunner;
import io.clickflow.pipeline.runtime.PipelineSettings;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import io.clickflow.pipeline.runtime.RunOptions;
import io.clickflow.pipeline.runtime.TableStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Measures the pipeline against a baseline in the same JVM and session, so the machine's noise
 * affects both alike: a plain {@code spark.read().json()} with the Bronze schema over the same
 * files, versus the pipeline's Bronze, Bronze + Silver, and the whole graph, each on a fresh
 * lakehouse.
 */
public final class IngestBenchmark {

  /** One measured stage. */
  public record Result(String stage, long events, double seconds) {
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  private final SparkSession spark;
  private final String landing;
  private final String workDir;
  private final Pseudonymiser pseudonymiser;
  private final PrintStream progress;
  private final Predicate<String> stages;
  private final List<String> increments;

  /**
   * @param stages which stages to run, by name; the line count always runs
   * @param increments folders of landing files to add one after another after a full run of every
   *     dataset, each followed by a measured run; empty to measure the full run alone
   */
  public IngestBenchmark(
      SparkSession spark,
      String landing,
      String workDir,
      Pseudonymiser pseudonymiser,
      PrintStream progress,
      Predicate<String> stages,
      List<String> increments) {
    this.increments = List.copyOf(increments);
    this.spark = spark;
    this.landing = landing;
    this.workDir = workDir;
    this.pseudonymiser = pseudonymiser;
    this.progress = progress;
    this.stages = stages;
  }

  public List<Result> run() {
    long lines = files().text(landing).filter("length(trim(value)) > 0").count();
    List<Result> results = new ArrayList<>();
    results.add(
        measure(
            "baseline: spark.read().schema(s).json().count()",
            lines,
            () -> files().schema(BronzeSchema.EVENT).json(landing).count()));
    results.add(
        measure(
            "baseline: spark.read().schema(s).json(), every column parsed",
            lines,
            () -> noop(files().schema(BronzeSchema.EVENT).json(landing))));
    results.add(
        measure(
            "bronze parse only: text + rescue parser, every column",
            lines,
            () -> noop(parsedLines())));
    results.add(
        measure(
            "bronze parse + plain Parquet write",
            lines,
            () -> {
              parsedLines()
                  .write()
                  .mode("overwrite")
                  .parquet(workDir + "/parquet-" + UUID.randomUUID());
              return lines;
            }));
    results.add(measure("pipeline: bronze", lines, () -> runPipeline("bronze", Set.of("bronze"))));
    results.add(
        measure(
            "pipeline: bronze + silver",
            lines,
            () -> runPipeline("silver", Set.of("bronze", "silver"))));
    results.add(
        measure(
            "pipeline: bronze + silver, HDFS-backed state store",
            lines,
            () ->
                withStateStore(
                    HDFS_STATE_STORE, () -> runPipeline("hdfs", Set.of("bronze", "silver")))));
    if (increments.isEmpty()) {
      results.add(measure("pipeline: all datasets", lines, () -> runPipeline("all", Set.of())));
    } else {
      results.addAll(fullThenIncrement(lines));
    }
    results.removeIf(java.util.Objects::isNull);
    return results;
  }

  private Dataset<Row> parsedLines() {
    return BronzeEvents.parse(
        files()
            .text(landing)
            .select(
                col("value"),
                col("_metadata.file_path").as(BronzeSchema.FILE_PATH),
                col("_metadata.file_size").as(BronzeSchema.FILE_SIZE),
                col("_metadata.file_modification_time").as(BronzeSchema.FILE_MODIFICATION_TIME)));
  }

  private static final String STATE_STORE_CONF = "spark.sql.streaming.stateStore.providerClass";
  private static final String HDFS_STATE_STORE =
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";

  /** Runs with another state store; a new checkpoint records the provider it starts with. */
  private long withStateStore(String provider, LongSupplier work) {
    String previous = spark.conf().get(STATE_STORE_CONF);
    spark.conf().set(STATE_STORE_CONF, provider);
    try {
      return work.getAsLong();
    } finally {
      spark.conf().set(STATE_STORE_CONF, previous);
    }
  }

  private DataFrameReader files() {
    return spark.read().option("recursiveFileLookup", "true").option("pathGlobFilter", "*.json*");
  }

  private static long noop(Dataset<Row> rows) {
    rows.write().format("noop").mode("overwrite").save();
    return 0;
  }

  /**
   * Every dataset over the landing files, then, on the same lakehouse, again after each increment's
   * files joined them: what a scheduled run costs once the history is there. A second increment
   * shows a run whose plans the same process has already run once. Every run reads a landing folder
   * of links to the original files, which stay untouched.
   */
  private List<Result> fullThenIncrement(long lines) {
    if (!stages.test(FULL_STAGE) && !stages.test(INCREMENT_STAGE)) {
      return List.of();
    }
    String run = "increment-" + UUID.randomUUID();
    Path linked = Path.of(workDir, run, "landing");
    String lakehouse = workDir + "/" + run + "/lake";
    link(Path.of(landing), linked);
    List<Result> results = new ArrayList<>();
    results.add(
        measure(
            FULL_STAGE, lines, () -> runPipeline("full", Set.of(), linked.toString(), lakehouse)));
    for (int i = 0; i < increments.size(); i++) {
      String increment = increments.get(i);
      link(Path.of(increment), linked);
      long added = files().text(increment).filter("length(trim(value)) > 0").count();
      results.add(
          measure(
              INCREMENT_STAGE + " " + (i + 1),
              added,
              () -> runPipeline("increment", Set.of(), linked.toString(), lakehouse)));
    }
    return results;
  }

  static final String FULL_STAGE = "pipeline: all datasets";
  static final String INCREMENT_STAGE = "pipeline: all datasets, then increment";

  /** Mirrors the visible files of one folder into another as hard links (copies across devices). */
  private static void link(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
          throw new IllegalArgumentException(
              "the increment repeats landing file " + from.relativize(file));
        }
        try {
          Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("link " + from + " into " + to, e);
    }
  }

  private long runPipeline(String name, Set<String> tags) {
    return runPipeline(name, tags, landing, workDir + "/" + name + "-" + UUID.randomUUID());
  }

  private long runPipeline(String name, Set<String> tags, String landing, String lakehouse) {
    TableStore store = new DeltaPathTableStore(spark, new LakehouseLayout(lakehouse));
    PipelineRunner runner =
        new PipelineRunner(
            new PipelineContext(
                spark,
                store,
                new PipelineSettings(landing, "10 minutes", 0, 0, pseudonymiser, false),
                Clock.systemUTC()),
            ClickstreamPipeline.definitions(),
            ClickstreamPipeline.EXTERNAL_SOURCES,
            new EventLogWriter(spark, store),
            progress);
    runner.run(new RunOptions(name, tags, TagMode.ANY, Set.of(), false, Duration.ofSeconds(5)));
    return 0;
  }

  private Result measure(String stage, long events, LongSupplier work) {
    if (!stages.test(stage)) {
      return null;
    }
    progress.printf("bench: %s ...%n", stage);
    long started = System.nanoTime();
    work.getAsLong();
    Result result = new Result(stage, events, (System.nanoTime() - started) / 1e9);
    progress.printf(
        "bench: %s: %.1f s, %.0f events/s%n", stage, result.seconds(), result.eventsPerSecond());
    return result;
  }
}
