package io.clickflow.bundle.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickflow.bundle.UsageException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code databricks.yml} and the files its {@code include} globs match, the way the
 * Databricks CLI does: globs are relative to the bundle directory and {@code *} stays within one
 * directory level.
 */
public final class BundleLoader {

  /** The loaded files and the problems met while loading them (unparsable YAML, empty globs). */
  public record Result(Bundle bundle, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /**
   * @throws UsageException when the directory holds no {@code databricks.yml}: there is no bundle
   *     to judge, which is a usage error rather than an invalid bundle
   */
  public Result load(Path bundleDir) {
    Path rootFile = bundleDir.resolve(Bundle.ROOT_FILE);
    if (!Files.isRegularFile(rootFile)) {
      throw new UsageException(
          "load bundle from "
              + bundleDir.toAbsolutePath().normalize()
              + ": no "
              + Bundle.ROOT_FILE
              + " there — pass --bundle-dir with the directory that holds it");
    }
    List<Problem> problems = new ArrayList<>();
    List<BundleFile> files = new ArrayList<>();
    BundleFile root = parse(bundleDir, Bundle.ROOT_FILE, problems);
    if (root != null) {
      files.add(root);
      for (String name : includedFiles(bundleDir, root, problems)) {
        BundleFile included = parse(bundleDir, name, problems);
        if (included != null) {
          files.add(included);
        }
      }
    }
    return new Result(new Bundle(bundleDir, files), problems);
  }

  private BundleFile parse(Path bundleDir, String name, List<Problem> problems) {
    Path path = bundleDir.resolve(name);
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new UsageException("read bundle file " + path + ": " + e.getMessage(), e);
    }
    try {
      JsonNode root = yaml.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        root = yaml.createObjectNode();
      }
      if (!root.isObject()) {
        problems.add(Problem.error(name, JsonPaths.ROOT, "expected a YAML mapping at the top"));
        return null;
      }
      return new BundleFile(name, text, root);
    } catch (JacksonException e) {
      String location = e.getLocation() == null ? "" : String.valueOf(e.getLocation().getLineNr());
      problems.add(Problem.error(name, location, "not valid YAML: " + e.getOriginalMessage()));
      return null;
    }
  }

  private List<String> includedFiles(Path bundleDir, BundleFile root, List<Problem> problems) {
    JsonNode include = root.root().path("include");
    if (!include.isArray()) {
      // A non-list include is a schema violation; the schema check reports it.
      return List.of();
    }
    List<String> relativeFiles = listFiles(bundleDir);
    Set<String> matched = new LinkedHashSet<>();
    for (int i = 0; i < include.size(); i++) {
      String glob = include.get(i).asText();
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      List<String> hits =
          relativeFiles.stream()
              .filter(file -> matcher.matches(Path.of(file)))
              .filter(file -> !file.equals(Bundle.ROOT_FILE))
              .sorted()
              .toList();
      if (hits.isEmpty()) {
        problems.add(
            Problem.error(
                root.name(),
                JsonPaths.index("$.include", i),
                "include glob '" + glob + "' matches no file in the bundle directory"));
      }
      matched.addAll(hits);
    }
    return List.copyOf(matched);
  }

  private static List<String> listFiles(Path bundleDir) {
    List<String> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          bundleDir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              return dir.equals(bundleDir) || !isSkipped(dir.getFileName().toString())
                  ? FileVisitResult.CONTINUE
                  : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              files.add(bundleDir.relativize(file).toString().replace('\\', '/'));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UsageException("list files under " + bundleDir + ": " + e.getMessage(), e);
    }
    return files;
  }

  // The CLI's own state (.databricks) and Maven output (target) are never bundle configuration.
  private static boolean isSkipped(String directoryName) {
    return directoryName.startsWith(".") || directoryName.equals("target");
  }
}
