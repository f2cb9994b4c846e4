package io.clickflow.bundle.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.bundle.TestBundles;
import io.clickflow.bundle.UsageException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the schema comes from: --schema, then CLICKFLOW_BUNDLE_SCHEMA, then the CLI, else an error.
 */
class SchemaSourceTest {
  @TempDir Path dir;

  private final RecordingRunner runner =
      new RecordingRunner(new ProcessRunner.Output(0, "{\"from\":\"cli\"}", ""));

  @Test
  void theFlagWinsOverTheEnvironmentAndTheCli() {
    Path flag = schemaFile("flag.json", "{\"from\":\"flag\"}");
    Map<String, String> env =
        Map.of(
            EnvironmentSchemaSource.VARIABLE,
            schemaFile("env.json", "{\"from\":\"env\"}").toString(),
            "PATH",
            cliDir().toString());

    SchemaText schema =
        FirstAvailableSchemaSource.standard(Optional.of(flag), env, runner).require();

    assertThat(schema.json()).contains("flag");
    assertThat(schema.origin()).startsWith("--schema");
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void theEnvironmentWinsOverTheCli() {
    Map<String, String> env =
        Map.of(
            EnvironmentSchemaSource.VARIABLE,
            schemaFile("env.json", "{\"from\":\"env\"}").toString(),
            "PATH",
            cliDir().toString());

    SchemaText schema =
        FirstAvailableSchemaSource.standard(Optional.empty(), env, runner).require();

    assertThat(schema.json()).contains("env");
    assertThat(schema.origin()).startsWith(EnvironmentSchemaSource.VARIABLE);
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void theCliOnThePathIsTheLastResort() {
    Path cliDir = cliDir();
    Map<String, String> env = Map.of("PATH", dir.resolve("empty") + File.pathSeparator + cliDir);

    SchemaText schema =
        FirstAvailableSchemaSource.standard(Optional.empty(), env, runner).require();

    assertThat(schema.json()).contains("cli");
    assertThat(runner.commands)
        .containsExactly(List.of(cliDir.resolve("databricks").toString(), "bundle", "schema"));
  }

  @Test
  void withoutAnySourceTheErrorNamesAllThreeOptions() {
    Map<String, String> env = Map.of("PATH", dir.toString());

    assertThatThrownBy(
            () -> FirstAvailableSchemaSource.standard(Optional.empty(), env, runner).require())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--schema")
        .hasMessageContaining(EnvironmentSchemaSource.VARIABLE)
        .hasMessageContaining("databricks")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aMissingFlagFileIsAnErrorNotAFallThrough() {
    Map<String, String> env = Map.of("PATH", cliDir().toString());

    assertThatThrownBy(
            () ->
                FirstAvailableSchemaSource.standard(
                        Optional.of(dir.resolve("nope.json")), env, runner)
                    .require())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("nope.json")
        .hasMessageContaining("--schema");
    assertThat(runner.commands).isEmpty();
  }

  @Test
  void aMissingEnvironmentFileIsAnErrorNotAFallThrough() {
    Map<String, String> env =
        Map.of(EnvironmentSchemaSource.VARIABLE, dir.resolve("gone.json").toString());

    assertThatThrownBy(() -> new EnvironmentSchemaSource(env).load())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("gone.json")
        .hasMessageContaining(EnvironmentSchemaSource.VARIABLE);
  }

  @Test
  void aFailingCliIsAnErrorWithItsExitCodeAndFirstStderrLine() {
    RecordingRunner failing =
        new RecordingRunner(
            new ProcessRunner.Output(2, "", "Error: unknown command \"bundle\"\nmore"));
    Map<String, String> env = Map.of("PATH", cliDir().toString());

    assertThatThrownBy(() -> new DatabricksCliSchemaSource(env, failing).load())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("exit 2")
        .hasMessageContaining("unknown command")
        .hasMessageNotContaining("more");
  }

  @Test
  void aNonExecutableFileNamedDatabricksIsNotTheCli() throws IOException {
    Path notExecutable = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("databricks"), "");

    assertThat(
            new DatabricksCliSchemaSource(Map.of("PATH", notExecutable.toString()), runner).load())
        .isEmpty();
  }

  private Path schemaFile(String name, String json) {
    Path file = dir.resolve(name);
    TestBundles.writeFile(file, json);
    return file;
  }

  private Path cliDir() {
    try {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path cli = bin.resolve("databricks");
      if (!Files.exists(cli)) {
        Files.writeString(cli, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A strict fake: records each command and answers with one canned output. */
  private static final class RecordingRunner implements ProcessRunner {
    private final Output output;
    final List<List<String>> commands = new ArrayList<>();

    RecordingRunner(Output output) {
      this.output = output;
    }

    @Override
    public Output run(List<String> command, Duration timeout) {
      commands.add(command);
      return output;
    }
  }
}
