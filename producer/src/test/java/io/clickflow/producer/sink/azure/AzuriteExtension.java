package io.clickflow.producer.sink.azure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.azure.AzuriteContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Gives tests a running Azurite Blob endpoint, as an {@link Azurite} parameter. One emulator serves
 * the whole test run; it starts on first use and stops when the run ends.
 *
 * <p>Where a Docker engine answers, the emulator is Testcontainers' {@link AzuriteContainer}.
 * Otherwise it is Azurite from the npm registry, {@code azurite-blob} from {@code
 * <repo>/.clickflow/tools} (where {@code ./clickflow test} installs it) or from the PATH, on a port
 * the emulator picks itself. With neither, the tests are skipped, except under {@code CI=true},
 * where they fail: a missing component must never pass as green.
 *
 * <p>The emulator gets an account of its own whose key is drawn at random for each run, so no
 * account key is written anywhere.
 */
public final class AzuriteExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  /** The same Azurite release for the npm package and the container image. */
  public static final String VERSION = "3.37.0";

  private static final String ACCOUNT = "clickflow";
  private static final int BLOB_PORT = 10000;
  private static final Pattern LISTENING =
      Pattern.compile("Blob service successfully listens on (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator(context);
  }

  /** Skips each test, with the reason in the report, when there is no emulator to run. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Running running = emulator(context);
    if (running.azurite() == null) {
      throw new TestAbortedException(running.unavailable());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Azurite.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return emulator(context).azurite();
  }

  private static Running emulator(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(AzuriteExtension.class))
        .getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
  }

  /**
   * A started emulator, or why there is none; JUnit closes it when the root context, the whole run,
   * ends.
   */
  private interface Running extends AutoCloseable {
    Azurite azurite();

    default String unavailable() {
      return null;
    }
  }

  private static Running start() {
    String key = randomKey();
    if (dockerAnswers()) {
      AzuriteContainer container =
          new AzuriteContainer(
                  DockerImageName.parse("mcr.microsoft.com/azure-storage/azurite:" + VERSION))
              .withEnv("AZURITE_ACCOUNTS", ACCOUNT + ":" + key);
      container.start();
      String endpoint =
          "http://"
              + container.getHost()
              + ":"
              + container.getMappedPort(BLOB_PORT)
              + "/"
              + ACCOUNT;
      Azurite azurite = new Azurite(ACCOUNT, connectionString(key, endpoint), endpoint);
      return new Running() {
        @Override
        public Azurite azurite() {
          return azurite;
        }

        @Override
        public void close() {
          container.stop();
        }
      };
    }
    Optional<Path> executable = npmAzurite();
    if (executable.isEmpty()) {
      String message =
          "Azurite is not installed: ./clickflow test installs azurite@"
              + VERSION
              + " into .clickflow/tools (it needs npm); or put azurite-blob on the PATH";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message + " (CI=true: a missing emulator fails the run)");
      }
      System.err.println("AzuriteExtension: skipping the Azurite tests. " + message);
      return new Running() {
        @Override
        public Azurite azurite() {
          return null;
        }

        @Override
        public String unavailable() {
          return message;
        }

        @Override
        public void close() {}
      };
    }
    try {
      return startNpm(executable.get(), key);
    } catch (IOException e) {
      throw new IllegalStateException("start Azurite from " + executable.get() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Azurite", e);
    }
  }

  private static Running startNpm(Path executable, String key)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("azurite-", ".log");
    List<String> command =
        List.of(
            executable.toString(),
            "--inMemoryPersistence",
            "--extentMemoryLimit",
            "512",
            "--blobHost",
            "127.0.0.1",
            // Port 0: the emulator takes a free port and logs it, so no other process can race
            // for a port picked here.
            "--blobPort",
            "0",
            "--loose",
            "--skipApiVersionCheck",
            "--disableTelemetry");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("AZURITE_ACCOUNTS", ACCOUNT + ":" + key);
    Process process = builder.start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Matcher listening = LISTENING.matcher(output);
      if (listening.find()) {
        String endpoint = listening.group(1) + "/" + ACCOUNT;
        Azurite azurite = new Azurite(ACCOUNT, connectionString(key, endpoint), endpoint);
        return new Running() {
          @Override
          public Azurite azurite() {
            return azurite;
          }

          @Override
          public void close() throws InterruptedException {
            stop(process);
          }
        };
      }
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        stop(process);
        throw new IllegalStateException(
            "Azurite did not start ("
                + (process.isAlive() ? "no answer within " + START_TIMEOUT : "it exited")
                + "): "
                + output.strip().replaceAll("\\s*\\R\\s*", " | "));
      }
      Thread.sleep(50);
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Asks Testcontainers only where a Docker engine could be: its probing of every strategy is slow
   * and noisy on a machine that has none.
   */
  private static boolean dockerAnswers() {
    boolean candidate =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    try {
      return candidate && DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Optional<Path> npmAzurite() {
    List<Path> candidates = new ArrayList<>();
    repositoryRoot()
        .ifPresent(
            root ->
                candidates.add(root.resolve(".clickflow/tools/node_modules/.bin/azurite-blob")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(java.io.File.pathSeparator)) {
        if (!directory.isBlank()) {
          candidates.add(Path.of(directory, "azurite-blob"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The folder with the {@code clickflow} launcher, above the module the tests run in. */
  private static Optional<Path> repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("clickflow"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static String randomKey() {
    byte[] key = new byte[64];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String connectionString(String key, String blobEndpoint) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + key
        + ";BlobEndpoint="
        + blobEndpoint
        + ";";
  }
}
