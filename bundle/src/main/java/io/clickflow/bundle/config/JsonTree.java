package io.clickflow.bundle.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Depth-first walk over a parsed file that hands every node to a visitor with its JSON path. */
public final class JsonTree {

  /** Receives each node; {@code key} is the field name that led to it, or null for items. */
  @FunctionalInterface
  public interface Visitor {
    void visit(String path, String key, JsonNode node);
  }

  private JsonTree() {}

  public static void walk(JsonNode root, Visitor visitor) {
    walk(JsonPaths.ROOT, null, root, visitor);
  }

  private static void walk(String path, String key, JsonNode node, Visitor visitor) {
    visitor.visit(path, key, node);
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        walk(JsonPaths.child(path, field.getKey()), field.getKey(), field.getValue(), visitor);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(JsonPaths.index(path, i), null, node.get(i), visitor);
      }
    }
  }
}
