package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Prometheus files as Prometheus's own checker and rule-test runner see them. */
class PromtoolTest {

  @Test
  void configIsValidAndFindsTheRuleFiles() throws Exception {
    String output = promtool("check", "config", MonitoringFiles.prometheusConfig().toString());

    assertThat(output).contains("SUCCESS").contains("rule files found");
  }

  @Test
  void ruleFilesAreValid() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    MonitoringFiles.ruleFiles().forEach(f -> args.add(f.toString()));

    assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    MonitoringFiles.ruleTestFiles().forEach(f -> args.add(f.toString()));

    assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
  }

  /** Runs promtool and returns its output; a non-zero exit fails with that output. */
  private static String promtool(String... args) throws IOException, InterruptedException {
    Path promtool = ExternalTool.PROMTOOL.require();
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(MonitoringFiles.prometheusDir().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
