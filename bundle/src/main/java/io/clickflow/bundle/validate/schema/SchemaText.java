package io.clickflow.bundle.validate.schema;

/**
 * The bundle JSON schema as text, and a human-readable note of where it came from, so that a
 * confusing result can be traced to the schema that produced it.
 */
public record SchemaText(String json, String origin) {
  public SchemaText {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("schema from " + origin + " is empty");
    }
    if (origin == null || origin.isBlank()) {
      throw new IllegalArgumentException("a schema needs an origin");
    }
  }
}
