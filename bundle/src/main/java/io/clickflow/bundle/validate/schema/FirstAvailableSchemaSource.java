package io.clickflow.bundle.validate.schema;

import io.clickflow.bundle.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tries sources in order and takes the first that offers a schema: {@code --schema}, then {@code
 * CLICKFLOW_BUNDLE_SCHEMA}, then {@code databricks bundle schema}. Explicit choices win over
 * ambient ones.
 */
public final class FirstAvailableSchemaSource implements SchemaSource {
  static final String NO_SCHEMA =
      "no bundle schema found — pass --schema <file>, set "
          + EnvironmentSchemaSource.VARIABLE
          + "=<file>, or put the Databricks CLI (databricks) on the PATH";

  private final List<SchemaSource> sources;

  public FirstAvailableSchemaSource(List<SchemaSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The standard order: flag, environment variable, CLI on the PATH. */
  public static FirstAvailableSchemaSource standard(
      Optional<Path> schemaFlag, Map<String, String> environment, ProcessRunner runner) {
    return new FirstAvailableSchemaSource(
        List.of(
            new FileSchemaSource(schemaFlag, "--schema"),
            new EnvironmentSchemaSource(environment),
            new DatabricksCliSchemaSource(environment, runner)));
  }

  @Override
  public Optional<SchemaText> load() {
    for (SchemaSource source : sources) {
      Optional<SchemaText> schema = source.load();
      if (schema.isPresent()) {
        return schema;
      }
    }
    return Optional.empty();
  }

  /**
   * @throws UsageException naming the three ways to provide a schema when none is available
   */
  public SchemaText require() {
    return load().orElseThrow(() -> new UsageException(NO_SCHEMA));
  }
}
