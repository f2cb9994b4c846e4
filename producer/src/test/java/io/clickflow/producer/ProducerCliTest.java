package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.event.TrafficShape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ProducerCliTest {

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine command = ProducerCli.commandLine(TestClocks.fixed());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  private static ProducerConfig configFor(String... args) {
    CommandLine command = ProducerCli.commandLine(TestClocks.fixed());
    command.parseArgs(args);
    return command.<ProducerCli>getCommand().toConfig();
  }

  @Test
  void producesFilesAndPrintsASummary() throws Exception {
    Path landing = temp.resolve("landing");
    int exit = execute("--sink", "local:" + landing, "--events", "1200", "--duplicate-rate", "0.1");

    assertThat(exit).isZero();
    assertThat(landing.resolve(TestClocks.HOUR_FOLDER + "p1-000001.json")).isRegularFile();
    assertThat(out.toString())
        .contains("sink                   local:" + landing.toAbsolutePath())
        .containsPattern("events +1200\\R")
        .containsPattern("files +1\\R")
        .containsPattern("faults.duplicate +\\d+\\R")
        .containsPattern("faults.malformed +0\\R");
    assertThat(err.toString().lines())
        .hasSize(10)
        .first()
        .isEqualTo("produce: 120/1200 events (10%), 0 files published");
    assertThat(err.toString().lines())
        .last()
        .asString()
        .contains("1200/1200 events (100%), 1 files");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--events -1                    | events must be at least 1",
        "--events 0                     | events must be at least 1",
        "--events lots                  | Invalid value for option '--events'",
        "--users 0                      | users must be at least 1",
        "--malformed-rate 1.5           | malformed rate must be in [0, 1]",
        "--duplicate-rate -0.1          | duplicate rate must be in [0, 1]",
        "--late-delay soon              | 'soon' is not a duration",
        "--late-delay 0s                | late delay must be positive",
        "--time-span 0s                 | time span must be at least 1s",
        "--producer-id Edge_1           | producer id must match [a-z0-9-]+",
        "--max-events-per-file 0        | max events per file must be at least 1",
        "--metrics-port 70000           | metrics port must be in [0, 65535]",
        "--rate 0                       | rate must be above 0 events/s",
        "--rate -5                      | rate must be above 0 events/s",
        "--duration 0s                  | duration must be at least 1ms",
        "--producers 0                  | producers must be at least 1",
        "--producer-id a,b --producers 2 | --producers numbers a single --producer-id",
        "--producer-id a,a              | producer id 'a' is given twice",
        "--events 2 --producers 3       | events (2) must be at least the number of producers (3)",
        "--max-file-age 0s              | max file age must be at least 1ms",
        "--max-pending-files 0          | max pending files must be at least 1",
        "--shutdown-grace 0s            | shutdown grace must be positive",
        "--no-such-option               | Unknown option: '--no-such-option'",
      })
  void badInputExitsWithTwoAndOneLine(String option, String message) {
    String[] args = ("--sink local:" + temp + " " + option).split(" ");
    assertThat(execute(args)).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("produce: ")
        .contains(message);
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://bucket/landing         | unknown sink scheme 's3'",
        "abfss://landing@acct.dfs.core.windows.net | adls://<account>/<filesystem>[/<prefix>]",
        "landing                     | has no scheme",
      })
  void unsupportedSinksExitWithTwo(String sink, String message) {
    assertThat(execute("--sink", sink)).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().contains(message);
  }

  @Test
  void aMissingSinkExitsWithTwo() {
    assertThat(execute("--events", "10")).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("Missing required option: '--sink=<scheme:location>'");
  }

  @Test
  void aRuntimeFailureExitsWithOneAndNamesTheActionAndPlace() throws Exception {
    Path notADirectory = Files.writeString(temp.resolve("landing"), "a file");
    assertThat(execute("--sink", "local:" + notADirectory, "--events", "5")).isEqualTo(1);
    assertThat(err.toString().lines())
        .last()
        .asString()
        .startsWith(
            "produce: publish "
                + TestClocks.HOUR_FOLDER
                + "p1-000001.json to local:"
                + notADirectory);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpReadsLikeAManPage() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString())
        .contains("Usage:", "Description:", "Options:", "Exit codes:", "Examples:")
        .contains("--sink=<scheme:location>", "--late-delay=<duration>", "--metrics-port=<port>")
        .contains(
            "--rate=<events/s>",
            "--duration=<duration>",
            "--producers=<k>",
            "--producer-id=<id>",
            "--max-file-age=<duration>",
            "--max-pending-files=<n>",
            "--progress-interval=<duration>",
            "--shutdown-grace=<duration>",
            "--bench")
        .contains("SIGINT or SIGTERM", "clickflow produce --sink local:./landing --rate 200")
        .contains("clickflow produce --sink local:./landing");
  }

  @Test
  void optionDefaultsAreTheConfigDefaults() {
    assertThat(configFor("--sink", "local:x")).isEqualTo(ProducerConfig.defaults());
  }

  @Test
  void everyOptionMapsOntoTheConfig() {
    ProducerConfig config =
        configFor(
            "--sink=local:x",
            "--events=777",
            "--seed=9",
            "--users=33",
            "--time-span=90m",
            "--producer-id=edge-2",
            "--max-events-per-file=100",
            "--max-bytes-per-file=65536",
            "--gzip",
            "--malformed-rate=0.1",
            "--unknown-field-rate=0.2",
            "--type-mismatch-rate=0.3",
            "--case-mismatch-rate=0.4",
            "--late-rate=0.5",
            "--late-delay=PT2H",
            "--duplicate-rate=0.6",
            "--rate=12.5",
            "--duration=15m",
            "--max-file-age=5s",
            "--max-pending-files=7");

    assertThat(config)
        .isEqualTo(
            new ProducerConfig(
                new TrafficShape(777, 33, Duration.ofMinutes(90)),
                9,
                List.of("edge-2"),
                new BatchLimits(100, 65_536, Duration.ofSeconds(5)),
                true,
                new FaultRates(0.1, 0.2, 0.3, 0.4, 0.5, Duration.ofHours(2), 0.6),
                new Pacing(12.5, Duration.ofMinutes(15)),
                7));
  }

  @Test
  void producersNumberTheIdOrAListNamesThem() {
    assertThat(configFor("--sink=local:x", "--producers=3", "--producer-id=web").producerIds())
        .containsExactly("web-1", "web-2", "web-3");
    assertThat(configFor("--sink=local:x", "--producer-id=a,b").producerIds())
        .containsExactly("a", "b");
    assertThat(configFor("--sink=local:x", "--producers=2").producerIds())
        .containsExactly("p1-1", "p1-2");
  }

  @Test
  void aRateOrADurationMakesALiveRunWithoutAnEventLimit() {
    ProducerConfig rate = configFor("--sink=local:x", "--rate=5");
    assertThat(rate.live()).isTrue();
    assertThat(rate.traffic().events()).isEqualTo(ProducerConfig.UNLIMITED_EVENTS);
    assertThat(rate.traffic().users()).isEqualTo(ProducerConfig.DEFAULT_STREAM_USERS);
    ProducerConfig duration = configFor("--sink=local:x", "--duration=1h", "--events=500");
    assertThat(duration.live()).isTrue();
    assertThat(duration.traffic().events()).isEqualTo(500);
    assertThat(configFor("--sink=local:x").live()).isFalse();
  }

  @Test
  void aLiveRunPrintsALineAfterPublishedFilesThatCountsOnlyPublishedEvents() {
    ManualClock clock = new ManualClock(TestClocks.NOW);
    CommandLine command = ProducerCli.commandLine(clock, clock);
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit =
        command.execute(
            "--sink=local:" + temp.resolve("landing"),
            "--rate=100",
            "--events=300",
            "--max-events-per-file=100",
            "--progress-interval=0s");

    assertThat(exit).isZero();
    assertThat(err.toString().lines())
        .hasSize(3)
        .allMatch(
            line ->
                line.matches(
                    "produce: published \\d+ events in \\d files; \\d+ generated, 0 retries, 0"
                        + " errors"));
    assertThat(err.toString().lines())
        .first()
        .asString()
        .startsWith("produce: published 100 events in 1 files;");
    assertThat(err.toString().lines())
        .last()
        .asString()
        .isEqualTo("produce: published 300 events in 3 files; 300 generated, 0 retries, 0 errors");
    assertThat(out.toString()).containsPattern("events +300\\R").containsPattern("files +3\\R");
  }

  @Test
  void benchReportsTheRunAgainstPlainJackson() {
    assertThat(execute("--sink", "local:" + temp.resolve("landing"), "--events", "2000", "--bench"))
        .isZero();
    assertThat(out.toString())
        .containsPattern("bench.events +2000\\R")
        .containsPattern("bench.events_per_s +\\d+\\R")
        .containsPattern("bench.mb_per_s +[\\d.]+\\R")
        .containsPattern("bench.jackson_events +2000\\R")
        .containsPattern("bench.jackson_events_per_s +\\d+\\R")
        .containsPattern("bench.ratio +[\\d.]+\\R");
  }

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "90s, PT1M30S",
    "15m, PT15M",
    "6h, PT6H",
    "2d, PT48H",
    "pt1h30m, PT1H30M"
  })
  void durationsAcceptShortAndIsoForms(String text, Duration expected) {
    assertThat(new DurationConverter().convert(text)).isEqualTo(expected);
  }

  @Test
  void servesMetricsWhileRunningWhenAsked() {
    assertThat(
            execute(
                "--sink",
                "local:" + temp.resolve("landing"),
                "--events",
                "10",
                "--metrics-port",
                "0"))
        .isZero();
    assertThat(err.toString()).containsPattern("serving metrics at http://localhost:\\d+/metrics");
  }
}
