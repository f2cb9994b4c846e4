package io.clickflow.pipeline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Holds a lakehouse on this machine's file system for one pipeline run. Two runs on one lakehouse
 * at once share its streams' checkpoints, and a view's refresh mark could name the other run's
 * commit; so a second run stops before it starts, naming the run that holds the lakehouse.
 *
 * <p>The lock is the operating system's lock on {@value #FILE} in the lakehouse folder, so it goes
 * with its process, killed or not: a run after a crash never finds a stale lock. The file is left
 * in place, since removing it would let a third run lock a file the second already has open. A
 * lakehouse in cloud storage has no such lock; there the job's {@code max_concurrent_runs: 1} keeps
 * runs apart.
 */
public final class RunLock implements AutoCloseable {

  /** The lock file in the lakehouse folder; it names the run holding it. */
  public static final String FILE = "run.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The local folder of a lakehouse root given as a path or a {@code file:} URI; empty for a root
   * in cloud storage ({@code abfss://...}).
   */
  public static Optional<Path> localFolder(String root) {
    if (root.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(root)));
    }
    return root.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
        ? Optional.empty()
        : Optional.of(Path.of(root));
  }

  /**
   * Locks the lakehouse folder for run {@code runId}, making the folder when it is missing.
   *
   * @throws IllegalStateException when another run holds it, naming that run
   */
  public static RunLock acquire(Path lakehouse, String runId) {
    Path file = lakehouse.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(lakehouse);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) { // a run in this very JVM holds it
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        throw new IllegalStateException(
            "another pipeline run is using the lakehouse "
                + lakehouse
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; wait for it to end or stop it: two runs on one lakehouse at once are not"
                + " supported");
      }
      String holder =
          "run %s, pid %d, since %s"
              .formatted(runId, ProcessHandle.current().pid(), Instant.now().toString());
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("could not lock the lakehouse " + lakehouse, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Releases the lakehouse; the file stays, empty of any run's name. */
  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      throw new UncheckedIOException("could not release the lakehouse lock", e);
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close(); // also releases a lock the channel holds
    } catch (IOException e) {
      // nothing is held any more once the channel is gone
    }
  }
}
