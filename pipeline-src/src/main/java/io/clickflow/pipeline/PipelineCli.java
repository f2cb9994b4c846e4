package io.clickflow.pipeline;

import io.clickflow.contract.Durations;
import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.bench.CommitLatency;
import io.clickflow.pipeline.bench.IngestBenchmark;
import io.clickflow.pipeline.bronze.BronzeEvents;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.graph.GraphException;
import io.clickflow.pipeline.runtime.CatalogTableStore;
import io.clickflow.pipeline.runtime.DatabricksSecretPepper;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.EventLogWriter;
import io.clickflow.pipeline.runtime.ExpectationResult;
import io.clickflow.pipeline.runtime.FlowFailedException;
import io.clickflow.pipeline.runtime.FlowProgressRecord;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.PipelineRunner;
import io.clickflow.pipeline.runtime.PipelineSettings;
import io.clickflow.pipeline.runtime.PreflightException;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import io.clickflow.pipeline.runtime.RunLock;
import io.clickflow.pipeline.runtime.RunOptions;
import io.clickflow.pipeline.runtime.SparkSessions;
import io.clickflow.pipeline.runtime.TableStore;
import io.clickflow.pipeline.silver.SilverEvents;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clickflow pipeline}: runs the Bronze → Silver → Gold dataset graph. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    version = "clickflow pipeline 0.1.0",
    description = "Run and inspect the clickstream pipeline: Bronze, Silver and Gold Delta tables.",
    subcommands = {
      PipelineCli.Run.class,
      PipelineCli.Plan.class,
      PipelineCli.Bench.class,
      PipelineCli.Latency.class
    })
public final class PipelineCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine cli = new CommandLine(new PipelineCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("clickflow pipeline: " + oneLine(e));
          return e instanceof IllegalArgumentException
                  || e instanceof GraphException
                  || e instanceof PreflightException
              ? 2
              : 1;
        });
    return cli.execute(args);
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Options shared by run and plan: what to run. */
  static class Selection {
    @Option(
        names = "--tags",
        split = ",",
        paramLabel = "TAG",
        description = "Run only datasets with these tags (bronze, silver, gold, mv). Default: all.")
    List<String> tags = new ArrayList<>();

    @Option(
        names = "--tag-mode",
        paramLabel = "any|all",
        description = "Select datasets having any (default) or all of the tags.")
    String tagMode = "any";

    @Option(
        names = "--full-refresh",
        split = ",",
        paramLabel = "DATASET",
        description = "Reset these datasets' tables and checkpoints before running.")
    List<String> fullRefresh = new ArrayList<>();

    /** The datasets these options select, checked against the graph without starting Spark. */
    List<DatasetSpec> plan(RunOptions options) {
      return ClickstreamPipeline.graph()
          .plan(options.tags(), options.tagMode(), options.fullRefresh());
    }

    RunOptions options(boolean continuous, Duration trigger) {
      return options(continuous, trigger, RunOptions.DEFAULT_VIEW_REFRESH);
    }

    RunOptions options(boolean continuous, Duration trigger, Duration viewRefresh) {
      TagMode mode =
          switch (tagMode) {
            case "any" -> TagMode.ANY;
            case "all" -> TagMode.ALL;
            default ->
                throw new IllegalArgumentException(
                    "--tag-mode must be any or all, got: " + tagMode);
          };
      return new RunOptions(
          UUID.randomUUID().toString(),
          nonBlank(tags),
          mode,
          nonBlank(fullRefresh),
          continuous,
          trigger,
          viewRefresh);
    }
  }

  /** Job parameters arrive as "" when unset; an empty entry means "none", not a dataset. */
  static Set<String> nonBlank(List<String> values) {
    return values.stream().map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Ingest new landing files and update every selected dataset.",
        "",
        "Each streaming table has its own checkpoint, so a run processes only what arrived since"
            + " the last one and a killed run resumes without duplicates. Every micro-batch adds"
            + " a row to the event_log table (rows, expectations, watermark, latency).",
        "",
        "The PII pepper is read from the CLICKFLOW_PII_PEPPER environment variable and is never"
            + " printed."
      },
      footer = {
        "",
        "Examples:",
        "  clickflow pipeline run --landing ./landing --lakehouse ./lakehouse --once",
        "  clickflow pipeline run --landing ./landing --lakehouse ./lakehouse --tags gold",
        "  clickflow pipeline run --landing ./landing --lakehouse ./lakehouse --continuous"
            + " --trigger 5s"
      })
  static final class Run implements Callable<Integer> {

    /**
     * A local landing folder that is missing is a mistyped path or a producer not started yet: said
     * in one line before Spark starts, instead of Spark's PATH_NOT_FOUND from inside Bronze. URIs
     * (abfss://, dbfs:) are left to Spark.
     */
    static void requireLocalLanding(List<DatasetSpec> plan, String landing) {
      if (missingLocalLanding(plan, landing)) {
        throw new IllegalArgumentException(
            "landing folder "
                + landing
                + " does not exist; create it, or point --landing at the producer's sink");
      }
    }

    /**
     * A continuous run started beside its producer waits for the landing folder, as its other flows
     * wait for their inputs.
     */
    static void awaitLocalLanding(List<DatasetSpec> plan, String landing)
        throws InterruptedException {
      if (missingLocalLanding(plan, landing)) {
        System.err.println(
            "landing folder " + landing + " does not exist yet; waiting for the producer");
        while (!Files.isDirectory(Path.of(landing))) {
          Thread.sleep(500);
        }
      }
    }

    private static boolean missingLocalLanding(List<DatasetSpec> plan, String landing) {
      boolean readsLanding =
          plan.stream().anyMatch(spec -> spec.reads().contains(BronzeEvents.LANDING));
      return readsLanding && !landing.contains(":") && !Files.isDirectory(Path.of(landing));
    }

    @Option(
        names = "--landing",
        required = true,
        paramLabel = "DIR|URI",
        description = "Landing folder the producer writes to.")
    String landing;

    @Option(
        names = "--lakehouse",
        paramLabel = "DIR|URI",
        description = "Root of the local lakehouse (tables and checkpoints).")
    String lakehouse;

    @Option(
        names = "--catalog",
        description =
            "Unity Catalog catalog; with --schema and --checkpoints, replaces --lakehouse.")
    String catalog;

    @Option(names = "--schema", description = "Unity Catalog schema.")
    String schema;

    @Option(names = "--checkpoints", paramLabel = "URI", description = "Checkpoint root (UC mode).")
    String checkpoints;

    @Option(names = "--once", description = "Process what is there, then stop (the default).")
    boolean once;

    @Option(names = "--continuous", description = "Keep running, one micro-batch per trigger.")
    boolean continuous;

    @Option(
        names = "--trigger",
        paramLabel = "DURATION",
        description = "Micro-batch interval in continuous mode, e.g. 5s or 1m. Default: 5s.")
    String trigger = "5s";

    @Option(
        names = "--view-refresh",
        paramLabel = "DURATION",
        description =
            "In continuous mode, the least time between two refreshes of the materialized views;"
                + " 0s refreshes them after every batch. Default: 1m.")
    String viewRefresh = "1m";

    @Option(
        names = "--watermark-delay",
        paramLabel = "INTERVAL",
        description =
            "How late an event may arrive and still be deduplicated. Default: 10 minutes.")
    String watermarkDelay = "10 minutes";

    @Option(
        names = "--route-late-events",
        description =
            "Keep events that arrive behind the watermark in silver_late_events instead of only"
                + " counting them.")
    boolean routeLateEvents;

    @Option(
        names = "--max-files-per-trigger",
        paramLabel = "N",
        description = "Cap on landing files per Bronze micro-batch (0: no cap). Default: 0.")
    int maxFilesPerTrigger;

    @Option(
        names = "--max-bytes-per-trigger",
        paramLabel = "BYTES",
        description =
            "Soft cap on landing bytes per Bronze micro-batch (0: no cap); a batch takes at"
                + " least one file. Default: 0.")
    long maxBytesPerTrigger;

    @Option(
        names = "--pepper-secret-scope",
        paramLabel = "SCOPE",
        description =
            "Databricks secret scope holding the PII pepper (with --pepper-secret-key); read with"
                + " Databricks unified auth instead of "
                + Pseudonymiser.PEPPER_ENV
                + ".")
    String pepperSecretScope;

    @Option(
        names = "--pepper-secret-key",
        paramLabel = "KEY",
        description = "Key of the PII pepper in --pepper-secret-scope.")
    String pepperSecretKey;

    @CommandLine.Mixin Selection selection = new Selection();

    @Override
    public Integer call() throws InterruptedException {
      if (once && continuous) {
        throw new IllegalArgumentException("--once and --continuous exclude each other");
      }
      RunOptions options =
          selection.options(continuous, Durations.parse(trigger), Durations.parse(viewRefresh));
      List<DatasetSpec> plan = selection.plan(options);
      Pseudonymiser pseudonymiser = pseudonymiser(plan, pepperSecretScope, pepperSecretKey);
      if (!continuous) {
        requireLocalLanding(plan, landing);
      }
      PipelineSettings settings =
          new PipelineSettings(
              landing,
              watermarkDelay,
              maxFilesPerTrigger,
              maxBytesPerTrigger,
              pseudonymiser,
              routeLateEvents);
      Function<SparkSession, TableStore> stores = stores();
      // Once the input is known good and before Spark starts: a second run on the lakehouse
      // stops at once, touching nothing, and a continuous one does not wait for its landing first.
      Optional<RunLock> held =
          !inCatalog()
              ? RunLock.localFolder(lakehouse)
                  .map(folder -> RunLock.acquire(folder, options.runId(), System.err))
              : Optional.empty();
      try {
        if (continuous) {
          awaitLocalLanding(plan, landing);
        }
        return run(plan, options, settings, stores);
      } finally {
        held.ifPresent(RunLock::close);
      }
    }

    private int run(
        List<DatasetSpec> plan,
        RunOptions options,
        PipelineSettings settings,
        Function<SparkSession, TableStore> stores) {
      System.err.println("run " + options.runId() + " plan: " + describe(plan, options));

      SparkSession spark = SparkSessions.activeOrLocal("clickflow-pipeline");
      // Never the server's address: a Connect URL may carry a token.
      System.err.println(
          "spark "
              + spark.version()
              + (SparkSessions.isClassic(spark) ? ", in this process" : ", through Spark Connect"));
      TableStore store = stores.apply(spark);
      PipelineRunner runner =
          new PipelineRunner(
              new PipelineContext(spark, store, settings, Clock.systemUTC()),
              ClickstreamPipeline.definitions(),
              ClickstreamPipeline.EXTERNAL_SOURCES,
              new EventLogWriter(spark, store),
              System.err);
      CountDownLatch done = new CountDownLatch(1);
      if (continuous) {
        stopOnShutdown(runner, done);
      }
      try {
        printSummary(System.out, store, plan, runner.run(options));
        return 0;
      } catch (FlowFailedException e) {
        System.err.println("clickflow pipeline: " + e.getMessage());
        return 1;
      } finally {
        done.countDown();
      }
    }

    /**
     * The pepper from a Databricks secret when one is named, else from the environment. Only
     * datasets that hash PII need it; bronze-only or gold-only runs do not.
     */
    private static Pseudonymiser pseudonymiser(
        List<DatasetSpec> plan, String secretScope, String secretKey) {
      if (secretScope != null || secretKey != null) {
        return DatabricksSecretPepper.read(secretScope, secretKey);
      }
      String pepper = System.getenv(Pseudonymiser.PEPPER_ENV);
      if (pepper != null && !pepper.isBlank()) {
        return new Pseudonymiser(pepper);
      }
      if (plan.stream().anyMatch(d -> "pseudonymised".equals(d.properties().get("pii")))) {
        throw new IllegalArgumentException(
            Pseudonymiser.PEPPER_ENV
                + " is not set: silver_events pseudonymises PII with it; export a random secret of"
                + " 16+ characters (never commit it)");
      }
      return null;
    }

    /**
     * SIGINT/SIGTERM stop the streams between batches and let the summary print. The hook runs in
     * Hadoop's hook manager ahead of Spark's own (which stops the SparkContext), so the session is
     * still there while the run winds down.
     */
    private static void stopOnShutdown(PipelineRunner runner, CountDownLatch done) {
      org.apache.hadoop.util.ShutdownHookManager.get()
          .addShutdownHook(
              () -> {
                runner.requestStop();
                try {
                  // Returns at once when the run has already finished (a normal exit).
                  done.await(90, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              SHUTDOWN_PRIORITY,
              100,
              TimeUnit.SECONDS);
    }

    /** Above Spark's SparkContext hook (50) and the file systems' (10): runs before both. */
    private static final int SHUTDOWN_PRIORITY = 100;

    /** Whether the tables are named in a catalog rather than kept under --lakehouse. */
    private boolean inCatalog() {
      return catalog != null || schema != null;
    }

    /** Checks the table options before Spark starts; the store itself needs the session. */
    private Function<SparkSession, TableStore> stores() {
      if (inCatalog()) {
        return spark -> new CatalogTableStore(spark, catalog, schema, checkpoints);
      }
      if (lakehouse == null) {
        throw new IllegalArgumentException(
            "give --lakehouse DIR, or --catalog, --schema and --checkpoints");
      }
      LakehouseLayout layout = new LakehouseLayout(lakehouse);
      return spark -> new DeltaPathTableStore(spark, layout);
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = "Print the datasets a run would update, in order, with kinds, tags and reads.")
  static final class Plan implements Callable<Integer> {

    @CommandLine.Mixin Selection selection = new Selection();

    @Override
    public Integer call() {
      RunOptions options = selection.options(false, Duration.ofSeconds(5));
      List<DatasetSpec> plan = selection.plan(options);
      for (DatasetSpec s : plan) {
        System.out.printf(
            "%-24s %-18s tags=%s reads=%s expectations=%d%s%n",
            s.name(),
            s.kind(),
            s.tags().stream().sorted().toList(),
            s.reads().stream().sorted().toList(),
            s.expectations().size(),
            options.fullRefresh().contains(s.name()) ? " FULL REFRESH" : "");
      }
      return 0;
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = {
        "Measure ingest throughput on existing landing files against a baseline in the same run.",
        "",
        "The baseline is a plain spark.read().json() with the Bronze schema over the same files."
            + " Then the pipeline runs Bronze, Bronze + Silver, and every dataset, each into a"
            + " fresh lakehouse under --work. A random pepper is used; nothing is kept.",
      },
      footer = {
        "",
        "Example:",
        "  clickflow produce --sink local:/tmp/bench/landing --events 1000000 --seed 1",
        "  clickflow pipeline bench --landing /tmp/bench/landing --work /tmp/bench/work"
      })
  static final class Bench implements Callable<Integer> {

    @Option(names = "--landing", required = true, description = "Landing folder to read.")
    String landing;

    @Option(
        names = "--work",
        required = true,
        description = "Scratch folder for the benchmark's lakehouses.")
    String work;

    @Option(
        names = "--increment",
        paramLabel = "DIR",
        description =
            "Landing files to add after the run of every dataset, then run again on the same"
                + " lakehouse and time that run too (cost of a scheduled run on top of history)."
                + " Repeat to add several folders, one run each, in order.")
    List<String> increments = new ArrayList<>();

    @Option(
        names = "--stage",
        paramLabel = "TEXT",
        description = "Run only the stages whose name contains one of these texts. Default: all.")
    List<String> stages = new ArrayList<>();

    @Override
    public Integer call() {
      byte[] pepper = new byte[24];
      new java.security.SecureRandom().nextBytes(pepper);
      SparkSession spark = SparkSessions.activeOrLocal("clickflow-bench");
      List<IngestBenchmark.Result> results =
          new IngestBenchmark(
                  spark,
                  landing,
                  work,
                  new Pseudonymiser(java.util.HexFormat.of().formatHex(pepper)),
                  System.err,
                  stage -> stages.isEmpty() || stages.stream().anyMatch(stage::contains),
                  increments)
              .run();
      System.out.println("| stage | events | seconds | events/s |");
      System.out.println("|---|---:|---:|---:|");
      for (IngestBenchmark.Result r : results) {
        System.out.printf(
            "| %s | %d | %.1f | %.0f |%n", r.stage(), r.events(), r.seconds(), r.eventsPerSecond());
      }
      return 0;
    }
  }

  @Command(
      name = "latency",
      mixinStandardHelpOptions = true,
      description = {
        "Report end-to-end latency per event: the commit time of the append that wrote each row"
            + " of a table, minus the event's event_time.",
        "",
        "Reads the table's Delta log and data files; run it after or during a continuous run.",
      },
      footer = {
        "",
        "Example:",
        "  clickflow pipeline latency --lakehouse ./lakehouse --table fact_events --skip 60s"
      })
  static final class Latency implements Callable<Integer> {

    @Option(
        names = "--lakehouse",
        required = true,
        paramLabel = "DIR|URI",
        description = "Root of the local lakehouse the pipeline writes.")
    String lakehouse;

    @Option(
        names = "--table",
        description = "Table to measure; it needs an event_time column. Default: fact_events.")
    String table = "fact_events";

    @Option(
        names = "--skip",
        paramLabel = "DURATION",
        description =
            "Ignore appends in the first part of the run (start-up, first backlog). Default: 0s.")
    String skip = "0s";

    @Override
    public Integer call() {
      String path = new LakehouseLayout(lakehouse).table(table);
      Duration skipped = Durations.parse(skip);
      CommitLatency.requireTable(path);
      SparkSession spark = SparkSessions.activeOrLocal("clickflow-latency");
      CommitLatency.Report r = CommitLatency.measure(spark, path, skipped);
      System.out.printf(
          "%s: %d events, latency p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s%n",
          table, r.events(), r.p50(), r.p95(), r.p99(), r.max());
      return 0;
    }
  }

  static String describe(List<DatasetSpec> plan, RunOptions options) {
    StringBuilder text = new StringBuilder();
    for (DatasetSpec s : plan) {
      if (!text.isEmpty()) {
        text.append(" -> ");
      }
      text.append(s.name());
      if (options.fullRefresh().contains(s.name())) {
        text.append(" (full refresh)");
      }
    }
    return text.toString();
  }

  static void printSummary(
      PrintStream out, TableStore store, List<DatasetSpec> plan, List<FlowProgressRecord> records) {
    out.println();
    // What each flow took in this run: for dim_user the events it applied, not its versions.
    out.printf("%-28s %12s %12s%n", "table", "rows", "processed");
    List<String> tables = new ArrayList<>(plan.stream().map(DatasetSpec::name).toList());
    if (tables.contains(SilverEvents.NAME)) {
      tables.add(tables.indexOf(SilverEvents.NAME) + 1, SilverEvents.QUARANTINE);
    }
    tables.add(EventLog.TABLE);
    for (String table : tables) {
      long processed =
          records.stream()
              .filter(r -> r.dataset().equals(table))
              .mapToLong(r -> r.outcome().inputRows())
              .sum();
      long rows = store.exists(table) ? store.read(table).count() : 0;
      out.printf("%-28s %12d %12s%n", table, rows, processed == 0 ? "" : processed);
    }
    Map<String, ExpectationResult> totals = new LinkedHashMap<>();
    for (FlowProgressRecord r : records) {
      for (ExpectationResult e : r.outcome().expectations()) {
        totals.merge(e.dataset() + "." + e.name(), e, ExpectationResult::plus);
      }
    }
    if (!totals.isEmpty()) {
      out.println();
      out.printf("%-44s %-6s %10s %10s%n", "expectation", "action", "passed", "failed");
      totals.forEach(
          (name, e) ->
              out.printf("%-44s %-6s %10d %10d%n", name, e.action(), e.passed(), e.failed()));
    }
    long late = records.stream().mapToLong(FlowProgressRecord::lateRecords).sum();
    long rescued = records.stream().mapToLong(r -> r.outcome().rescuedRecords()).sum();
    long corrupt = records.stream().mapToLong(r -> r.outcome().corruptRecords()).sum();
    long empty = records.stream().mapToLong(r -> r.outcome().emptyLines()).sum();
    out.printf(
        "%nrescued %d, corrupt %d, empty lines skipped %d, late (behind watermark) %d%n",
        rescued, corrupt, empty, late);
  }
}
