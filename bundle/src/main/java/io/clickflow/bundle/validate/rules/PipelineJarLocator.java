package io.clickflow.bundle.validate.rules;

import io.clickflow.bundle.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the pipeline JAR whose classes the bundle's tasks name: the one given with {@code --jar},
 * else the newest {@code pipeline-src/target/clickflow-pipeline-*-serverless.jar} under the
 * repository root.
 *
 * <p>The default lookup takes only the shaded serverless JAR, because that is the file the bundle
 * uploads and the job loads. The plain JAR next to it is for local runs: it lacks picocli and the
 * Databricks SDK, so checking it would vouch for a file that never deploys.
 */
public final class PipelineJarLocator {
  public static final String TARGET_DIR = "pipeline-src/target";
  public static final String BUILD_COMMAND = "mvn -B -q -DskipTests -pl pipeline-src -am package";
  public static final String PREFIX = "clickflow-pipeline-";
  public static final String SERVERLESS_SUFFIX = "-serverless.jar";

  private final Path repoRoot;

  public PipelineJarLocator(Path repoRoot) {
    this.repoRoot = repoRoot;
  }

  /**
   * @throws UsageException when an explicit {@code --jar} does not exist: the user asked for that
   *     file, so quietly using another would check the wrong thing
   */
  public Optional<Path> locate(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      Path jar = explicit.get();
      if (!Files.isRegularFile(jar)) {
        throw new UsageException("read pipeline JAR " + jar + " (--jar): no such file");
      }
      return explicit;
    }
    Path targetDir = repoRoot.resolve(TARGET_DIR);
    if (!Files.isDirectory(targetDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(targetDir)) {
      return files
          .filter(PipelineJarLocator::isServerlessJar)
          .max(Comparator.comparing(PipelineJarLocator::modified));
    } catch (IOException e) {
      throw new UsageException("list " + targetDir + ": " + e.getMessage(), e);
    }
  }

  /** Where the default lookup searches, for messages that tell the user how to fix a miss. */
  public String searchedPattern() {
    return repoRoot
        .resolve(TARGET_DIR)
        .resolve(PREFIX + "*" + SERVERLESS_SUFFIX)
        .normalize()
        .toString();
  }

  /** Whether a file name is one the pipeline build gives its serverless JAR. */
  public static boolean isServerlessJarName(String name) {
    return name.startsWith(PREFIX)
        && name.endsWith(SERVERLESS_SUFFIX)
        && name.length() > PREFIX.length() + SERVERLESS_SUFFIX.length();
  }

  private static boolean isServerlessJar(Path file) {
    return isServerlessJarName(file.getFileName().toString()) && Files.isRegularFile(file);
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
