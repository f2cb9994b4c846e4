package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.JsonTree;
import io.clickflow.bundle.config.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * No credentials in bundle files. Secrets belong in a secret scope or in the deploy identity, and a
 * file in git is readable by everyone who can clone it, forever.
 *
 * <p>Two passes: the raw text is scanned for credential shapes, so a token pasted into a comment is
 * caught too; the parsed tree is scanned for credential-named keys that hold a literal instead of a
 * {@code ${...}} reference or a {@code {{secrets/scope/key}}} lookup. Findings never echo the
 * secret itself.
 */
public final class NoLiteralSecretsRule implements BundleRule {

  private record Shape(Pattern pattern, String description) {}

  private static final List<Shape> SHAPES =
      List.of(
          new Shape(
              Pattern.compile("dapi[0-9a-f]{32}(-\\d+)?"), "a Databricks personal access token"),
          new Shape(
              Pattern.compile("AccountKey=[A-Za-z0-9+/=]{16,}"), "an Azure storage account key"),
          new Shape(
              Pattern.compile("[?&]?\\bsig=[A-Za-z0-9%+/=]{16,}"),
              "an Azure shared access signature (sig=)"),
          new Shape(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"));

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i)(^|_)(password|passwd|token|secret|api_key|access_key|private_key)(_plaintext)?$");

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{[^}]+}|\\{\\{\\s*secrets/[^}]+}}");

  @Override
  public List<Problem> check(Bundle bundle) {
    List<Problem> problems = new ArrayList<>();
    for (BundleFile file : bundle.files()) {
      scanText(file, problems);
      scanKeys(file, problems);
    }
    return problems;
  }

  private static void scanText(BundleFile file, List<Problem> problems) {
    String[] lines = file.text().split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      for (Shape shape : SHAPES) {
        if (shape.pattern().matcher(lines[i]).find()) {
          problems.add(
              Problem.error(
                  file.name(),
                  String.valueOf(i + 1),
                  "looks like "
                      + shape.description()
                      + " — remove it, rotate it, and reference a secret scope instead"));
        }
      }
    }
  }

  private static void scanKeys(BundleFile file, List<Problem> problems) {
    JsonTree.walk(
        file.root(),
        (path, key, node) -> {
          if (key == null || !SECRET_KEY.matcher(key).find()) {
            return;
          }
          // A variable named like a secret is declared as an object; its default is the value.
          JsonNode value = node.isObject() ? node.path("default") : node;
          String where = node.isObject() ? path + ".default" : path;
          if (isLiteral(value)) {
            problems.add(
                Problem.error(
                    file.name(),
                    where,
                    "'"
                        + key
                        + "' holds a literal value — use a ${var.*} reference filled at deploy"
                        + " time or a {{secrets/<scope>/<key>}} lookup"));
          }
        });
  }

  private static boolean isLiteral(JsonNode value) {
    // Booleans such as forward_user_access_token are switches, not credentials.
    if (!value.isTextual() && !value.isNumber()) {
      return false;
    }
    String text = value.asText().strip();
    return !text.isEmpty() && !REFERENCE.matcher(text).matches();
  }
}
