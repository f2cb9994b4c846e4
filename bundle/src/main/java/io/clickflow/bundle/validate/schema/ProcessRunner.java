package io.clickflow.bundle.validate.schema;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs an external command to completion. Kept behind an interface so that code which shells out to
 * the Databricks CLI is testable without one installed.
 */
public interface ProcessRunner {

  /** What a finished command printed, and how it exited. */
  record Output(int exitCode, String stdout, String stderr) {
    public Output {
      stdout = stdout == null ? "" : stdout;
      stderr = stderr == null ? "" : stderr;
    }
  }

  /**
   * @throws IOException when the command cannot start or does not finish within {@code timeout}; a
   *     command that runs and fails is not an exception, it returns its exit code
   * @throws InterruptedException when the waiting thread is interrupted; the command is killed
   */
  Output run(List<String> command, Duration timeout) throws IOException, InterruptedException;
}
