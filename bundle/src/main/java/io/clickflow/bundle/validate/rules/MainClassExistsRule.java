package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.JsonTree;
import io.clickflow.bundle.config.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Every {@code spark_jar_task.main_class_name} exists in the pipeline JAR, by default the shaded
 * serverless JAR that the bundle deploys. A renamed or moved class otherwise surfaces only when the
 * deployed job first runs, as a ClassNotFoundException on the cluster.
 *
 * <p>Without a JAR the check cannot run: that is a warning with the command that builds one, not an
 * error, so the bundle can be validated before the pipeline is built.
 */
public final class MainClassExistsRule implements BundleRule {
  private final Optional<Path> jar;
  private final String searched;

  /**
   * @param jar the pipeline JAR, if one was found
   * @param searched where the JAR was looked for, named in the warning when none was found
   */
  public MainClassExistsRule(Optional<Path> jar, String searched) {
    this.jar = Objects.requireNonNull(jar, "jar");
    this.searched = Objects.requireNonNull(searched, "searched");
  }

  private record MainClass(BundleFile file, String path, String name) {}

  @Override
  public List<Problem> check(Bundle bundle) {
    List<MainClass> mainClasses = mainClasses(bundle);
    if (mainClasses.isEmpty()) {
      return List.of();
    }
    if (jar.isEmpty()) {
      return List.of(
          Problem.warning(
              "",
              "",
              "main-class check skipped: no serverless pipeline JAR matches "
                  + searched
                  + " — build it with `"
                  + PipelineJarLocator.BUILD_COMMAND
                  + "` from the repository root, or pass --jar"));
    }
    List<Problem> problems = new ArrayList<>();
    try (JarFile jarFile = new JarFile(jar.get().toFile())) {
      for (MainClass mainClass : mainClasses) {
        if (mainClass.name().contains("${") || mainClass.name().contains("{{")) {
          problems.add(
              Problem.warning(
                  mainClass.file().name(),
                  mainClass.path(),
                  "main class '" + mainClass.name() + "' is interpolated and cannot be checked"));
        } else if (jarFile.getJarEntry(classEntry(mainClass.name())) == null) {
          problems.add(
              Problem.error(
                  mainClass.file().name(),
                  mainClass.path(),
                  "main class '"
                      + mainClass.name()
                      + "' is not in "
                      + jar.get()
                      + " (no entry "
                      + classEntry(mainClass.name())
                      + ")"));
        }
      }
    } catch (IOException e) {
      problems.add(Problem.error("", "", "read pipeline JAR " + jar.get() + ": " + e.getMessage()));
    }
    return problems;
  }

  private static List<MainClass> mainClasses(Bundle bundle) {
    List<MainClass> found = new ArrayList<>();
    for (BundleFile file : bundle.files()) {
      JsonTree.walk(
          file.root(),
          (path, key, node) -> {
            if ("spark_jar_task".equals(key)) {
              JsonNode name = node.path("main_class_name");
              if (name.isTextual()) {
                found.add(new MainClass(file, path + ".main_class_name", name.asText()));
              }
            }
          });
    }
    return found;
  }

  private static String classEntry(String className) {
    return className.replace('.', '/') + ".class";
  }
}
