package io.clickflow.bundle.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.bundle.TestJars;
import io.clickflow.bundle.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineJarLocatorTest {
  @TempDir Path repo;

  @Test
  void findsTheNewestPipelineJarAndIgnoresSourcesAndTestJars() throws Exception {
    Path target = repo.resolve(PipelineJarLocator.TARGET_DIR);
    Path old = jar(target.resolve("clickflow-pipeline-0.0.9.jar"), 1_000);
    Path current = jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT.jar"), 2_000);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT-sources.jar"), 3_000);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT-tests.jar"), 3_000);
    jar(target.resolve("other-0.1.0.jar"), 4_000);

    assertThat(new PipelineJarLocator(repo).locate(Optional.empty())).contains(current);
    assertThat(old).exists();
  }

  @Test
  void findsNothingBeforeThePipelineIsBuilt() {
    assertThat(new PipelineJarLocator(repo).locate(Optional.empty())).isEmpty();
  }

  @Test
  void anExplicitJarWinsAndMustExist() {
    Path explicit = TestJars.withClasses(repo.resolve("elsewhere.jar"));

    assertThat(new PipelineJarLocator(repo).locate(Optional.of(explicit))).contains(explicit);
    assertThatThrownBy(
            () -> new PipelineJarLocator(repo).locate(Optional.of(repo.resolve("gone.jar"))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("gone.jar")
        .hasMessageContaining("--jar");
  }

  private static Path jar(Path path, long epochSeconds) throws Exception {
    TestJars.withClasses(path);
    Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(epochSeconds)));
    return path;
  }
}
