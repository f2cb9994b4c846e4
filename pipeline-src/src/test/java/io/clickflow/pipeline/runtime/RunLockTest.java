package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time on a local lakehouse: a second run, in another process or this one, is told
 * which run holds it; a run killed with SIGKILL leaves nothing that blocks the next.
 */
class RunLockTest {

  @TempDir Path lakehouse;

  @Test
  void aRunInAnotherProcessHoldsTheLakehouseUntilItIsKilled() throws Exception {
    Process holder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Holder.class.getName(),
                    lakehouse.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("held");

      assertThatThrownBy(() -> RunLock.acquire(lakehouse, "second"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another pipeline run is using the lakehouse " + lakehouse)
          .hasMessageContaining("run first, pid " + holder.pid());
    } finally {
      holder.destroyForcibly(); // SIGKILL: no code of the holder's runs
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (RunLock lock = RunLock.acquire(lakehouse, "after the crash")) {
      assertThat(Files.readString(lakehouse.resolve(RunLock.FILE)))
          .startsWith("run after the crash, pid " + ProcessHandle.current().pid());
    }
    assertThat(Files.readString(lakehouse.resolve(RunLock.FILE))).isEmpty();
  }

  @Test
  void aSecondRunInThisProcessIsRefusedAndTheFirstReleasesItOnClose() {
    Path folder = lakehouse.resolve("not yet made");
    try (RunLock first = RunLock.acquire(folder, "one")) {
      assertThatThrownBy(() -> RunLock.acquire(folder, "two"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(run one, pid " + ProcessHandle.current().pid());
    }
    RunLock.acquire(folder, "three").close();
  }

  @Test
  void onlyALocalRootHasAFolderToLock() {
    assertThat(RunLock.localFolder("/data/lake")).contains(Path.of("/data/lake"));
    assertThat(RunLock.localFolder("lake")).contains(Path.of("lake"));
    assertThat(RunLock.localFolder("file:/data/lake")).contains(Path.of("/data/lake"));
    assertThat(RunLock.localFolder("abfss://lake@account.dfs.core.windows.net/clickflow"))
        .isEmpty();
  }

  /** Holds the lakehouse in its own JVM until it is killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      RunLock.acquire(Path.of(args[0]), "first");
      System.out.println("held");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
