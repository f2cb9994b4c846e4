package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges configuration trees the way the Databricks CLI applies includes and target overrides:
 * mappings merge key by key, sequences are concatenated, and any other value is replaced. A null
 * override (an empty YAML value) leaves the base as it was.
 *
 * <p>Concatenation alone would duplicate a task that a target overrides, so the CLI then merges the
 * elements of a few sequences that share a key; {@link #mergeElementsByKey} does that step.
 */
final class YamlMerge {
  private YamlMerge() {}

  /** A new tree: {@code override} merged onto {@code base}; neither argument is changed. */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (override == null || override.isNull() || override.isMissingNode()) {
      return base == null ? null : base.deepCopy();
    }
    if (base == null || base.isNull() || base.isMissingNode()) {
      return override.deepCopy();
    }
    if (base.isObject() && override.isObject()) {
      ObjectNode merged = ((ObjectNode) base).deepCopy();
      for (Map.Entry<String, JsonNode> field : override.properties()) {
        merged.set(field.getKey(), merge(base.get(field.getKey()), field.getValue()));
      }
      return merged;
    }
    if (base.isArray() && override.isArray()) {
      ArrayNode merged = ((ArrayNode) base).deepCopy();
      override.forEach(item -> merged.add(item.deepCopy()));
      return merged;
    }
    return override.deepCopy();
  }

  /**
   * Merges the elements of {@code items} that have the same value under {@code key}, later ones
   * onto earlier ones, keeping the position of the first; elements without the key stay as they
   * are.
   */
  static ArrayNode mergeElementsByKey(ArrayNode items, String key) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    int unkeyed = 0;
    for (JsonNode item : items) {
      JsonNode keyValue = item.path(key);
      if (item.isObject() && keyValue.isValueNode() && !keyValue.isNull()) {
        byKey.merge("k:" + keyValue.asText(), item, YamlMerge::merge);
      } else {
        byKey.put("u:" + unkeyed++, item);
      }
    }
    ArrayNode merged = JsonNodeFactory.instance.arrayNode();
    byKey.values().forEach(item -> merged.add(item.deepCopy()));
    return merged;
  }
}
