package io.clickflow.producer.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Publishes into a local directory tree: the content goes to a {@code _}-prefixed temp file in the
 * target directory, is fsynced, and is then renamed over the target with an atomic move. The rename
 * is what makes the file visible, so a crash at any point leaves either no file or the whole file;
 * a leftover temp file is ignored by readers by its name.
 */
public final class LocalFolderSink implements EventSink {

  private final Path root;

  public LocalFolderSink(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public void publish(LandingPath path, byte[] content) throws SinkException {
    Path target = root.resolve(path.value());
    Path directory = target.getParent();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new SinkException(
          "publish " + path + " to " + describe() + ": the sink root is not a directory",
          false,
          null);
    }
    Path temp = null;
    try {
      Files.createDirectories(directory);
      // A fixed temp name per target: a leftover from a crashed attempt is simply overwritten by
      // the retry. createTempFile would also work but makes owner-only files other readers miss.
      temp = directory.resolve("_" + path.fileName() + ".tmp");
      writeDurably(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      syncDirectory(directory);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp, e);
      throw new SinkException(
          "publish " + path + " to " + describe() + ": " + reason(e), retryable(e), e);
    }
  }

  @Override
  public long lastSequence(String producerId) throws SinkException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .mapToLong(f -> LandingPath.sequenceOf(f.getFileName().toString(), producerId))
          .filter(sequence -> sequence > 0)
          .max()
          .orElse(0);
    } catch (IOException | UncheckedIOException e) {
      throw new SinkException(
          "list " + describe() + " for earlier files of producer " + producerId + ": " + e,
          false,
          e);
    }
  }

  @Override
  public String describe() {
    return SinkUri.LOCAL + ":" + root;
  }

  private static void writeDurably(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /**
   * Makes the rename itself durable. Some platforms (Windows) cannot open a directory at all; there
   * the file system orders the rename itself and this step has nothing to add.
   */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException unsupported) {
      // Best effort by design, see above: the file is already complete and visible.
    }
  }

  private static void deleteQuietly(Path temp, Exception failure) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Permission and configuration problems do not go away by trying again. */
  private static boolean retryable(Exception e) {
    return !(e instanceof AccessDeniedException
        || e instanceof AtomicMoveNotSupportedException
        || e instanceof NotDirectoryException
        || e instanceof ReadOnlyFileSystemException
        || e instanceof FileAlreadyExistsException
        || e instanceof SecurityException);
  }

  private static String reason(Exception e) {
    String simpleName = e.getClass().getSimpleName();
    if (e instanceof FileSystemException fs) {
      String detail = fs.getReason() != null ? fs.getReason() : "";
      return simpleName + " " + fs.getFile() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
    return e.getMessage() == null ? simpleName : simpleName + ": " + e.getMessage();
  }
}
