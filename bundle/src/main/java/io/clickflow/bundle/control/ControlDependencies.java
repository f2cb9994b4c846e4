package io.clickflow.bundle.control;

import io.clickflow.bundle.workspace.WorkspaceConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything the workspace commands touch outside the bundle, injected so that tests run them
 * against a local server with a fixed clock and without sleeping.
 *
 * @param environment the process environment, for {@code BUNDLE_VAR_<name>}
 * @param workingDir against which relative paths in options are resolved
 * @param sleeper waits between polls of a run
 * @param idempotencyTokens a fresh token per triggered run
 */
public record ControlDependencies(
    Map<String, String> environment,
    Path workingDir,
    WorkspaceConnector connector,
    Sleeper sleeper,
    Clock clock,
    Supplier<String> idempotencyTokens) {

  public ControlDependencies {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(idempotencyTokens, "idempotencyTokens");
  }

  /** Real time, real sleeping and random tokens, for {@code main}. */
  public static ControlDependencies system(
      Map<String, String> environment, Path workingDir, WorkspaceConnector connector) {
    return new ControlDependencies(
        environment,
        workingDir,
        connector,
        duration -> Thread.sleep(duration.toMillis()),
        Clock.systemUTC(),
        () -> UUID.randomUUID().toString());
  }
}
