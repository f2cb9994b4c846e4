package io.clickflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a JVM: another module's main class from its build, as {@code ./clickflow} does, or a class
 * on this test's own classpath with the flags Spark needs.
 */
final class ModuleProcess {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private ModuleProcess() {}

  /** The command line; the caller decides where its output goes. */
  static ProcessBuilder of(String module, String mainClass, String... args) throws IOException {
    Path classpathFile = REPO.resolve(module).resolve("target/classpath.txt");
    assertThat(classpathFile)
        .as(
            "build %s first (mvn -B verify from the repository root builds it before this test)",
            module)
        .exists();
    String classpath =
        REPO.resolve(module).resolve("target/classes")
            + ":"
            + Files.readString(classpathFile).trim();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * A JVM on this test's classpath with Spark's flags ({@code target/jvm.args}) and this heap, then
   * {@code args} (a main class and its arguments). The caller decides where its output goes.
   */
  static ProcessBuilder onTestClasspath(String heap, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            Files.readString(REPO.resolve("pipeline-src/target/jvm.args")).trim().split("\\s+")));
    command.addAll(List.of("-Xmx" + heap, "-cp", System.getProperty("java.class.path")));
    command.addAll(args);
    return new ProcessBuilder(command);
  }
}
