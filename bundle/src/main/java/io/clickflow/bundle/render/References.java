package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${...}} references in a configuration tree. A value found for a reference may
 * itself contain references, which are resolved in turn; a reference with no known value stays in
 * the text exactly as written, so that what cannot be known offline remains visible.
 *
 * <p>A string that is nothing but one reference takes the referenced value with its type (a number
 * stays a number, a list stays a list); inside longer text the value is spliced in as text.
 */
final class References {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z0-9_\\-]+(?:\\.[A-Za-z0-9_\\-]+|\\[[0-9]+\\])*)\\}");

  /** Finds the raw value of a reference path such as {@code var.catalog}. */
  @FunctionalInterface
  interface Lookup {
    Optional<JsonNode> find(String path);
  }

  private final Lookup lookup;

  References(Lookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /** The pattern that finds references, for callers that treat them as wildcards. */
  static Pattern pattern() {
    return REFERENCE;
  }

  /**
   * @throws RenderException when references form a cycle
   */
  JsonNode resolve(JsonNode node) {
    return resolve(node, new ArrayDeque<>());
  }

  private JsonNode resolve(JsonNode node, Deque<String> resolving) {
    if (node.isTextual()) {
      return resolveText(node.asText(), resolving);
    }
    if (node.isObject()) {
      ObjectNode resolved = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        resolved.set(field.getKey(), resolve(field.getValue(), resolving));
      }
      return resolved;
    }
    if (node.isArray()) {
      ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> resolved.add(resolve(item, resolving)));
      return resolved;
    }
    return node.deepCopy();
  }

  private JsonNode resolveText(String text, Deque<String> resolving) {
    Matcher whole = REFERENCE.matcher(text);
    if (whole.matches()) {
      Optional<JsonNode> value = valueOf(whole.group(1), resolving);
      return value.orElseGet(() -> TextNode.valueOf(text));
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          valueOf(matcher.group(1), resolving)
              .map(value -> value.isValueNode() ? value.asText() : value.toString())
              .orElse(matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  private Optional<JsonNode> valueOf(String path, Deque<String> resolving) {
    if (resolving.contains(path)) {
      StringBuilder cycle = new StringBuilder();
      resolving
          .descendingIterator()
          .forEachRemaining(p -> cycle.append("${").append(p).append("} → "));
      throw new RenderException("cyclic reference: " + cycle + "${" + path + "}");
    }
    Optional<JsonNode> raw = lookup.find(path);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    resolving.push(path);
    try {
      return Optional.of(resolve(raw.get(), resolving));
    } finally {
      resolving.pop();
    }
  }
}
