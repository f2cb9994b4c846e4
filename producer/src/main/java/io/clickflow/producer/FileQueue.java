package io.clickflow.producer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between the generating threads and the publishing thread. A full queue
 * blocks the generators, which is what keeps memory flat when the sink is slower than generation:
 * at most {@code capacity} files wait here, plus one being built per producer and one being
 * published.
 */
final class FileQueue {

  private final int capacity;
  private final Clock clock;
  private final ProducerMetrics metrics;
  private final ArrayDeque<PendingFile> files;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private int openProducers;
  private int waitingProducers;
  private boolean aborted;

  /**
   * @param producers how many producers will {@link #finish()}; {@link #take()} ends after the last
   * @param clock measures how long producers wait, for {@link ProducerMetrics}
   */
  FileQueue(int capacity, int producers, Clock clock, ProducerMetrics metrics) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.openProducers = producers;
    this.clock = clock;
    this.metrics = metrics;
    this.files = new ArrayDeque<>(capacity);
    metrics.queueCapacity(capacity);
    metrics.queueDepth(0);
  }

  /**
   * Adds a file, waiting while the queue is full.
   *
   * @throws CancellationException when the run was aborted, before or while waiting; the file is
   *     dropped, since nothing will publish it any more
   */
  void put(PendingFile file) throws InterruptedException {
    lock.lock();
    try {
      if (files.size() >= capacity && !aborted) {
        awaitRoom();
      }
      if (aborted) {
        throw new CancellationException("the run was aborted; " + file.path() + " is dropped");
      }
      files.addLast(file);
      metrics.queueDepth(files.size());
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** One producer has put its last file. */
  void finish() {
    lock.lock();
    try {
      openProducers--;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next file, waiting for one; null once every producer finished and none is left. */
  PendingFile take() throws InterruptedException {
    lock.lock();
    try {
      while (files.isEmpty() && openProducers > 0) {
        notEmpty.await();
      }
      PendingFile file = files.pollFirst();
      metrics.queueDepth(files.size());
      notFull.signal();
      return file;
    } finally {
      lock.unlock();
    }
  }

  /** Drops what waits and releases every waiting producer with a {@link CancellationException}. */
  void abort() {
    lock.lock();
    try {
      aborted = true;
      files.clear();
      metrics.queueDepth(0);
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitRoom() throws InterruptedException {
    Instant since = clock.instant();
    metrics.generatorsWaiting(++waitingProducers);
    try {
      while (files.size() >= capacity && !aborted) {
        notFull.await();
      }
    } finally {
      metrics.generatorsWaiting(--waitingProducers);
      metrics.recordBackpressure(Duration.between(since, clock.instant()));
    }
  }
}
