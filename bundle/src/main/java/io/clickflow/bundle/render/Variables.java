package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clickflow.bundle.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The value of every variable for one target, with the Databricks CLI's precedence: {@code --var
 * name=value}, then the environment variable {@code BUNDLE_VAR_<name>}, then the target's value,
 * then the variable's default. Values may still contain references such as {@code ${var.catalog}};
 * {@link References} resolves them.
 */
final class Variables {
  static final String ENV_PREFIX = "BUNDLE_VAR_";

  private Variables() {}

  /**
   * @param definitions the merged {@code variables} mapping of the target
   * @throws UsageException when a variable has no value or {@code --var} names an unknown one: both
   *     are fixed on the command line
   */
  static Map<String, JsonNode> values(
      JsonNode definitions, Map<String, String> environment, Map<String, String> overrides) {
    for (String name : overrides.keySet()) {
      if (!definitions.has(name)) {
        throw new UsageException(
            "--var "
                + name
                + ": the bundle declares no such variable; declared: "
                + new TreeSet<>(names(definitions)));
      }
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> variable : definitions.properties()) {
      String name = variable.getKey();
      JsonNode definition = variable.getValue();
      if (overrides.containsKey(name)) {
        values.put(name, TextNode.valueOf(overrides.get(name)));
      } else if (environment.containsKey(ENV_PREFIX + name)) {
        values.put(name, TextNode.valueOf(environment.get(ENV_PREFIX + name)));
      } else if (definition.has("default") && !definition.get("default").isNull()) {
        values.put(name, definition.get("default"));
      } else if (definition.has("lookup")) {
        throw new UsageException(
            "variable "
                + name
                + " is a lookup, which only a workspace can answer; pass --var "
                + name
                + "=<value> or set "
                + ENV_PREFIX
                + name);
      } else {
        throw new UsageException(
            "variable "
                + name
                + " has no value for this target; pass --var "
                + name
                + "=<value> or set "
                + ENV_PREFIX
                + name);
      }
    }
    return values;
  }

  private static List<String> names(JsonNode definitions) {
    List<String> names = new ArrayList<>();
    definitions.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
