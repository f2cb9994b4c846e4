package io.clickflow.pipeline.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Checkpoint files on a path the client process sees as a local file: a Unity Catalog volume
 * ({@code /Volumes/...}) in a Databricks job, or a plain folder.
 */
final class LocalCheckpointFiles implements CheckpointFiles {

  @Override
  public Optional<List<String>> firstLines(String path, int count) throws IOException {
    Path file = local(path);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return Optional.of(CheckpointFiles.firstLines(reader, count));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public OptionalLong lastBatch(String folder) throws IOException {
    Path dir = local(folder);
    if (!Files.isDirectory(dir)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return CheckpointFiles.lastBatch(files.map(f -> f.getFileName().toString()));
    }
  }

  @Override
  public void replace(String path, String text) throws IOException {
    Path file = local(path);
    Files.createDirectories(file.getParent());
    Path written = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(written, text, StandardCharsets.UTF_8);
    try {
      Files.move(
          written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) { // a mounted volume may refuse an atomic move, or one over a file
      Files.deleteIfExists(file);
      Files.move(written, file);
    }
  }

  @Override
  public void deleteRecursively(String path) throws IOException {
    Path root = local(path);
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path local(String path) throws IOException {
    if (path.startsWith("file:")) {
      return Path.of(java.net.URI.create(path));
    }
    if (path.contains("://")) {
      throw new IOException(
          path
              + " is not reachable from a Databricks Connect client; keep checkpoints in a Unity"
              + " Catalog volume (/Volumes/<catalog>/<schema>/<volume>/...)");
    }
    return Path.of(path);
  }
}
