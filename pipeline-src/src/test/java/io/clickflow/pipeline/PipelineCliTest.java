package io.clickflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.runtime.RunLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is refused with one line and exit code 2, before Spark starts. */
class PipelineCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "run --landing l --lakehouse h --once --continuous | exclude each other",
        "run --landing l --lakehouse h | CLICKFLOW_PII_PEPPER is not set",
        "run --landing no-such-folder --lakehouse h --tags bronze | landing folder no-such-folder"
            + " does not exist",
        "run --landing l --lakehouse h --tags platinum | unknown tags [platinum]",
        "run --landing l --lakehouse h --tags gold --full-refresh bronze_events | not among the selected",
        "run --landing l --tags gold | give --lakehouse DIR",
        "run --landing l --lakehouse h --tags gold --trigger soon | is not a duration",
        "run --lakehouse h | Missing required option: '--landing",
        "run --landing l --lakehouse h --tags gold --view-refresh often | is not a duration",
        "run --landing l --lakehouse h --tags silver --pepper-secret-scope s | --pepper-secret-key"
            + " must name the secret",
        "latency --lakehouse /nonexistent/lake | no Delta table at /nonexistent/lake/tables/fact_events",
        "latency --lakehouse /tmp --skip later | is not a duration"
      })
  void badInputExitsWithTwoAndOneLine(String args, String message) {
    int code = PipelineCli.execute(args.trim().split(" "));
    assertThat(code).as(err()).isEqualTo(2);
    assertThat(err()).contains(message);
  }

  @Test
  void planListsTheSelectionInDependencyOrderAndMarksFullRefresh() {
    int code = PipelineCli.execute("plan", "--tags", "silver,gold", "--full-refresh", "dim_user,");
    assertThat(code).as(err()).isZero();
    String plan = out.toString(StandardCharsets.UTF_8);
    assertThat(plan.lines().map(l -> l.split(" ")[0]))
        .startsWith("silver_events", "dim_user", "fact_events", "mv_daily_active_users")
        .doesNotContain("bronze_events");
    assertThat(plan).contains("dim_user").containsOnlyOnce("FULL REFRESH");
  }

  @Test
  void helpReadsLikeAManPage() {
    assertThat(PipelineCli.execute("run", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--landing", "--full-refresh", "CLICKFLOW_PII_PEPPER", "Examples:");
  }

  @Test
  void aRunOnALakehouseAnotherRunHoldsExitsWithOneLineBeforeSparkStarts(@TempDir Path dir)
      throws Exception {
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Path lakehouse = dir.resolve("lake");
    try (RunLock held = RunLock.acquire(lakehouse, "nightly", System.err)) {
      int code =
          PipelineCli.execute(
              "run",
              "--landing",
              landing.toString(),
              "--lakehouse",
              lakehouse.toString(),
              "--tags",
              "bronze");
      assertThat(code).as(err()).isEqualTo(1);
    }
    assertThat(err().lines())
        .singleElement()
        .asString()
        .startsWith("clickflow pipeline: another pipeline run is using the lakehouse " + lakehouse)
        .contains("(run nightly, pid " + ProcessHandle.current().pid());
    assertThat(lakehouse.resolve("tables")).doesNotExist();
  }

  @Test
  void aContinuousRunWaitsForItsLandingFolderToAppear(@TempDir Path dir) throws Exception {
    Path landing = dir.resolve("landing");
    var plan =
        ClickstreamPipeline.graph().plan(java.util.Set.of(), TagMode.ANY, java.util.Set.of());
    Thread run =
        new Thread(
            () -> {
              try {
                PipelineCli.Run.awaitLocalLanding(plan, landing.toString());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    run.start();
    run.join(1_000);
    assertThat(run.isAlive()).as("still waiting for the folder").isTrue();
    assertThat(err()).contains("landing folder " + landing + " does not exist yet");

    Files.createDirectories(landing);
    run.join(5_000);
    assertThat(run.isAlive()).as("started once the folder exists").isFalse();
  }
}
