package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fallback passes an interrupt on, found anywhere in a failure's causes, and sets the thread's
 * flag again; a timeout is a failure like any other.
 */
class InterruptionTest {

  @AfterEach
  void clearFlag() {
    Thread.interrupted();
  }

  @Test
  void anInterruptAmongTheCausesIsAStopAndSetsTheFlagAgain() {
    assertThat(
            PipelineRunner.interruption(
                new IllegalStateException("job failed", new InterruptedException())))
        .isTrue();
    assertThat(Thread.interrupted()).isTrue();

    assertThat(PipelineRunner.interruption(new UncheckedIOException(new InterruptedIOException())))
        .isTrue();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aTimeoutIsNoInterrupt() {
    assertThat(
            PipelineRunner.interruption(
                new UncheckedIOException(new SocketTimeoutException("read timed out"))))
        .isFalse();
    assertThat(PipelineRunner.interruption(new IOException("checksum error"))).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
