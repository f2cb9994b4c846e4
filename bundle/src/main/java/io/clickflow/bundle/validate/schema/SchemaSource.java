package io.clickflow.bundle.validate.schema;

import java.util.Optional;

/**
 * One place the official Databricks bundle JSON schema may come from.
 *
 * <p>A source that is not configured (no flag, no variable, no CLI on the PATH) returns empty, so
 * the next source can be tried. A source that is configured but broken (a missing file, a CLI that
 * fails) throws {@link io.clickflow.bundle.UsageException}: silently falling through to another
 * schema would validate against something the user did not ask for.
 */
public interface SchemaSource {
  Optional<SchemaText> load();
}
