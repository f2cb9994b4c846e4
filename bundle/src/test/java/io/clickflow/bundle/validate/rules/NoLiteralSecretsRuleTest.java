package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.config.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoLiteralSecretsRuleTest {
  // Built at run time so that this source file itself holds no credential-shaped string.
  private static final String PAT = "dapi" + "0123456789abcdef".repeat(2);

  @TempDir Path dir;

  private final NoLiteralSecretsRule rule = new NoLiteralSecretsRule();

  @Test
  void theFixtureAndItsSecretReferencesPass() {
    String extra =
        """
        variables:
          pepper_secret_scope:
            description: Secret scope name, not a secret.
            default: clickflow
          pepper_secret_key:
            description: Key name inside the scope, not a secret.
            default: pii-pepper
          api_token:
            description: Filled at deploy time.
        workspace:
          token: ${var.api_token}
        resources:
          apps:
            x:
              password: "{{secrets/clickflow/db-password}}"
              forward_user_access_token: true
        """;
    TestBundles.write(dir, Map.of("resources/extra.yml", extra));

    assertThat(rule.check(TestBundles.load(dir))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "host_token_note: PAT",
        "# a token pasted into a comment: PAT",
        "conn: DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0",
        "url: https://acct.blob.core.windows.net/landing?sv=2024-01-01&sig=AbCdEfGhIjKlMnOpQrStUv%3D",
        "key: \"-----BEGIN RSA PRIVATE KEY-----\"",
      })
  void aCredentialShapeAnywhereInTheTextIsReportedByLine(String line) {
    TestBundles.write(dir, Map.of("resources/extra.yml", "\n" + line.replace("PAT", PAT) + "\n"));

    List<Problem> problems = rule.check(TestBundles.load(dir));

    assertThat(problems).isNotEmpty();
    assertThat(problems)
        .allSatisfy(
            problem -> {
              assertThat(problem.file()).isEqualTo("resources/extra.yml");
              assertThat(problem.message()).doesNotContain(PAT);
            });
    assertThat(problems).extracting(Problem::location).contains("2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password: hunter2-hunter2",
        "token: abc123",
        "client_secret: s3cr3t",
        "azure_client_secret: 12345",
        "aws_secret_access_key_plaintext: abc",
      })
  void aCredentialKeyWithALiteralValueIsReportedByPath(String line) {
    String key = line.substring(0, line.indexOf(':'));
    TestBundles.write(dir, Map.of("resources/extra.yml", "workspace_extras:\n  " + line + "\n"));

    assertThat(rule.check(TestBundles.load(dir)))
        .extracting(Problem::format)
        .containsExactly(
            "resources/extra.yml:$.workspace_extras."
                + key
                + ": '"
                + key
                + "' holds a literal value — use a ${var.*} reference filled at deploy time or a"
                + " {{secrets/<scope>/<key>}} lookup");
  }

  @Test
  void aSecretNamedVariableWithALiteralDefaultIsReported() {
    String variables =
        "variables:\n  db_password:\n    description: x\n    default: correct-horse-battery\n";
    TestBundles.write(dir, Map.of("resources/extra.yml", variables));

    assertThat(rule.check(TestBundles.load(dir)))
        .extracting(Problem::location)
        .containsExactly("$.variables.db_password.default");
  }
}
