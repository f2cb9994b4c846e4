package io.clickflow.monitoring.databricks;

import java.time.Duration;

/** Waits between polls of a statement that is still running; tests pass one that never sleeps. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
