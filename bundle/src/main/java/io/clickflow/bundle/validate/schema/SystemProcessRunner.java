package io.clickflow.bundle.validate.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands as operating-system processes. */
public final class SystemProcessRunner implements ProcessRunner {

  @Override
  public Output run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    // Both streams are drained concurrently: a child blocked on a full stderr pipe never exits.
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Output(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    } catch (ExecutionException e) {
      throw new IOException("read output of " + String.join(" ", command), e.getCause());
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
