package io.clickflow.monitoring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from Debian's {@code prometheus} package that tests run for real. Without it a test is
 * skipped with a message; under {@code CI=true} it fails instead, so that a CI machine without the
 * package cannot pass by skipping.
 */
public enum ExternalTool {
  PROMTOOL("promtool"),
  PROMETHEUS("prometheus");

  private final String command;

  ExternalTool(String command) {
    this.command = command;
  }

  /** The program's path, or the end of the test: skipped locally, failed under CI. */
  public Path require() {
    return require(System.getenv());
  }

  /** As {@link #require()}, with {@code PATH} and {@code CI} taken from {@code env}. */
  Path require(Map<String, String> env) {
    Optional<Path> found = find(env.getOrDefault("PATH", ""));
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        command
            + " is not installed: it comes with Debian's prometheus package, which ./clickflow test"
            + " installs (or run: sudo apt-get install -y prometheus)";
    if ("true".equalsIgnoreCase(env.get("CI"))) {
      fail(message + "; CI=true, so the test fails instead of skipping");
    }
    Assumptions.abort(message + "; skipping");
    throw new AssertionError("unreachable");
  }

  private Optional<Path> find(String path) {
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
