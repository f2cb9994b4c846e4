package io.clickflow.bundle;

import io.clickflow.bundle.control.ControlDependencies;
import io.clickflow.bundle.validate.schema.ProcessRunner;
import io.clickflow.bundle.workspace.WorkspaceConnector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * Runs {@code clickflow bundle} in-process with a local workspace, a test clock and no processes.
 */
public final class CliRunner {
  public static final Instant START = Instant.parse("2026-11-22T13:00:00Z");

  /** What one invocation printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  private final Path workingDir;
  private final WorkspaceConnector connector;
  private final Map<String, String> environment;
  private final TestClock clock = new TestClock(START);
  private final AtomicInteger tokens = new AtomicInteger();

  public CliRunner(Path workingDir, WorkspaceConnector connector, Map<String, String> environment) {
    this.workingDir = workingDir;
    this.connector = connector;
    this.environment = environment;
  }

  /** No workspace at all: offline commands only. */
  public static CliRunner offline(Path workingDir) {
    return new CliRunner(
        workingDir,
        profile -> {
          throw new AssertionError("an offline command connected to a workspace");
        },
        Map.of());
  }

  public TestClock clock() {
    return clock;
  }

  public Result run(String... args) {
    ProcessRunner noProcesses =
        (List<String> command, Duration timeout) -> {
          throw new AssertionError("unexpected process: " + command);
        };
    ControlDependencies dependencies =
        new ControlDependencies(
            environment,
            workingDir,
            connector,
            clock.sleeper(),
            clock,
            () -> "idempotency-" + tokens.incrementAndGet());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BundleCli.commandLine(noProcesses, dependencies);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
