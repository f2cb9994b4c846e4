package io.clickflow.bundle.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.render.RenderedJob;
import io.clickflow.bundle.render.WorkspaceContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSelectionTest {
  @TempDir Path dir;

  private final RenderedJob layered = render(Path.of(""));

  @Test
  void noOptionsKeepTheJobsDefaults() {
    RunSelection selection = RunSelection.of(layered, List.of(), List.of());

    assertThat(selection.jobParameters()).isEmpty();
    assertThat(selection.onlyTasks()).isEmpty();
  }

  @Test
  void aBareLayerRunsThatLayerWithItsDefaultTags() {
    RunSelection selection = RunSelection.of(layered, List.of("silver", "gold"), List.of());

    assertThat(selection.jobParameters()).isEmpty();
    assertThat(selection.onlyTasks()).containsExactly("silver", "gold");
  }

  @Test
  void qualifiedTagsNarrowTheirLayer() {
    RunSelection selection = RunSelection.of(layered, List.of("gold:gold", "gold:mv"), List.of());

    assertThat(selection.jobParameters()).containsExactly(Map.entry("gold_tags", "gold,mv"));
    assertThat(selection.onlyTasks()).containsExactly("gold");
  }

  @Test
  void aTagThePipelineGraphDoesNotDeclareIsRefused() {
    assertThatThrownBy(() -> RunSelection.of(layered, List.of("gold:gold", "gold:mvs"), List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--tags gold:mvs: tag 'mvs' is not in the pipeline graph; known tags: [bronze, silver,"
                + " gold, mv]");
  }

  @Test
  void fullRefreshFindsTheLayerByPrefixAndDoesNotNarrowTheRun() {
    RunSelection selection =
        RunSelection.of(
            layered, List.of(), List.of("silver_events", "gold:dim_user", "gold:fact_events"));

    assertThat(selection.jobParameters())
        .containsExactly(
            Map.entry("silver_full_refresh", "silver_events"),
            Map.entry("gold_full_refresh", "dim_user,fact_events"));
    assertThat(selection.onlyTasks()).isEmpty();
  }

  @Test
  void aDatasetOfNoKnownLayerMustBeQualified() {
    assertThatThrownBy(() -> RunSelection.of(layered, List.of(), List.of("dim_user")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--full-refresh dim_user: cannot tell which layer owns this dataset; write"
                + " LAYER:dim_user with LAYER one of [bronze, silver, gold]");
  }

  @Test
  void aJobWithPlainParametersGetsTheListsAsGiven() {
    String job =
        TestBundles.JOB_YML.replace(
            "      max_concurrent_runs: 1\n",
            String.join(
                "\n",
                "      max_concurrent_runs: 1",
                "      parameters:",
                "        - name: tags",
                "          default: \"\"",
                "        - name: full_refresh",
                "          default: \"\"",
                ""));
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, job));

    RunSelection selection =
        RunSelection.of(render(dir), List.of("silver", "mv"), List.of("silver_events"));

    assertThat(selection.jobParameters())
        .containsExactly(
            Map.entry("tags", "silver,mv"), Map.entry("full_refresh", "silver_events"));
    assertThat(selection.onlyTasks()).isEmpty();
  }

  @Test
  void aJobWithAPlainTagsParameterRefusesAnUnknownTagToo() {
    String job =
        TestBundles.JOB_YML.replace(
            "      max_concurrent_runs: 1\n",
            "      max_concurrent_runs: 1\n      parameters:\n        - name: tags\n"
                + "          default: \"\"\n");
    TestBundles.write(dir, Map.of(TestBundles.JOB_FILE, job));

    assertThatThrownBy(() -> RunSelection.of(render(dir), List.of("silver", "Gold"), List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--tags Gold: tag 'Gold' is not in the pipeline graph; known tags: [bronze, silver,"
                + " gold, mv]");
  }

  @Test
  void aJobWithoutSuchParametersRejectsTheOptions() {
    TestBundles.writeValid(dir);

    assertThatThrownBy(() -> RunSelection.of(render(dir), List.of("gold"), List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("--tags: job pipeline declares no tags parameter; its parameters: []");
  }

  private static RenderedJob render(Path bundleDir) {
    return new JobRenderer()
        .render(
            new RenderRequest(
                TestBundles.load(bundleDir),
                "prod",
                Optional.empty(),
                Map.of(),
                Map.of(
                    "BUNDLE_VAR_notification_email", "a@example.com",
                    "BUNDLE_VAR_run_as_service_principal", "sp")),
            WorkspaceContext.offline());
  }
}
