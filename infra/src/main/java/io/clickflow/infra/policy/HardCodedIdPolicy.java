package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No subscription, tenant, Databricks account or workspace, client or object ids written into
 * {@code .tf} files: they come from variables, data sources or other resources. Two checks: no GUID
 * anywhere in the source (comments included, since a real id in a comment leaks just the same), and
 * no string literal in an attribute named like an id.
 */
public final class HardCodedIdPolicy implements Policy {

  private static final Pattern GUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

  private static final Set<String> ID_ATTRIBUTES =
      Set.of(
          "subscription_id",
          "tenant_id",
          "account_id",
          "workspace_id",
          "client_id",
          "application_id",
          "object_id",
          "principal_id");

  @Override
  public String name() {
    return "no-hard-coded-ids";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    Matcher guid = GUID.matcher(file.source());
    while (guid.find()) {
      violations.add(
          new Violation(
              file.path(),
              "line " + file.lineOf(guid.start()) + ": hard-coded id " + guid.group()));
    }
    findLiteralIds(file, "", file.blocks(), violations);
    return violations;
  }

  private static void findLiteralIds(
      TerraformFile file, String at, Object node, List<Violation> violations) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            String path = at.isEmpty() ? key.toString() : at + "." + key;
            if (ID_ATTRIBUTES.contains(key.toString()) && isLiteral(value)) {
              violations.add(
                  new Violation(
                      file.path(), path + ": literal id \"" + value + "\"; use a variable"));
            } else {
              findLiteralIds(file, path, value, violations);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> findLiteralIds(file, at, item, violations));
    }
  }

  /**
   * hcl4j hands references back either as symbols or, inside strings, as their dotted text ({@code
   * azuread_application.deploy.client_id}, {@code ${var.tenant_id}}); a plain string without a dot
   * is a literal.
   */
  private static boolean isLiteral(Object value) {
    return value instanceof String text && !text.isBlank() && !text.contains(".");
  }
}
