package io.clickflow.monitoring;

import io.clickflow.contract.EventLog;
import io.clickflow.contract.LakehouseLayout;
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
      "Reads the event log Delta table <lakehouse>/tables/"
          + EventLog.TABLE
          + " with Delta"
          + " Kernel (no Spark) and serves /metrics in the Prometheus text format and /healthz.",
      "",
      "Counters are totals over the whole append-only event log, so they do not reset when the"
          + " exporter restarts. The log is re-read every --refresh-interval in the background,"
          + " which costs only the data files added since the last read; a scrape serves the"
          + " values of the last read and never waits for storage.",
      "",
      "Each dataset's table <lakehouse>/tables/<dataset> tells its layer (the table property"
          + " quality: bronze, silver or gold) for clickflow_dataset_info, and whether it has a"
          + " quarantine table <dataset>_quarantine for clickflow_quarantined_records_total. Gold"
          + " batches feed clickflow_end_to_end_latency_seconds: commit time minus the newest"
          + " event time the batch wrote.",
      "",
      "An event log that does not exist yet is not an error: the exporter serves"
          + " clickflow_exporter_up 1 and no pipeline series until the pipeline's first batch."
          + " A failed read keeps the last values, sets clickflow_exporter_up to 0 and counts"
          + " clickflow_exporter_errors_total.",
      "",
      "Runs until interrupted (Ctrl-C or SIGTERM)."
    },
    optionListHeading = "%nOPTIONS%n",
    exitCodeListHeading = "%nEXIT STATUS%n",
    exitCodeList = {
      "0:served until interrupted, or --once printed the metrics",
      "1:the event log could not be read (--once), or the port could not be bound",
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
      ""
    })
public final class MonitorCli implements Callable<Integer> {

  /** Below this, a background loop would mostly re-read an unchanged log. */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(100);

  @Spec private CommandSpec spec;

  @Option(
      names = "--lakehouse",
      required = true,
      paramLabel = "<dir>",
      description =
          "Lakehouse root directory or Hadoop URI; the event log is <dir>/tables/event_log.")
  private String lakehouse;

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
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Re-read the event log this often, e.g. 500ms, 5s, 1m; at least 100ms."
              + " Default: ${DEFAULT-VALUE}.")
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
    this.sources = sources;
    this.catalogs = catalogs;
    this.clock = clock;
  }

  /** The exporter as users run it: the event log and the dataset tables through Delta Kernel. */
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
    if (refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--refresh-interval must be at least 100ms, got " + refreshInterval.toMillis() + "ms");
    }
    if (lakehouse.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--lakehouse must not be blank");
    }
    InetAddress address = resolve(bind);
    LakehouseLayout layout = new LakehouseLayout(absoluteIfLocal(lakehouse));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.bindTo(registry);
    MetricsRefresher refresher =
        new MetricsRefresher(
            sources.apply(layout.table(EventLog.TABLE)),
            catalogs.apply(layout),
            metrics,
            clock,
            refreshInterval);
    return once ? printOnce(refresher, registry) : serve(address, refresher, registry);
  }

  private int printOnce(MetricsRefresher refresher, PrometheusMeterRegistry registry) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      refresher.refreshNow();
      out.print(registry.scrape());
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (EventLogReadException e) {
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
