package io.clickflow.pipeline.runtime;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FSLinkResolver;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, with the two calls it makes by starting a process done in this JVM
 * instead ({@code fs.file.impl}; {@link InProcessLocalFs} is the same for {@code FileContext}).
 *
 * <p>Without Hadoop's native library, which no Maven artifact carries, the local file system sets a
 * permission by running {@code chmod}, once for every file it creates, and checks for a symbolic
 * link by running {@code readlink}: for a rename through {@code FileContext}, four times (source
 * and destination, of the file and of its checksum file). Spark's streaming checkpoints and Delta's
 * log commits are such renames. A run over a 10,000-event increment started 560 of these processes
 * from a JVM of several gigabytes, about a second of its two cores.
 *
 * <p>Both are done with {@link java.nio.file} instead, with the same outcome: the permission's
 * read, write and execute bits are set, and the link target is read from the same path {@code
 * readlink} was given. {@code FileContext} gives qualified paths ({@code file:/...}); read as a
 * local file name, such a path names no file, so Hadoop's check never found a link there, and this
 * one finds none either. Two cases are still left to {@code chmod}: a sticky bit, which {@code
 * java.nio} cannot set, and a file or folder with a set-user or set-group bit, which {@code chmod}
 * keeps on a folder where {@code java.nio} would clear it.
 *
 * <p>Hadoop's own classes are not subclassed for {@code FileContext}: their constructors are not
 * visible. So a check for {@code LocalFs} by class no longer matches: Spark's {@code
 * FileContextBasedCheckpointFileManager.isLocal} now answers false, and nothing the pipeline runs
 * asks it.
 */
public class InProcessLocalFileSystem extends LocalFileSystem {

  public InProcessLocalFileSystem() {
    super(new Raw());
  }

  /** The set-user-id and set-group-id bits of a file's mode. */
  private static final int SET_ID_BITS = 06000;

  /** The raw file system under the checksum layer, where Hadoop's own starts the programs. */
  public static class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        if ((((Integer) Files.getAttribute(file, "unix:mode")) & SET_ID_BITS) != 0) {
          super.setPermission(p, permission);
          return;
        }
        Files.setPosixFilePermissions(file, posix(permission.toShort()));
      } catch (UnsupportedOperationException | IllegalArgumentException e) { // not POSIX
        super.setPermission(p, permission);
      }
    }

    /**
     * As Hadoop's own without its native library: the status of what {@code f} names, as a link to
     * the target read from {@code f.toString()} taken as a local file name, when that is a link.
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      FileStatus status = linkStatus(f);
      if (status.isSymlink()) {
        status.setSymlink(
            FSLinkResolver.qualifySymlinkTarget(getUri(), status.getPath(), status.getSymlink()));
      }
      return status;
    }

    @Override
    public Path getLinkTarget(Path f) throws IOException {
      return linkStatus(f).getSymlink(); // unqualified, as Hadoop's own returns it
    }

    private FileStatus linkStatus(Path f) throws IOException {
      String target = readLink(new File(f.toString()));
      FileStatus status;
      try {
        status = getFileStatus(f);
      } catch (FileNotFoundException e) {
        if (target.isEmpty()) {
          throw e;
        }
        // A link whose target is missing.
        return new FileStatus(
            0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", new Path(target), f);
      }
      if (target.isEmpty()) {
        return status;
      }
      return new FileStatus(
          status.getLen(),
          false,
          status.getReplication(),
          status.getBlockSize(),
          status.getModificationTime(),
          status.getAccessTime(),
          status.getPermission(),
          status.getOwner(),
          status.getGroup(),
          new Path(target),
          f);
    }
  }

  /** What {@code readlink} prints for the file: its link target, or nothing when not a link. */
  private static String readLink(File file) {
    try {
      return Files.readSymbolicLink(file.toPath()).toString().trim(); // as Hadoop trims its output
    } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
      return "";
    }
  }

  /** The read, write and execute bits of a permission, as {@code java.nio} names them. */
  private static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < bits.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(bits[bit]);
      }
    }
    return permissions;
  }
}
