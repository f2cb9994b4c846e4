package io.clickflow.bundle.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.bundle.TestBundles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
  @TempDir Path dir;

  @Test
  void selectsTheDefaultTargetWhenNoneIsRequested() {
    Targets targets = new Targets(TestBundles.load(TestBundles.writeValid(dir)));

    assertThat(targets.select(Optional.empty()).name()).contains("dev");
  }

  @Test
  void selectsTheRequestedTarget() {
    Targets targets = new Targets(TestBundles.load(TestBundles.writeValid(dir)));

    assertThat(targets.select(Optional.of("prod")).name()).contains("prod");
  }

  @Test
  void findsTargetsDeclaredInIncludedFiles() {
    TestBundles.write(
        dir, Map.of("resources/staging.yml", "targets:\n  staging:\n    mode: production\n"));
    Targets targets = new Targets(TestBundles.load(dir));

    assertThat(targets.get("staging"))
        .get()
        .extracting(t -> t.file().name())
        .isEqualTo("resources/staging.yml");
  }
}
