package io.clickflow.bundle.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded bundle: {@code databricks.yml} first, then every file its {@code include} globs matched,
 * in a stable order.
 */
public record Bundle(Path dir, List<BundleFile> files) {

  public static final String ROOT_FILE = "databricks.yml";

  public Bundle {
    Objects.requireNonNull(dir, "dir");
    files = List.copyOf(files);
  }

  /** The repository root: the bundle lives in {@code bundle/}, one level below it. */
  public Path repoRoot() {
    Path absolute = dir.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    return parent == null ? absolute : parent;
  }
}
