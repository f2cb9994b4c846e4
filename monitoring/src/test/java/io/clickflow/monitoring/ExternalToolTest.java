package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

  @TempDir Path bin;

  @Test
  void findsTheProgramOnThePath() throws Exception {
    Path promtool = Files.createFile(bin.resolve("promtool"));
    Files.setPosixFilePermissions(promtool, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(ExternalTool.PROMTOOL.require(Map.of("PATH", "/nonexistent:" + bin)))
        .isEqualTo(promtool);
  }

  @Test
  void missingProgramSkipsTheTestSayingHowToGetIt() {
    assertThatThrownBy(() -> ExternalTool.PROMETHEUS.require(Map.of("PATH", bin.toString())))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("prometheus is not installed")
        .hasMessageContaining("./clickflow test");
  }

  @Test
  void missingProgramFailsTheTestUnderCi() {
    assertThatThrownBy(
            () -> ExternalTool.PROMTOOL.require(Map.of("PATH", bin.toString(), "CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("promtool is not installed")
        .hasMessageContaining("./clickflow test")
        .hasMessageContaining("CI=true");
  }
}
