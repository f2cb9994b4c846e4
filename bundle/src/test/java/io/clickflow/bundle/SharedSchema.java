package io.clickflow.bundle;

import static org.junit.jupiter.api.Assertions.fail;

import io.clickflow.bundle.validate.schema.BundleSchemaValidator;
import io.clickflow.bundle.validate.schema.EnvironmentSchemaSource;
import io.clickflow.bundle.validate.schema.SchemaText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The official bundle schema kept next to the repository ({@code ../shared/} from the repository
 * root, so {@code ../../shared/} from this module, which is Surefire's working directory).
 *
 * <p>Under {@code CI=true} a missing schema fails the test: CI must never pass by skipping the
 * check it exists to run. Elsewhere the test is skipped with a message saying how to enable it.
 */
public final class SharedSchema {
  private static BundleSchemaValidator compiled;

  private SharedSchema() {}

  public static Path path() {
    String fromEnvironment = System.getenv(EnvironmentSchemaSource.VARIABLE);
    Path path =
        fromEnvironment == null || fromEnvironment.isBlank()
            ? Path.of("..", "..", "shared", "databricks-bundle-schema.json")
            : Path.of(fromEnvironment);
    if (!Files.isRegularFile(path)) {
      String message =
          "official bundle schema not found at "
              + path.toAbsolutePath().normalize()
              + "; set "
              + EnvironmentSchemaSource.VARIABLE
              + " or put it at ../shared/ next to the repository";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }

  /** Compiled once per test JVM: the schema is almost a megabyte. */
  public static synchronized BundleSchemaValidator validator() {
    if (compiled == null) {
      Path path = path();
      try {
        compiled = BundleSchemaValidator.compile(new SchemaText(Files.readString(path), "test"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return compiled;
  }
}
