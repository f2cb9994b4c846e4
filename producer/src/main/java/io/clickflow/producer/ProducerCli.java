package io.clickflow.producer;

import io.clickflow.producer.event.TrafficShape;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.SinkFactory;
import io.clickflow.producer.sink.SinkUri;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
          + " clicks and scrolls. User attributes (plan, country, e-mail) drift between sessions."
          + " Event times cover the --time-span before now, and are never in the future.",
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
      "0:All events were published.",
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
    })
public final class ProducerCli implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--sink",
      required = true,
      paramLabel = "<scheme:location>",
      description =
          "Where landing files go. local:<dir> writes below a directory (created if missing)."
              + " ADLS Gen2 and Blob sinks are planned.")
  private String sink;

  @Option(
      names = "--events",
      paramLabel = "<n>",
      defaultValue = "10000",
      description = "Number of distinct events to generate. Default: ${DEFAULT-VALUE}.")
  private long events;

  @Option(
      names = "--seed",
      paramLabel = "<n>",
      defaultValue = "42",
      description =
          "Random seed. The same seed, options and start time give byte-identical files."
              + " Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(
      names = "--users",
      paramLabel = "<n>",
      description = "Size of the user population. Default: one per 50 events, at least 10.")
  private Integer users;

  @Option(
      names = "--time-span",
      paramLabel = "<duration>",
      defaultValue = "6h",
      converter = DurationConverter.class,
      description =
          "Simulated window of event times, ending now, e.g. 90m, 6h, 2d or PT6H."
              + " Default: ${DEFAULT-VALUE}.")
  private Duration timeSpan;

  @Option(
      names = "--producer-id",
      paramLabel = "<id>",
      defaultValue = "p1",
      description =
          "Prefix of every file name, [a-z0-9-]+. Give producers that share a sink distinct ids."
              + " Default: ${DEFAULT-VALUE}.")
  private String producerId;

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

  @Option(names = "--gzip", description = "Compress each file with gzip and name it .json.gz.")
  private boolean gzip;

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
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  private final Clock clock;

  ProducerCli(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(commandLine(Clock.systemUTC()).execute(args));
  }

  /** The command with its error handling, as {@link #main} runs it; tests pass a fixed clock. */
  static CommandLine commandLine(Clock clock) {
    CommandLine commandLine = new CommandLine(new ProducerCli(clock));
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
    ProducerMetrics metrics = new ProducerMetrics();
    PrintWriter err = spec.commandLine().getErr();
    try (EventSink eventSink = SinkFactory.open(sinkUri);
        MetricsServer server = startMetrics(metrics, err)) {
      ProducerSummary summary =
          new Producer(config, eventSink, clock, metrics, progress(err)).run();
      PrintWriter out = spec.commandLine().getOut();
      out.print(summary.render(eventSink.describe()));
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
      TrafficShape traffic =
          new TrafficShape(
              events,
              users != null ? users : ProducerConfig.defaultUsers(Math.max(1, events)),
              timeSpan);
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
          producerId,
          new BatchLimits(maxEventsPerFile, maxBytesPerFile),
          gzip,
          faults);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private SinkUri sinkUri() {
    try {
      return SinkUri.parse(sink);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private MetricsServer startMetrics(ProducerMetrics metrics, PrintWriter err) throws Exception {
    if (metricsPort == null) {
      return null;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.bindTo(registry);
    MetricsServer server = MetricsServer.start(metricsPort, registry);
    err.println("produce: serving metrics at http://localhost:" + server.port() + "/metrics");
    err.flush();
    return server;
  }

  private static ProgressListener progress(PrintWriter err) {
    return (done, total, files) -> {
      err.printf(
          "produce: %d/%d events (%d%%), %d files published%n",
          done, total, done * 100 / total, files);
      err.flush();
    };
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      message = error.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
