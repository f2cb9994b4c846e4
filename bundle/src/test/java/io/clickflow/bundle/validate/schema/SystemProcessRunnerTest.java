package io.clickflow.bundle.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs({OS.LINUX, OS.MAC})
class SystemProcessRunnerTest {
  @Test
  void capturesStdoutStderrAndExitCode() throws Exception {
    ProcessRunner.Output output =
        new SystemProcessRunner()
            .run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

    assertThat(output.exitCode()).isEqualTo(3);
    assertThat(output.stdout()).isEqualTo("out\n");
    assertThat(output.stderr()).isEqualTo("err\n");
  }
}
