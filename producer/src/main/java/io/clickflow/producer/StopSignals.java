package io.clickflow.producer;

import java.time.Duration;

/** How a running command learns that it was asked to stop (SIGINT, SIGTERM). */
interface StopSignals {

  /** Never signals: for tests, which run the command in their own JVM. */
  StopSignals NONE = (stop, grace) -> {};

  /**
   * Arranges for {@code stop} to run when the process is asked to stop, and for the process to wait
   * up to {@code grace} for the command to finish what it is doing.
   */
  void onStop(Runnable stop, Duration grace);
}
