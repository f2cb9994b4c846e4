package io.clickflow.bundle.validate.schema;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The schema from the file that {@code CLICKFLOW_BUNDLE_SCHEMA} names. */
public final class EnvironmentSchemaSource implements SchemaSource {
  public static final String VARIABLE = "CLICKFLOW_BUNDLE_SCHEMA";

  private final Map<String, String> environment;

  public EnvironmentSchemaSource(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Optional<SchemaText> load() {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return new FileSchemaSource(Optional.of(Path.of(value)), VARIABLE).load();
  }
}
