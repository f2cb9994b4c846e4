package io.clickflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts another module's main class from its build, as {@code ./clickflow} does. */
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
}
