package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectedTargetRuleTest {
  @TempDir Path dir;

  @Test
  void theDefaultAndTheRequestedTargetsPass() {
    TestBundles.writeValid(dir);

    assertThat(new SelectedTargetRule(Optional.empty()).check(TestBundles.load(dir))).isEmpty();
    assertThat(new SelectedTargetRule(Optional.of("prod")).check(TestBundles.load(dir))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown requested target | staging | default: true | default: true | is not declared",
        "no default target         |         | default: true | default: false | no target has default: true",
        "two default targets       |         | mode: production | mode: production\\n    default: true | several targets",
      })
  void reportsATargetThatCannotBeSelected(
      String name, String requested, String from, String to, String message) {
    String root = TestBundles.DATABRICKS_YML.replace(from, to.replace("\\n", "\n"));
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(new SelectedTargetRule(Optional.ofNullable(requested)).check(TestBundles.load(dir)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.file()).isEqualTo("databricks.yml");
              assertThat(problem.message()).contains(message);
            });
  }
}
