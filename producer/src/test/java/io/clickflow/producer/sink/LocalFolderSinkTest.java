package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clickflow.producer.TestClocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderSinkTest extends EventSinkContractTest {

  @TempDir Path temp;

  @Override
  protected EventSink newSink() throws IOException {
    return new LocalFolderSink(Files.createTempDirectory(temp, "landing"));
  }

  /** Every regular file below the root, temp files included, so leftovers would show. */
  @Override
  protected Map<String, byte[]> visibleFiles(EventSink sink) throws IOException {
    Path root = ((LocalFolderSink) sink).root();
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    return files;
  }

  @Test
  void writesBelowTheRootInTheHourFolderAndLeavesNoTempFiles() throws IOException {
    Path root = temp.resolve("landing");
    LocalFolderSink sink = new LocalFolderSink(root);
    for (int sequence = 1; sequence <= 3; sequence++) {
      sink.publish(LandingPath.of(TestClocks.NOW, "p1", sequence, false), new byte[] {'x', '\n'});
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<String> names = walk.map(path -> path.getFileName().toString()).toList();
      assertThat(names).noneMatch(name -> name.startsWith("_") || name.startsWith("."));
    }
    assertThat(root.resolve(TestClocks.HOUR_FOLDER + "p1-000003.json")).hasContent("x");
    assertThat(sink.describe()).isEqualTo("local:" + root.toAbsolutePath());
  }

  @Test
  void aFailedPublishNamesTheFileAndTheSinkAndSaysItWillNotHeal() throws IOException {
    Path notADirectory = Files.writeString(temp.resolve("landing"), "a file, not a folder");
    LocalFolderSink sink = new LocalFolderSink(notADirectory);
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);
    assertThatThrownBy(() -> sink.publish(path, "x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            SinkException.class, failure -> assertThat(failure.retryable()).isFalse())
        .hasMessageStartingWith(
            "publish " + TestClocks.HOUR_FOLDER + "p1-000001.json to local:" + notADirectory);
    assertThat(notADirectory).hasContent("a file, not a folder");
  }

  @Test
  void aFailedMoveLeavesNeitherTargetNorTempFile() throws IOException {
    Path root = temp.resolve("landing");
    LocalFolderSink sink = new LocalFolderSink(root);
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);
    // A non-empty directory at the target path makes the final rename fail after the write.
    Path blocker = Files.createDirectories(root.resolve(path.value()));
    Files.writeString(blocker.resolve("keep"), "k");
    assertThatThrownBy(() -> sink.publish(path, "x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SinkException.class);
    try (Stream<Path> siblings = Files.list(blocker.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("p1-000001.json");
    }
    assertThat(blocker).isDirectory();
  }

  @Test
  void aRetryReplacesTheTempFileACrashedAttemptLeftBehind() throws IOException {
    Path root = temp.resolve("landing");
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);
    Path leftover = root.resolve(TestClocks.HOUR_FOLDER + "_p1-000001.json.tmp");
    Files.createDirectories(leftover.getParent());
    Files.writeString(leftover, "half a fi");

    new LocalFolderSink(root).publish(path, "whole\n".getBytes(StandardCharsets.UTF_8));

    assertThat(leftover).doesNotExist();
    assertThat(root.resolve(path.value())).hasContent("whole");
  }

  @Test
  void publishedFilesAreAsReadableAsAnyNewFileInTheDirectory() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path root = temp.resolve("landing");
    LandingPath path = LandingPath.of(TestClocks.NOW, "p1", 1, false);
    new LocalFolderSink(root).publish(path, new byte[] {'x'});
    Path reference = Files.writeString(root.resolve(TestClocks.HOUR_FOLDER + "reference"), "x");

    assertThat(Files.getPosixFilePermissions(root.resolve(path.value())))
        .isEqualTo(Files.getPosixFilePermissions(reference));
  }
}
