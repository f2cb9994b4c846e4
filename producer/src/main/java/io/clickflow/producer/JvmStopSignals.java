package io.clickflow.producer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM through a JVM shutdown hook. The hook asks the run to stop, then waits, at
 * most the grace period, until {@link #completed} reports the command's exit code, and ends the
 * process with that code. Without it the JVM would exit as soon as the hook returns, with 130 or
 * 143 and before the last file is published and the summary printed.
 *
 * <p>After a normal end, {@code main} calls {@link #completed} before {@link System#exit}, and the
 * hook then has nothing left to do.
 */
final class JvmStopSignals implements StopSignals {

  private final Runtime runtime;
  private final PrintStream err;
  private final CountDownLatch completed = new CountDownLatch(1);
  private volatile int exitCode;

  JvmStopSignals(Runtime runtime, PrintStream err) {
    this.runtime = runtime;
    this.err = err;
  }

  @Override
  public void onStop(Runnable stop, Duration grace) {
    runtime.addShutdownHook(new Thread(() -> stopAndWait(stop, grace), "clickflow-shutdown"));
  }

  /** The command returned {@code code}; a waiting hook may now end the process with it. */
  void completed(int code) {
    exitCode = code;
    completed.countDown();
  }

  private void stopAndWait(Runnable stop, Duration grace) {
    if (completed.getCount() == 0) {
      return;
    }
    stop.run();
    boolean finished;
    try {
      finished = completed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      err.println(
          "produce: still publishing "
              + grace.toSeconds()
              + "s after the stop signal; exiting without the files not yet published"
              + " (raise --shutdown-grace to wait longer)");
    }
    System.out.flush();
    err.flush();
    // halt, not exit: exit would wait for this very hook, and the JVM's own code would be 143.
    runtime.halt(finished ? exitCode : 1);
  }
}
