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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineJarLocatorTest {
  @TempDir Path repo;

  @Test
  void findsTheNewestServerlessJarAndIgnoresThePlainSourcesAndTestJars() throws Exception {
    Path target = repo.resolve(PipelineJarLocator.TARGET_DIR);
    Path old = jar(target.resolve("clickflow-pipeline-0.0.9-serverless.jar"), 1_000);
    Path current = jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT-serverless.jar"), 2_000);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT.jar"), 3_000);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT-sources.jar"), 3_000);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT-tests.jar"), 3_000);
    jar(target.resolve("other-0.1.0-serverless.jar"), 4_000);

    assertThat(new PipelineJarLocator(repo).locate(Optional.empty())).contains(current);
    assertThat(old).exists();
  }

  @Test
  void thePlainJarAloneIsNotTheDeployableOne() throws Exception {
    Path target = repo.resolve(PipelineJarLocator.TARGET_DIR);
    jar(target.resolve("clickflow-pipeline-0.1.0-SNAPSHOT.jar"), 1_000);

    assertThat(new PipelineJarLocator(repo).locate(Optional.empty())).isEmpty();
  }

  @Test
  void theSearchedPatternNamesTheServerlessJar() {
    assertThat(new PipelineJarLocator(repo).searchedPattern())
        .isEqualTo(
            repo.resolve("pipeline-src/target/clickflow-pipeline-*-serverless.jar")
                .normalize()
                .toString());
  }

  @ParameterizedTest
  @CsvSource({
    "clickflow-pipeline-0.1.0-serverless.jar, true",
    "clickflow-pipeline-0.1.0-SNAPSHOT-serverless.jar, true",
    "clickflow-pipeline-0.1.0.jar, false",
    "clickflow-pipeline-0.1.0-SNAPSHOT.jar, false",
    "clickflow-pipeline-serverless.jar, false",
    "clickflow-pipeline--serverless.jar, false",
    "other-0.1.0-serverless.jar, false",
    "clickflow-pipeline-0.1.0-serverless.jar.tmp, false",
  })
  void recognisesServerlessJarNames(String name, boolean serverless) {
    assertThat(PipelineJarLocator.isServerlessJarName(name)).isEqualTo(serverless);
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
