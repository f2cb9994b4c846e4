package io.clickflow.bundle.validate.schema;

import io.clickflow.bundle.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema printed by {@code databricks bundle schema}, when a {@code databricks} executable is
 * on the {@code PATH}. The CLI's own schema matches the CLI that will deploy, which is the best
 * schema to have when no file is named.
 */
public final class DatabricksCliSchemaSource implements SchemaSource {
  private static final List<String> EXECUTABLE_NAMES = List.of("databricks", "databricks.exe");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, String> environment;
  private final ProcessRunner runner;

  public DatabricksCliSchemaSource(Map<String, String> environment, ProcessRunner runner) {
    this.environment = Map.copyOf(environment);
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public Optional<SchemaText> load() {
    Optional<Path> executable = findOnPath();
    if (executable.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = List.of(executable.get().toString(), "bundle", "schema");
    String described = executable.get() + " bundle schema";
    ProcessRunner.Output output;
    try {
      output = runner.run(command, TIMEOUT);
    } catch (IOException e) {
      throw new UsageException("run " + described + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("run " + described + ": interrupted", e);
    }
    if (output.exitCode() != 0 || output.stdout().isBlank()) {
      throw new UsageException(
          "run "
              + described
              + ": exit "
              + output.exitCode()
              + firstLine(output.stderr())
              + " — a CLI without bundle support (such as the legacy Python databricks-cli)"
              + " cannot provide the schema; install the current Databricks CLI or pass"
              + " --schema");
    }
    return Optional.of(new SchemaText(output.stdout(), described));
  }

  private Optional<Path> findOnPath() {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : EXECUTABLE_NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    int newline = trimmed.indexOf('\n');
    return ", " + (newline < 0 ? trimmed : trimmed.substring(0, newline).strip());
  }
}
