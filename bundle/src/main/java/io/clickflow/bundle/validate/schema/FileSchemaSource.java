package io.clickflow.bundle.validate.schema;

import io.clickflow.bundle.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The schema from a file named on the command line ({@code --schema}). */
public final class FileSchemaSource implements SchemaSource {
  private final Optional<Path> file;
  private final String origin;

  /**
   * @param origin how the user named the file, for example {@code --schema}
   */
  public FileSchemaSource(Optional<Path> file, String origin) {
    this.file = Objects.requireNonNull(file, "file");
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  @Override
  public Optional<SchemaText> load() {
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Path path = file.get();
    if (!Files.isRegularFile(path)) {
      throw new UsageException("read bundle schema " + path + " (" + origin + "): no such file");
    }
    try {
      return Optional.of(new SchemaText(Files.readString(path), origin + " " + path));
    } catch (IOException e) {
      throw new UsageException(
          "read bundle schema " + path + " (" + origin + "): " + e.getMessage(), e);
    }
  }
}
