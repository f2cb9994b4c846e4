package io.clickflow.monitoring;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.monitoring.databricks.DatabricksSources;
import io.clickflow.monitoring.databricks.DatabricksTarget;
import io.delta.kernel.engine.Engine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clickflow monitor}: the Prometheus exporter for the pipeline's event log. */
@Command(
    name = "monitor",
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "%nNAME%n",
    header = "monitor - export the clickflow pipeline's event log as Prometheus metrics",
    synopsisHeading = "%nSYNOPSIS%n",
    descriptionHeading = "%nDESCRIPTION%n",
    description = {
      "Reads the pipeline's event log and serves /metrics in the Prometheus text format and"
          + " /healthz. With --source local (the default) the event log is the Delta table"
          + " <lakehouse>/tables/"
          + EventLog.TABLE
          + ", read with Delta Kernel (no Spark). With --source databricks it is the table"
          + " <catalog>.<schema>."
          + EventLog.TABLE
          + ", read on a SQL warehouse through the Statement Execution API, and the pipeline"
          + " job's runs come from the Jobs API.",
      "",
      "Counters are totals over the whole append-only event log, so they do not reset when the"
          + " exporter restarts. The log is re-read every --refresh-interval in the background,"
          + " which costs only what was added since the last read; a scrape serves the values of"
          + " the last read and never waits for storage.",
      "",
      "Each dataset's table tells its layer (the table property quality: bronze, silver or"
          + " gold) for clickflow_dataset_info, and whether it has a quarantine table"
          + " <dataset>_quarantine for clickflow_quarantined_records_total. Gold batches feed"
          + " clickflow_end_to_end_latency_seconds: commit time minus the newest event time the"
          + " batch wrote.",
      "",
      "With --source databricks, the job's newest finished run sets"
          + " clickflow_pipeline_last_run_state and clickflow_pipeline_last_run_duration_seconds,"
          + " and its newest successful run counts for"
          + " clickflow_pipeline_last_success_timestamp_seconds. Authentication is the"
          + " Databricks SDK's unified authentication: DATABRICKS_HOST with, for a service"
          + " principal, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, or a profile of"
          + " ~/.databrickscfg chosen with --profile; no option takes a token. The identity needs"
          + " CAN USE on the warehouse, SELECT on the schema's tables and CAN VIEW on the job."
          + " While the log is unchanged a refresh runs one statement, and a warehouse that gets"
          + " statements more often than its auto-stop time keeps running: pick"
          + " --refresh-interval with that cost in mind.",
      "",
      "An event log that does not exist yet is not an error: the exporter serves"
          + " clickflow_exporter_up 1 and no pipeline series until the pipeline's first batch."
          + " A failed read of the log or of the job's runs keeps the last values, sets"
          + " clickflow_exporter_up to 0 and counts clickflow_exporter_errors_total.",
      "",
      "Runs until interrupted (Ctrl-C or SIGTERM)."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "0:served until interrupted, or --once printed the metrics",
      "1:the event log or the job's runs could not be read (--once), Databricks is not"
          + " configured, or the port could not be bound",
      "2:invalid command line"
    },
    footerHeading = "%nEXAMPLES%n",
    footer = {
      "  Serve the local demo lakehouse on the default port:",
      "    clickflow monitor --lakehouse ./lakehouse",
      "",
      "  Listen on all interfaces, e.g. inside a container:",
      "    clickflow monitor --lakehouse /data/lakehouse --bind 0.0.0.0",
      "",
      "  Print the metrics once and exit, for scripts:",
      "    clickflow monitor --lakehouse ./lakehouse --once",
      "",
      "  Serve the bundle's prod deployment, signed in through a profile:",
      "    clickflow monitor --source databricks --warehouse-id \"$WAREHOUSE_ID\" \\",
      "      --catalog clickflow_prod --schema clickstream --profile prod",
      "",
      "  Serve a dev deployment, whose job name carries the deploying user's prefix:",
      "    clickflow monitor --source databricks --warehouse-id \"$WAREHOUSE_ID\" \\",
      "      --catalog clickflow_dev --schema clickstream \\",
      "      --databricks-job-name \"[dev jane_doe] clickflow_pipeline\"",
      ""
    })
public final class MonitorCli implements Callable<Integer> {

  /** Below this, a background loop would mostly re-read an unchanged log. */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(100);

  static final Duration LOCAL_REFRESH_INTERVAL = Duration.ofSeconds(5);

  /** Each refresh runs statements on a warehouse, which costs while it runs. */
  static final Duration DATABRICKS_REFRESH_INTERVAL = Duration.ofMinutes(1);

  static final String LOCAL = "local";
  static final String DATABRICKS = "databricks";

  @Spec private CommandSpec spec;

  @Option(
      names = "--source",
      paramLabel = "<source>",
      defaultValue = LOCAL,
      description =
          "Where the event log lives: local (a lakehouse directory) or databricks (Unity Catalog"
              + " tables read on a SQL warehouse). Default: ${DEFAULT-VALUE}.")
  private String source;

  @Option(
      names = "--lakehouse",
      paramLabel = "<dir>",
      description =
          "With --source local (required): lakehouse root directory or Hadoop URI; the event log"
              + " is <dir>/tables/event_log.")
  private String lakehouse;

  @Option(
      names = "--warehouse-id",
      paramLabel = "<id>",
      description = "With --source databricks (required): the SQL warehouse that runs the reads.")
  private String warehouseId;

  @Option(
      names = "--catalog",
      paramLabel = "<name>",
      description =
          "With --source databricks (required): Unity Catalog catalog of the pipeline's tables.")
  private String catalog;

  @Option(
      names = "--schema",
      paramLabel = "<name>",
      description =
          "With --source databricks (required): schema of the pipeline's tables and event log.")
  private String schema;

  @Option(
      names = "--databricks-job-name",
      paramLabel = "<name>",
      description =
          "With --source databricks: the pipeline's job, by its exact name. Default: "
              + DatabricksTarget.BUNDLE_JOB_NAME
              + ", as the bundle's prod target deploys it; the dev target prefixes it with"
              + " '[dev <user>] '.")
  private String jobName;

  @Option(
      names = "--databricks-job-id",
      paramLabel = "<id>",
      description =
          "With --source databricks: the pipeline's job, by id, instead of"
              + " --databricks-job-name.")
  private Long jobId;

  @Option(
      names = {"-p", "--profile"},
      paramLabel = "<name>",
      description =
          "With --source databricks: profile in the Databricks config file (~/.databrickscfg)."
              + " Default: the SDK's choice (DATABRICKS_CONFIG_PROFILE, the DATABRICKS_*"
              + " environment, then DEFAULT).")
  private String profile;

  @Option(
      names = "--port",
      paramLabel = "<port>",
      defaultValue = "9464",
      description =
          "TCP port for /metrics and /healthz; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(
      names = "--bind",
      paramLabel = "<address>",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (local only).")
  private String bind;

  @Option(
      names = "--refresh-interval",
      paramLabel = "<duration>",
      converter = DurationConverter.class,
      description =
          "Re-read the event log this often, e.g. 500ms, 5s, 1m; at least 100ms."
              + " Default: 5s, or 1m with --source databricks.")
  private Duration refreshInterval;

  @Option(
      names = "--once",
      description = "Read the event log once, print the metrics to stdout and exit.")
  private boolean once;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  private final Function<String, EventLogSource> sources;
  private final Function<LakehouseLayout, DatasetCatalog> catalogs;
  private final Function<DatabricksTarget, DatabricksSources> databricks;
  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopRequested;

  /**
   * @param sources opens the event log at a table path; tests substitute a fake
   */
  MonitorCli(Function<String, EventLogSource> sources, Clock clock) {
    this(sources, layout -> DatasetCatalog.NONE, clock);
  }

  /**
   * @param sources opens the event log at a table path; tests substitute a fake
   * @param catalogs opens the lakehouse's dataset tables, for layers and quarantines
   */
  MonitorCli(
      Function<String, EventLogSource> sources,
      Function<LakehouseLayout, DatasetCatalog> catalogs,
      Clock clock) {
    this(sources, catalogs, target -> DatabricksSources.connect(target, clock), clock);
  }

  /**
   * @param sources opens the event log at a table path; tests substitute a fake
   * @param catalogs opens the lakehouse's dataset tables, for layers and quarantines
   * @param databricks connects to a workspace for {@code --source databricks}; tests point the SDK
   *     at a local server
   */
  MonitorCli(
      Function<String, EventLogSource> sources,
      Function<LakehouseLayout, DatasetCatalog> catalogs,
      Function<DatabricksTarget, DatabricksSources> databricks,
      Clock clock) {
    this.sources = sources;
    this.catalogs = catalogs;
    this.databricks = databricks;
    this.clock = clock;
  }

  /**
   * The exporter as users run it: a local event log and dataset tables through Delta Kernel, or
   * Databricks through the SDK.
   */
  static MonitorCli withDeltaKernel(Clock clock) {
    Engine engine = DeltaKernelEventLogSource.defaultEngine();
    return new MonitorCli(
        path -> new DeltaKernelEventLogSource(engine, path),
        layout -> new DeltaKernelDatasetCatalog(engine, layout),
        clock);
  }

  public static void main(String[] args) {
    MonitorCli cli = withDeltaKernel(Clock.systemUTC());
    int exitCode = commandLine(cli).execute(args);
    // After a signal the JVM is already exiting; System.exit would block behind the shutdown hook.
    if (!cli.stopRequested) {
      System.exit(exitCode);
    }
  }

  static CommandLine commandLine(MonitorCli cli) {
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("monitor: " + e.getMessage() + " (see --help)");
          return CommandLine.ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("monitor: " + e.getMessage());
          return CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine;
  }

  @Override
  public Integer call() throws IOException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
    }
    boolean onDatabricks = checkSource();
    Duration interval = refreshInterval;
    if (interval == null) {
      interval = onDatabricks ? DATABRICKS_REFRESH_INTERVAL : LOCAL_REFRESH_INTERVAL;
    }
    if (interval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--refresh-interval must be at least 100ms, got " + interval.toMillis() + "ms");
    }
    InetAddress address = resolve(bind);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    MetricsRefresher refresher;
    if (onDatabricks) {
      DatabricksSources workspace = databricks.apply(databricksTarget());
      refresher =
          new MetricsRefresher(
              workspace.eventLog(),
              workspace.catalog(),
              workspace.runs(),
              metrics,
              clock,
              interval);
    } else {
      LakehouseLayout layout = new LakehouseLayout(absoluteIfLocal(lakehouse));
      refresher =
          new MetricsRefresher(
              sources.apply(layout.table(EventLog.TABLE)),
              catalogs.apply(layout),
              metrics,
              clock,
              interval);
    }
    return once ? printOnce(refresher, registry) : serve(address, refresher, registry);
  }

  /** Checks that the options fit the source; true for Databricks. */
  private boolean checkSource() {
    switch (source) {
      case LOCAL -> {
        if (lakehouse == null) {
          throw usage("--lakehouse is required with --source local");
        }
        if (lakehouse.isBlank()) {
          throw usage("--lakehouse must not be blank");
        }
        List<String> databricksOnly = givenDatabricksOptions();
        if (!databricksOnly.isEmpty()) {
          throw usage(databricksOnly.get(0) + " needs --source databricks");
        }
        return false;
      }
      case DATABRICKS -> {
        if (lakehouse != null) {
          throw usage(
              "--lakehouse needs --source local; Databricks tables are in --catalog/--schema");
        }
        requireGiven(warehouseId, "--warehouse-id");
        requireGiven(catalog, "--catalog");
        requireGiven(schema, "--schema");
        if (jobName != null && jobId != null) {
          throw usage("give --databricks-job-name or --databricks-job-id, not both");
        }
        if (jobName != null && jobName.isBlank()) {
          throw usage("--databricks-job-name must not be blank");
        }
        if (jobId != null && jobId <= 0) {
          throw usage("--databricks-job-id must be positive, got " + jobId);
        }
        if (profile != null && profile.isBlank()) {
          throw usage("--profile must not be blank");
        }
        return true;
      }
      default -> throw usage("--source must be local or databricks, got '" + source + "'");
    }
  }

  private DatabricksTarget databricksTarget() {
    Optional<String> chosenProfile = Optional.ofNullable(profile);
    return jobId != null
        ? DatabricksTarget.byJobId(warehouseId, catalog, schema, jobId, chosenProfile)
        : DatabricksTarget.byJobName(
            warehouseId,
            catalog,
            schema,
            jobName == null ? DatabricksTarget.BUNDLE_JOB_NAME : jobName,
            chosenProfile);
  }

  private List<String> givenDatabricksOptions() {
    List<String> given = new ArrayList<>();
    if (warehouseId != null) {
      given.add("--warehouse-id");
    }
    if (catalog != null) {
      given.add("--catalog");
    }
    if (schema != null) {
      given.add("--schema");
    }
    if (jobName != null) {
      given.add("--databricks-job-name");
    }
    if (jobId != null) {
      given.add("--databricks-job-id");
    }
    if (profile != null) {
      given.add("--profile");
    }
    return given;
  }

  private void requireGiven(String value, String option) {
    if (value == null) {
      throw usage(option + " is required with --source databricks");
    }
    if (value.isBlank()) {
      throw usage(option + " must not be blank");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private int printOnce(MetricsRefresher refresher, PrometheusMeterRegistry registry) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      refresher.refreshNow();
      out.print(registry.scrape());
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (EventLogReadException | PipelineRunReadException e) {
      out.print(registry.scrape());
      out.flush();
      spec.commandLine().getErr().println("monitor: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  private int serve(
      InetAddress address, MetricsRefresher refresher, PrometheusMeterRegistry registry)
      throws IOException {
    // The first scrape already has values, and a broken event log shows at once in the log.
    refresher.refreshIfDue();
    ExporterServer server;
    try {
      server = ExporterServer.start(new InetSocketAddress(address, port), registry);
    } catch (IOException e) {
      throw new IOException("listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    AutoCloseable background = refresher.refreshInBackground();
    Runnable stop =
        () -> {
          server.close();
          closeQuietly(background);
        };
    Thread shutdownHook =
        new Thread(
            () -> {
              stopRequested = true;
              stop.run();
              stopped.countDown();
            },
            "monitor-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("serving " + server.metricsUri());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Embedded use (tests, a launcher thread): stop as if signalled, without leaking the hook.
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      stop.run();
      Thread.currentThread().interrupt();
    }
    return CommandLine.ExitCode.OK;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Stopping: the refresh thread is a daemon and dies with the JVM anyway.
    }
  }

  /** Messages then name the directory actually read, whatever the working directory was. */
  private static String absoluteIfLocal(String root) {
    boolean plainPath = new LakehouseLayout(root).isLocal() && !root.startsWith("file:");
    return plainPath ? Path.of(root).toAbsolutePath().normalize().toString() : root;
  }

  private InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(), "--bind " + host + " is not a known address");
    }
  }
}
