package io.clickflow.pipeline.runtime;

import io.clickflow.contract.LakehouseLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a lakehouse on this machine's file system for one pipeline run. Two runs on one lakehouse
 * at once share its streams' checkpoints, and a view's refresh mark could name the other run's
 * commit; so a second {@code pipeline run} stops before it starts, naming the run that holds the
 * lakehouse. Runs started in other ways (a test's runner, {@code pipeline bench}) take no lock.
 *
 * <p>The lock is the operating system's lock on {@value #FILE} in the lakehouse folder, so it goes
 * with its process, killed or not: a run after a crash never finds a stale lock. The file names the
 * run that holds the lakehouse, or last held it. Such a lock belongs to the whole process, and
 * closing any handle of the file in the process releases it, so this JVM never opens the file again
 * while it holds it: a second run in the same JVM is refused from memory. A file system without
 * locks (some network mounts) gets a note and no lock. A lakehouse in cloud storage has no such
 * lock; there the job's {@code max_concurrent_runs: 1} keeps runs apart.
 */
public final class RunLock implements AutoCloseable {

  /** The lock file in the lakehouse folder; it names the run holding it. */
  public static final String FILE = "run.lock";

  /** The lakehouse folders this JVM holds, with the line naming the run that holds each. */
  private static final ConcurrentHashMap<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path folder;
  private final FileChannel channel;

  private RunLock(Path folder, FileChannel channel) {
    this.folder = folder;
    this.channel = channel;
  }

  /**
   * The local folder of a lakehouse root (a path or a {@code file:} URI, as Hadoop reads it); empty
   * for a root in cloud storage.
   */
  public static Optional<Path> localFolder(String root) {
    LakehouseLayout layout = new LakehouseLayout(root);
    if (!layout.isLocal()) {
      return Optional.empty();
    }
    String path =
        root.startsWith("file:")
            ? new org.apache.hadoop.fs.Path(layout.root()).toUri().getPath()
            : layout.root();
    return Optional.of(Path.of(path).toAbsolutePath().normalize());
  }

  /**
   * Locks the lakehouse folder for run {@code runId}, making the folder when it is missing. Where
   * the file system cannot lock, a note goes to {@code notes} and the run goes on unlocked.
   *
   * @throws IllegalStateException when another run holds it, naming that run
   */
  public static RunLock acquire(Path lakehouse, String runId, PrintStream notes) {
    Path folder = lakehouse.toAbsolutePath().normalize();
    String holder =
        "run %s, pid %d, since %s"
            .formatted(runId, ProcessHandle.current().pid(), Instant.now().toString());
    String heldHere = HELD.putIfAbsent(folder, holder);
    if (heldHere != null) {
      throw held(folder, heldHere);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(FILE);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (IOException e) {
        notes.printf(
            "lakehouse %s: its file system cannot lock %s (%s); running without the check for"
                + " another run%n",
            folder, FILE, e.getMessage());
        return new RunLock(folder, channel);
      }
      if (lock == null) {
        String other = Files.readString(file, StandardCharsets.UTF_8).trim();
        throw held(folder, other);
      }
      byte[] line = holder.getBytes(StandardCharsets.UTF_8);
      channel.write(ByteBuffer.wrap(line), 0);
      channel.truncate(line.length);
      channel.force(false);
      return new RunLock(folder, channel);
    } catch (IOException e) {
      release(folder, channel);
      throw new UncheckedIOException(
          "could not lock the lakehouse " + folder + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      release(folder, channel);
      throw e;
    }
  }

  private static IllegalStateException held(Path folder, String holder) {
    return new IllegalStateException(
        "another pipeline run is using the lakehouse "
            + folder
            + (holder.isEmpty() ? "" : " (" + holder + ")")
            + "; wait for it to end or stop it: two runs on one lakehouse at once are not"
            + " supported");
  }

  /** Releases the lakehouse. The file stays: removing it would race with a run opening it. */
  @Override
  public void close() {
    release(folder, channel);
  }

  private static void release(Path folder, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close(); // releases the lock with it
      }
    } catch (IOException e) {
      // the process's exit releases whatever closing did not
    } finally {
      HELD.remove(folder);
    }
  }
}
