package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProdPermissionsRuleTest {
  private static final String PROD_PERMISSIONS =
      """
          permissions:
            - group_name: data-engineers
              level: CAN_MANAGE
      """;

  @TempDir Path dir;

  private final ProdPermissionsRule rule = new ProdPermissionsRule();

  @Test
  void theFixturePasses() {
    assertThat(rule.check(TestBundles.load(TestBundles.writeValid(dir)))).isEmpty();
  }

  @Test
  void bundleLevelPermissionsCoverProd() {
    String root =
        TestBundles.DATABRICKS_YML.replace(PROD_PERMISSIONS, "")
            + "permissions:\n  - group_name: data-engineers\n    level: CAN_MANAGE\n";
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(rule.check(TestBundles.load(dir))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "prod without permissions | '' | $.targets.prod | has no permissions",
        "prod with an empty list | '    permissions: []\\n' | $.targets.prod | has no permissions",
      })
  void reportsProdWithoutPermissions(String name, String replacement, String path, String message) {
    String root =
        TestBundles.DATABRICKS_YML.replace(PROD_PERMISSIONS, replacement.replace("\\n", "\n"));
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(rule.check(TestBundles.load(dir)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.location()).isEqualTo(path);
              assertThat(problem.message()).contains(message);
            });
  }

  @Test
  void reportsAMissingProdTarget() {
    String root =
        TestBundles.DATABRICKS_YML.substring(0, TestBundles.DATABRICKS_YML.indexOf("  prod:"));
    TestBundles.write(dir, Map.of("databricks.yml", root));

    assertThat(rule.check(TestBundles.load(dir)))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("no 'prod' target"));
  }
}
