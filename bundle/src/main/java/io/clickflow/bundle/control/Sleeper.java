package io.clickflow.bundle.control;

import java.time.Duration;

/** Waits; injected so that tests of polling never really sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;
}
