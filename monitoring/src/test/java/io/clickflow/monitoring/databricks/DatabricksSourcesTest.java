package io.clickflow.monitoring.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.DatabricksConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabricksSourcesTest {

  private static final DatabricksTarget TARGET =
      DatabricksTarget.byJobName("wh", "clickflow_dev", "clickstream", "job", Optional.of("prod"));

  @TempDir Path home;

  @Test
  void aProfileThatDoesNotExistIsOneLineSayingWhatToSet() throws Exception {
    Path configFile = Files.writeString(home.resolve("databrickscfg"), "[staging]\nhost = x\n");
    DatabricksConfig config =
        new DatabricksConfig().setConfigFile(configFile.toString()).setProfile("prod");

    assertThatThrownBy(
            () -> DatabricksSources.connect(TARGET, config, Clock.systemUTC(), Sleeper.SYSTEM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("connect to Databricks: ")
        .hasMessageContaining("prod")
        .hasMessageEndingWith("or pass --profile with a profile of ~/.databrickscfg")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void connectsToTheConfiguredHostAndNamesItInLocations() {
    try (LocalDatabricks api = LocalDatabricks.start()) {
      DatabricksSources sources =
          DatabricksSources.connect(TARGET, api.config(), Clock.systemUTC(), Sleeper.SYSTEM);

      assertThat(sources.eventLog().location())
          .isEqualTo("clickflow_dev.clickstream.event_log on SQL warehouse wh at " + api.url());
      assertThat(sources.catalog().location())
          .isEqualTo("clickflow_dev.clickstream on SQL warehouse wh at " + api.url());
      assertThat(sources.runs().location()).isEqualTo("job 'job' at " + api.url());
    }
  }

  @Test
  void targetsRefuseHalfAnswers() {
    assertThatThrownBy(
            () ->
                new DatabricksTarget(
                    "wh", "c", "s", Optional.of("job"), OptionalLong.of(1), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("give exactly one of jobName and jobId");
    assertThatThrownBy(() -> DatabricksTarget.byJobId(" ", "c", "s", 1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warehouseId must not be blank");
    assertThatThrownBy(() -> DatabricksTarget.byJobId("wh", "c", "s", 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobId must be positive, got 0");
  }
}
