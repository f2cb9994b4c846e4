package io.clickflow.pipeline.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one flow at a time write a table that two flows write. Open-source Delta commits at the
 * Serializable level only: a MERGE fails when an append adds files it would have read, and a
 * continuous run's fact appends every few seconds can then fail a longer re-keying MERGE of the
 * same table at each retry. Both flows' batches run in one JVM (the driver, or the Spark Connect
 * server that runs the batch functions), so a lock there orders them instead.
 */
public final class TableWriteLock {

  private static final ConcurrentMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private TableWriteLock() {}

  /** Runs one write of {@code table} (its SQL name, unique per lakehouse) holding its lock. */
  public static void writing(String table, Runnable write) {
    ReentrantLock lock = LOCKS.computeIfAbsent(table, t -> new ReentrantLock(true));
    try {
      lock.lockInterruptibly(); // a query being stopped does not wait for the other writer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to write " + table, e);
    }
    try {
      write.run();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code thread} waits to write {@code table}: lets a test order two writers. */
  public static boolean isWaiting(String table, Thread thread) {
    ReentrantLock lock = LOCKS.get(table);
    return lock != null && lock.hasQueuedThread(thread);
  }
}
