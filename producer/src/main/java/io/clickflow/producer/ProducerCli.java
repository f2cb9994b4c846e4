package io.clickflow.producer;

import io.clickflow.producer.event.TrafficShape;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.SinkFactory;
import io.clickflow.producer.sink.SinkSettings;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.retry.PublishRetryMetrics;
import io.clickflow.producer.time.Sleeper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clickflow produce}: writes simulated clickstream traffic as NDJSON landing files. */
@Command(
    name = "produce",
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "%n",
    header = "Write simulated clickstream events as landing files.",
    synopsisHeading = "%nUsage:%n  ",
    descriptionHeading = "%nDescription:%n",
    description = {
      "Generates realistic, deterministic e-commerce clickstream traffic and publishes it as"
          + " newline-delimited JSON files in the landing layout"
          + " <sink>/<yyyy>/<MM>/<dd>/<HH>/<producer-id>-<sequence>.json[.gz], where the hour is"
          + " the publish time. Each file becomes visible only when it is complete.",
      "",
      "Users come back across sessions; sessions follow the funnel page_view, product_view,"
          + " add_to_cart, checkout, purchase with drop-off at every step, mixed with searches,"
          + " clicks and scrolls. User attributes (plan, country, e-mail) drift between sessions.",
      "",
      "A batch run (the default: --events without --rate or --duration) backfills the"
          + " --time-span before now as fast as the sink allows; its event times are never in the"
          + " future, and the same --seed gives byte-identical files. A live run (--rate,"
          + " --duration, or neither limit) is an open-ended stream: each event_time is the"
          + " wall-clock time the event was generated, and files also roll on --max-file-age. Its"
          + " events are the same for the same seed whatever the rate, apart from their times.",
      "",
      "Several producers can share one sink. In one process, --producers or a list of"
          + " --producer-id values runs one generator per id, each with its own seed (derived from"
          + " --seed and the id), its own user population and its own file sequence; --events"
          + " and --rate are shared between them. Across processes or machines, give every"
          + " process its own --producer-id: the ids keep file names and user ids apart, and"
          + " processes with distinct ids write what one process with all of those ids would."
          + " Never run two processes with the same id against one sink.",
      "",
      "A bounded queue of --max-pending-files sits between generation and publishing: when"
          + " the sink is slow, generation waits, so memory stays at about (pending files +"
          + " producers + 1) x --max-bytes-per-file. SIGINT or SIGTERM stops generation, publishes"
          + " every file cut so far, prints the summary and exits 0. A killed process never leaves"
          + " a partial file visible: files are published atomically, and a run continues the"
          + " file sequence it finds in the sink.",
      "",
      "Faults can be injected on purpose to test a pipeline. A line carries at most one of"
          + " malformed, unknown field, type mismatch, case mismatch; late events are otherwise"
          + " valid; duplicates copy clean lines only. The summary on stdout counts every"
          + " injected fault.",
    },
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:All events were published, or the run was stopped by SIGINT or SIGTERM and"
          + " published every event it had generated.",
      "1:A runtime failure, e.g. a file could not be published.",
      "2:Invalid arguments."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  Ten thousand clean events into ./landing:",
      "    clickflow produce --sink local:./landing",
      "",
      "  A gzip run with 2%% malformed lines, 1%% duplicates and 5%% late events:",
      "    clickflow produce --sink local:./landing --events 100000 --gzip \\",
      "        --malformed-rate 0.02 --duplicate-rate 0.01 \\",
      "        --late-rate 0.05 --late-delay 2h",
      "",
      "  Serve Prometheus metrics while producing:",
      "    clickflow produce --sink local:./landing --events 1000000 \\",
      "        --metrics-port 9464",
      "",
      "  200 events/s from three producers until Ctrl-C, a file at least every 10s:",
      "    clickflow produce --sink local:./landing --rate 200 --producers 3 \\",
      "        --max-file-age 10s --metrics-port 9464",
      "",
      "  Two machines sharing a landing folder, for one hour each:",
      "    clickflow produce --sink adls://acct/landing --rate 500 --duration 1h \\",
      "        --producer-id web-a",
      "    clickflow produce --sink adls://acct/landing --rate 500 --duration 1h \\",
      "        --producer-id web-b",
      "",
      "  ADLS Gen2 as a user-assigned managed identity, at most 5 attempts per file:",
      "    clickflow produce --sink adls://acct/landing/events \\",
      "        --identity-client-id 00000000-0000-0000-0000-000000000000 --max-attempts 5",
      "",
      "  A local Azurite emulator on its default port, into the existing container landing:",
      "    clickflow produce --sink azurite:landing/events",
      "",
      "  Measure throughput against plain Jackson serialisation:",
      "    clickflow produce --sink local:/tmp/pbench --events 1000000 --bench",
    })
public final class ProducerCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--sink",
      required = true,
      paramLabel = "<scheme:location>",
      description = {
        "Where landing files go, one of:",
        "local:<dir> a local folder, created if missing;",
        "adls://<account>/<filesystem>[/<prefix>] ADLS Gen2: a temp path, then an atomic rename;",
        "blob://<account>/<container>[/<prefix>] the Blob API, for accounts without a"
            + " hierarchical namespace: staged blocks, then one commit;",
        "azurite:<container>[/<prefix>] the Blob API of a local Azurite emulator."
      })
  private String sink;

  @Mixin private SinkOptions sinkOptions;

  @Option(
      names = "--events",
      paramLabel = "<n>",
      description =
          "Number of distinct events to generate, shared by all producers. Default: 10000; no"
              + " limit in a run with --rate or --duration.")
  private Long events;

  @Option(
      names = "--rate",
      paramLabel = "<events/s>",
      description =
          "Pace the run at this many events per second, shared by all producers, e.g. 50 or"
              + " 0.5. Makes the run live. Without --events and --duration it runs until stopped."
              + " Default: as fast as the sink allows.")
  private Double rate;

  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      converter = DurationConverter.class,
      description =
          "Stop after this much wall-clock time, e.g. 90s, 15m or 2h; with --events, whichever"
              + " is reached first ends the run. Makes the run live. Default: no limit.")
  private Duration duration;

  @Option(
      names = "--seed",
      paramLabel = "<n>",
      defaultValue = "42",
      description =
          "Random seed. In a batch run the same seed, options and start time give"
              + " byte-identical files."
              + " Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(
      names = "--users",
      paramLabel = "<n>",
      description =
          "Size of each producer's user population. Default: one per 50 of its events, at"
              + " least 10; 10000 without an event limit.")
  private Integer users;

  @Option(
      names = "--time-span",
      paramLabel = "<duration>",
      defaultValue = "6h",
      converter = DurationConverter.class,
      description =
          "Simulated window of a batch run's event times, ending now, e.g. 90m, 6h, 2d or"
              + " PT6H. Default: ${DEFAULT-VALUE}.")
  private Duration timeSpan;

  @Option(
      names = "--producer-id",
      paramLabel = "<id>",
      split = ",",
      defaultValue = "p1",
      description =
          "Prefix of every file name, [a-z0-9-]+; a comma-separated list runs one producer per"
              + " id. Give producers that share a sink, in any process, distinct ids."
              + " Default: ${DEFAULT-VALUE}.")
  private List<String> producerIds;

  @Option(
      names = "--producers",
      paramLabel = "<k>",
      description =
          "Run k producers in this process, with the ids <id>-1 to <id>-k from a single"
              + " --producer-id. Default: one per --producer-id.")
  private Integer producers;

  @Option(
      names = "--max-events-per-file",
      paramLabel = "<n>",
      defaultValue = "5000",
      description = "Roll to a new file after this many lines. Default: ${DEFAULT-VALUE}.")
  private int maxEventsPerFile;

  @Option(
      names = "--max-bytes-per-file",
      paramLabel = "<bytes>",
      defaultValue = "8388608",
      description =
          "Roll to a new file before it exceeds this many uncompressed bytes."
              + " Default: ${DEFAULT-VALUE} (8 MiB).")
  private long maxBytesPerFile;

  @Option(
      names = "--max-file-age",
      paramLabel = "<duration>",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "In a live run, publish a file this long after its first line even if it is not full,"
              + " so a slow --rate still lands data. Default: ${DEFAULT-VALUE}.")
  private Duration maxFileAge;

  @Option(names = "--gzip", description = "Compress each file with gzip and name it .json.gz.")
  private boolean gzip;

  @Option(
      names = "--max-pending-files",
      paramLabel = "<n>",
      defaultValue = "4",
      description =
          "Files cut but not yet published that may wait in memory; when that many wait,"
              + " generation pauses until the sink catches up. Default: ${DEFAULT-VALUE}.")
  private int maxPendingFiles;

  @Option(
      names = "--malformed-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description = "Share of lines cut short so they are not JSON, 0 to 1. Default: 0.")
  private double malformedRate;

  @Option(
      names = "--unknown-field-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description =
          "Share of events with an extra key the contract does not define, at the top level or"
              + " nested. Default: 0.")
  private double unknownFieldRate;

  @Option(
      names = "--type-mismatch-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description =
          "Share of events with a number sent as a string (price, quantity, sequence,"
              + " schema_version). Default: 0.")
  private double typeMismatchRate;

  @Option(
      names = "--case-mismatch-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description = "Share of events with a key in other letter case, like Event_Type. Default: 0.")
  private double caseMismatchRate;

  @Option(
      names = "--late-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description =
          "Share of events whose event_time is moved --late-delay into the past. Default: 0.")
  private double lateRate;

  @Option(
      names = "--late-delay",
      paramLabel = "<duration>",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How late a late event is, e.g. 30m, 2h. Default: ${DEFAULT-VALUE}.")
  private Duration lateDelay;

  @Option(
      names = "--duplicate-rate",
      paramLabel = "<rate>",
      defaultValue = "0",
      description =
          "Share of events written twice, byte for byte, up to 20 lines apart. Default: 0.")
  private double duplicateRate;

  @Option(
      names = "--metrics-port",
      paramLabel = "<port>",
      description =
          "Serve Prometheus metrics on this port at /metrics while the run lasts;"
              + " 0 picks a free port. Default: off.")
  private Integer metricsPort;

  @Option(
      names = "--progress-interval",
      paramLabel = "<duration>",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "When stderr is not a terminal, the least time between two progress lines of a live"
              + " run; each line follows a published file and counts only published events."
              + " 0s prints one per file. On a terminal one line is updated every second."
              + " Default: ${DEFAULT-VALUE}.")
  private Duration progressInterval;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "<duration>",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "After SIGINT or SIGTERM, how long to wait for the files already cut to be published"
              + " before exiting with 1 anyway. Default: ${DEFAULT-VALUE}.")
  private Duration shutdownGrace;

  @Option(
      names = "--bench",
      description =
          "Report throughput after the run: events/s and MB/s (stored bytes, 10^6 per MB), and"
              + " the rate of plain Jackson serialisation of the same events to a null stream in"
              + " the same process, with their ratio.")
  private boolean bench;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  private final Clock clock;
  private final Sleeper sleeper;
  private final StopSignals stopSignals;

  ProducerCli(Clock clock, Sleeper sleeper, StopSignals stopSignals) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.stopSignals = stopSignals;
  }

  public static void main(String[] args) {
    JvmStopSignals stopSignals = new JvmStopSignals(Runtime.getRuntime(), System.err);
    int exitCode = commandLine(Clock.systemUTC(), Sleeper.SYSTEM, stopSignals).execute(args);
    stopSignals.completed(exitCode);
    System.exit(exitCode);
  }

  /** The command as tests run it: in their JVM, so never reacting to its signals. */
  static CommandLine commandLine(Clock clock) {
    return commandLine(clock, Sleeper.SYSTEM, StopSignals.NONE);
  }

  /** As tests run a paced command: on their clock, whose sleeper moves it. */
  static CommandLine commandLine(Clock clock, Sleeper sleeper) {
    return commandLine(clock, sleeper, StopSignals.NONE);
  }

  /** The command with its error handling, as {@link #main} runs it. */
  static CommandLine commandLine(Clock clock, Sleeper sleeper, StopSignals stopSignals) {
    CommandLine commandLine = new CommandLine(new ProducerCli(clock, sleeper, stopSignals));
    commandLine.setParameterExceptionHandler(
        (error, args) -> {
          CommandLine failed = error.getCommandLine();
          failed.getErr().println("produce: " + error.getMessage() + " (see produce --help)");
          failed.getErr().flush();
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (error, failed, parseResult) -> {
          failed.getErr().println("produce: " + oneLine(error));
          failed.getErr().flush();
          return failed.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
  }

  @Override
  public Integer call() throws Exception {
    ProducerConfig config = toConfig();
    SinkUri sinkUri = sinkUri();
    SinkSettings sinkSettings = sinkSettings(sinkUri);
    ProducerMetrics metrics = new ProducerMetrics();
    // One registry for every meter of the run: --metrics-port serves it, the progress line reads
    // the sink's retry counter from it.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.bindTo(registry);
    PublishRetryMetrics retryMetrics = new PublishRetryMetrics();
    retryMetrics.bindTo(registry);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (bench) {
      ProducerBench.warmUp(config, clock);
    }
    try (EventSink eventSink =
            SinkFactory.openWithRetries(sinkUri, sinkSettings, clock, retryMetrics);
        MetricsServer server = startMetrics(registry, err);
        ConsoleProgress progress = progress(config, metrics, registry, err)) {
      Producer producer = new Producer(config, eventSink, clock, sleeper, metrics, progress);
      stopSignals.onStop(producer::stop, shutdownGrace);
      progress.start();
      ProducerSummary summary = producer.run();
      out.print(summary.render(eventSink.describe()));
      if (bench) {
        out.print(
            ProducerBench.report(
                summary, ProducerBench.jacksonBaseline(config, summary.events(), clock.instant())));
      }
      out.flush();
    }
    return 0;
  }

  /** Maps the options onto a validated config; a rejected value becomes a usage error. */
  ProducerConfig toConfig() {
    try {
      if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
        throw new IllegalArgumentException(
            "metrics port must be in [0, 65535], got " + metricsPort);
      }
      if (rate != null && !(rate > 0)) {
        throw new IllegalArgumentException("rate must be above 0 events/s, got " + rate);
      }
      if (progressInterval.isNegative()) {
        throw new IllegalArgumentException(
            "progress interval must not be negative, got " + progressInterval);
      }
      if (shutdownGrace.isNegative() || shutdownGrace.isZero()) {
        throw new IllegalArgumentException("shutdown grace must be positive, got " + shutdownGrace);
      }
      List<String> ids = producerIds();
      boolean live = rate != null || duration != null;
      long total =
          events != null
              ? events
              : live ? ProducerConfig.UNLIMITED_EVENTS : ProducerConfig.DEFAULT_EVENTS;
      long perProducer =
          total == ProducerConfig.UNLIMITED_EVENTS ? total : Math.max(1, total / ids.size());
      TrafficShape traffic =
          new TrafficShape(
              total, users != null ? users : ProducerConfig.defaultUsers(perProducer), timeSpan);
      FaultRates faults =
          new FaultRates(
              malformedRate,
              unknownFieldRate,
              typeMismatchRate,
              caseMismatchRate,
              lateRate,
              lateDelay,
              duplicateRate);
      return new ProducerConfig(
          traffic,
          seed,
          ids,
          new BatchLimits(maxEventsPerFile, maxBytesPerFile, maxFileAge),
          gzip,
          faults,
          new Pacing(rate != null ? rate : 0, duration),
          maxPendingFiles);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The ids as given, or numbered from the one given when --producers asks for several. */
  private List<String> producerIds() {
    if (producers == null) {
      return producerIds;
    }
    if (producers < 1) {
      throw new IllegalArgumentException("producers must be at least 1, got " + producers);
    }
    if (producerIds.size() != 1) {
      throw new IllegalArgumentException(
          "--producers numbers a single --producer-id; got "
              + String.join(",", producerIds)
              + ", which already names "
              + producerIds.size()
              + " producers");
    }
    return IntStream.rangeClosed(1, producers).mapToObj(i -> producerIds.get(0) + "-" + i).toList();
  }

  private SinkUri sinkUri() {
    try {
      return SinkUri.parse(sink);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private SinkSettings sinkSettings(SinkUri uri) {
    try {
      return sinkOptions.settings(uri);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private MetricsServer startMetrics(PrometheusMeterRegistry registry, PrintWriter err)
      throws Exception {
    if (metricsPort == null) {
      return null;
    }
    MetricsServer server = MetricsServer.start(metricsPort, registry);
    err.println("produce: serving metrics at http://localhost:" + server.port() + "/metrics");
    err.flush();
    return server;
  }

  private ConsoleProgress progress(
      ProducerConfig config,
      ProducerMetrics metrics,
      PrometheusMeterRegistry registry,
      PrintWriter err) {
    return new ConsoleProgress(
        err,
        System.console() != null,
        config.live(),
        config.traffic().events(),
        progressInterval,
        clock,
        metrics,
        registry);
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
