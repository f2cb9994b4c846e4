package io.clickflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design's dependency rule for this module: the core does not import a vendor SDK, only the
 * adapter that implements the core's interfaces does.
 */
class SdkBoundaryTest {

  private static final Path MAIN = MonitoringFiles.moduleDir().resolve("src/main/java");
  private static final Path ADAPTER = MAIN.resolve("io/clickflow/monitoring/databricks");

  @Test
  void onlyTheDatabricksAdapterImportsTheDatabricksSdk() throws IOException {
    List<Path> importers = sourcesImporting("import com.databricks.");

    assertThat(importers).isNotEmpty().allSatisfy(file -> assertThat(file).startsWith(ADAPTER));
  }

  @Test
  void nothingImportsSpark() throws IOException {
    assertThat(sourcesImporting("import org.apache.spark.")).isEmpty();
  }

  private static List<Path> sourcesImporting(String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> read(file).lines().anyMatch(line -> line.startsWith(prefix)))
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
