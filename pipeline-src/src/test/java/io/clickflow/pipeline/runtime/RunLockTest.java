package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
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

  private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

  private PrintStream notes() {
    return new PrintStream(notes, true, StandardCharsets.UTF_8);
  }

  @Test
  void aRunInAnotherProcessHoldsTheLakehouseUntilItIsKilled() throws Exception {
    Process holder = child("hold", lakehouse);
    try {
      assertThat(firstLine(holder)).isEqualTo("held");

      assertThatThrownBy(() -> RunLock.acquire(lakehouse, "second", notes()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another pipeline run is using the lakehouse " + lakehouse)
          .hasMessageContaining("(run first, pid " + holder.pid() + ", since ");
    } finally {
      holder.destroyForcibly(); // SIGKILL: none of the holder's code runs
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    RunLock.acquire(lakehouse, "after the crash", notes()).close();
    assertThat(Files.readString(lakehouse.resolve(RunLock.FILE)))
        .as("the file names the run that last held the lakehouse")
        .startsWith("run after the crash, pid " + ProcessHandle.current().pid() + ", since ");
    assertThat(notes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aSecondRunInThisProcessIsRefusedAndTheLockStaysHeld() throws Exception {
    Path folder = lakehouse.resolve("not yet made");
    try (RunLock first = RunLock.acquire(folder, "one", notes())) {
      assertThatThrownBy(() -> RunLock.acquire(folder, "two", notes()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(run one, pid " + ProcessHandle.current().pid());
      // Refusing must not have released the process's lock on the file: another JVM still
      // finds the lakehouse held.
      assertThat(probe(folder))
          .startsWith("refused: another pipeline run is using the lakehouse")
          .contains("(run one, pid " + ProcessHandle.current().pid());
    }
    assertThat(probe(folder)).isEqualTo("acquired");
    RunLock.acquire(folder, "three", notes()).close();
  }

  @Test
  void onlyALocalRootHasAFolderToLock() {
    Path here = Path.of("").toAbsolutePath();
    assertThat(RunLock.localFolder("/data/lake")).contains(Path.of("/data/lake"));
    assertThat(RunLock.localFolder("lake")).contains(here.resolve("lake"));
    assertThat(RunLock.localFolder("file:/data/lake")).contains(Path.of("/data/lake"));
    assertThat(RunLock.localFolder("file:///data/my lake/")).contains(Path.of("/data/my lake"));
    assertThat(RunLock.localFolder("abfss://lake@account.dfs.core.windows.net/clickflow"))
        .isEmpty();
    assertThat(RunLock.localFolder("dbfs:/clickflow/lake")).isEmpty();
  }

  /** A JVM on this test's classpath running {@link Child} with these arguments. */
  private static Process child(String action, Path folder) throws Exception {
    return new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                action,
                folder.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** What a probing JVM says of the lakehouse, once it has let go of it again. */
  private static String probe(Path folder) throws Exception {
    Process probe = child("probe", folder);
    String said = firstLine(probe);
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("the probe ended").isTrue();
    return said;
  }

  private static String firstLine(Process process) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    return out.readLine();
  }

  /**
   * {@code hold FOLDER}: holds the lakehouse until killed or its input ends. {@code probe FOLDER}:
   * tries to take it and says how that went.
   */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path folder = Path.of(args[1]);
      if (args[0].equals("hold")) {
        RunLock.acquire(folder, "first", System.err);
        System.out.println("held");
        System.out.flush();
        System.in.readAllBytes(); // the test's JVM going away ends this one too
        return;
      }
      try (RunLock lock = RunLock.acquire(folder, "probe", System.err)) {
        System.out.println("acquired");
      } catch (IllegalStateException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }
}
