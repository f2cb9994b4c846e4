package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessLocalFileSystemTest {

  @TempDir Path dir;

  /**
   * A JVM whose PATH holds only stand-ins for the programs Hadoop's local file system starts, each
   * noting its call: Hadoop's own file system starts {@code chmod} and {@code readlink} to write a
   * file and rename it into place; the in-process one starts none, and still refuses to rename onto
   * an existing file, as Spark's checkpoints and Delta's log need.
   */
  @Test
  void writesAndRenamesWithoutStartingAProcess() throws Exception {
    Child hadoopsOwn = child("hadoop", dir.resolve("a"));
    assertThat(hadoopsOwn.exit()).as(hadoopsOwn.output()).isZero();
    assertThat(hadoopsOwn.started()).contains("chmod", "readlink");

    Child inProcess = child("in-process", dir.resolve("b"));
    assertThat(inProcess.exit()).as(inProcess.output()).isZero();
    assertThat(inProcess.output()).contains("renamed, and refused to overwrite");
    assertThat(inProcess.started()).isEmpty();
    assertThat(Files.readString(dir.resolve("b/lake/log/00.json"))).isEqualTo("commit");
  }

  @Test
  void permissionsAreSetAsChmodSetsThem() throws Exception {
    FileSystem fs = new InProcessLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("f").toUri());
    fs.create(file).close();
    fs.setPermission(file, new FsPermission((short) 0640));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f"))))
        .isEqualTo("rw-r-----");
    fs.setPermission(file, new FsPermission((short) 0751));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f"))))
        .isEqualTo("rwxr-x--x");

    // chmod keeps a folder's set-group-id bit, which java.nio would clear.
    Path shared = Files.createDirectory(dir.resolve("shared"));
    assertThat(new ProcessBuilder("chmod", "2755", shared.toString()).start().waitFor()).isZero();
    fs.setPermission(new org.apache.hadoop.fs.Path(shared.toUri()), new FsPermission((short) 0750));
    assertThat((Integer) Files.getAttribute(shared, "unix:mode") & 07777).isEqualTo(02750);
  }

  /** Links are reported as Hadoop's own reports them, by running {@code readlink}. */
  @Test
  void linksAreReportedAsHadoopReportsThem() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "data");
    Files.createSymbolicLink(dir.resolve("link"), target);
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing"));
    RawLocalFileSystem hadoopsOwn = new RawLocalFileSystem();
    RawLocalFileSystem inProcess = new InProcessLocalFileSystem.Raw();
    for (RawLocalFileSystem fs : List.of(hadoopsOwn, inProcess)) {
      fs.initialize(java.net.URI.create("file:///"), new Configuration());
    }
    for (String name : List.of("target", "link", "dangling")) {
      for (org.apache.hadoop.fs.Path path :
          List.of(
              new org.apache.hadoop.fs.Path(dir.resolve(name).toString()),
              new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()))) {
        assertThat(linkStatus(inProcess, path))
            .as(path.toString())
            .isEqualTo(linkStatus(hadoopsOwn, path));
      }
    }
    assertThat(
            inProcess.getFileLinkStatus(new org.apache.hadoop.fs.Path(dir + "/link")).isSymlink())
        .as("a link named by its path alone is seen as one")
        .isTrue();
    assertThatThrownBy(
            () -> inProcess.getFileLinkStatus(new org.apache.hadoop.fs.Path(dir + "/missing")))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  /** What a file system says of a path as a link: the parts that tell one answer from another. */
  private static String linkStatus(RawLocalFileSystem fs, org.apache.hadoop.fs.Path path)
      throws java.io.IOException {
    FileStatus status;
    try {
      status = fs.getFileLinkStatus(path);
    } catch (java.io.FileNotFoundException e) {
      return "not found";
    }
    return status.isSymlink()
        ? "link to %s (%s), %d bytes, at %s"
            .formatted(
                status.getSymlink(), fs.getLinkTarget(path), status.getLen(), status.getPath())
        : "%d bytes at %s".formatted(status.getLen(), status.getPath());
  }

  /** How a child JVM ended, and the programs it started, one name a line. */
  private record Child(int exit, String output, List<String> started) {}

  private static Child child(String which, Path folder) throws Exception {
    Path bin = Files.createDirectories(folder.resolve("bin"));
    Path started = folder.resolve("started");
    for (String program : List.of("chmod", "readlink", "ls", "stat", "ln")) {
      Path standIn =
          Files.writeString(
              bin.resolve(program),
              "#!/bin/sh\necho %s >> '%s'\n".formatted(program, started),
              StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                which,
                folder.resolve("lake").toString())
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Child(
        process.exitValue(),
        output,
        Files.exists(started) ? Files.readAllLines(started) : List.of());
  }

  /** Writes a file and renames it into place, as a checkpoint or a Delta commit does. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      Configuration conf = new Configuration();
      if (args[0].equals("in-process")) {
        conf.set("fs.file.impl", InProcessLocalFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", InProcessLocalFs.class.getName());
      }
      org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(Path.of(args[1]).toUri());
      FileSystem fs = folder.getFileSystem(conf);
      fs.mkdirs(new org.apache.hadoop.fs.Path(folder, "log"));
      FileContext fc = FileContext.getFileContext(folder.toUri(), conf);
      org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(folder, "log/.00.json.tmp");
      org.apache.hadoop.fs.Path commit = new org.apache.hadoop.fs.Path(folder, "log/00.json");
      try (OutputStream out =
          fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write("commit".getBytes(StandardCharsets.UTF_8));
      }
      fc.rename(temp, commit, Options.Rename.NONE);
      try (OutputStream out = fs.create(temp)) {
        out.write("another".getBytes(StandardCharsets.UTF_8));
      }
      try {
        fc.rename(temp, commit, Options.Rename.NONE);
        System.out.println("overwrote an existing commit");
        System.exit(1);
      } catch (FileAlreadyExistsException expected) {
        System.out.println("renamed, and refused to overwrite");
      }
    }
  }
}
