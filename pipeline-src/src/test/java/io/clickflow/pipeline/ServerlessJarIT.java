package io.clickflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.Pseudonymiser;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JAR a serverless job runs ({@code -serverless} classifier, built by {@code package}): Spark,
 * Delta, Scala, Hadoop and Jackson are left to the environment, and what the JAR carries is enough
 * to run. The run starts from the JAR alone plus the Spark and Delta libraries, and reads its
 * pepper through the relocated Databricks SDK from a local server speaking the secrets endpoint.
 * Runs after {@code package}, in {@code integration-test}.
 */
class ServerlessJarIT {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final String PEPPER = "serverless-jar-test-pepper";

  @TempDir Path dir;

  @Test
  void carriesThePipelineAndItsOwnLibrariesButNotThePlatforms() throws IOException {
    List<String> entries;
    try (ZipFile jar = new ZipFile(serverlessJar().toFile())) {
      entries = jar.stream().map(e -> e.getName()).toList();
    }
    assertThat(entries)
        .contains(
            "io/clickflow/pipeline/PipelineCli.class",
            "io/clickflow/contract/EventContract.class",
            "picocli/CommandLine.class",
            "io/clickflow/shaded/databricks/sdk/WorkspaceClient.class");
    for (String provided :
        List.of(
            "org/apache/spark/",
            "io/delta/",
            "scala/",
            "org/apache/hadoop/",
            "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/",
            "com/databricks/sdk/",
            "org/apache/http/")) {
      assertThat(entries).as("entries under " + provided).noneMatch(e -> e.startsWith(provided));
    }
  }

  @Test
  void runsFromTheJarWithOnlySparkAndDeltaBesideIt() throws Exception {
    HttpServer workspace =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    workspace.createContext("/api/2.0/secrets/get", ServerlessJarIT::secret);
    workspace.start();
    try {
      Path landing = dir.resolve("landing");
      LandingFixture fixture = new LandingFixture(landing);
      Instant t = Instant.parse("2026-11-22T10:00:00Z");
      for (int i = 0; i < 20; i++) {
        fixture.add(LandingFixture.event("u" + i, "page_view", t.plusSeconds(i), "free", "NL"));
      }
      fixture.publish();
      Path lake = dir.resolve("lake");
      Process run =
          pipeline(
              workspace.getAddress().getPort(),
              "run",
              "--landing",
              landing.toString(),
              "--lakehouse",
              lake.toString(),
              "--tags",
              "bronze,silver",
              "--pepper-secret-scope",
              "clickflow",
              "--pepper-secret-key",
              "pii-pepper");
      assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
      String log = Files.readString(dir.resolve("run.log"));
      assertThat(run.exitValue()).as(log).isZero();

      List<Row> silver =
          new DeltaPathTableStore(SharedSpark.session(), new LakehouseLayout(lake.toString()))
              .read("silver_events")
              .select("user_id", "email_sha256")
              .collectAsList();
      Pseudonymiser expected = new Pseudonymiser(PEPPER);
      assertThat(silver).hasSize(20);
      assertThat(silver)
          .allSatisfy(
              r ->
                  assertThat(r.getString(1))
                      .isEqualTo(expected.pseudonymise(LandingFixture.emailOf(r.getString(0)))));
    } finally {
      workspace.stop(0);
    }
  }

  private static void secret(HttpExchange exchange) throws IOException {
    String value = Base64.getEncoder().encodeToString(PEPPER.getBytes(StandardCharsets.UTF_8));
    byte[] body =
        ("{\"key\":\"pii-pepper\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /**
   * {@code java -cp <serverless jar>:<the rest>} where the rest is this test's classpath without
   * the module's own classes and without the libraries the JAR must carry itself.
   */
  private Process pipeline(int workspacePort, String... args) throws IOException {
    List<String> classpath = new ArrayList<>();
    classpath.add(serverlessJar().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      boolean carried =
          entry.startsWith(TARGET.toString())
              || entry.contains("/io/clickflow/")
              || entry.contains("/clickflow-")
              || entry.contains("/info/picocli/")
              || entry.contains("/com/databricks/");
      if (!carried) {
        classpath.add(entry);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        Arrays.asList(Files.readString(TARGET.resolve("jvm.args")).trim().split("\\s+")));
    command.addAll(
        List.of("-Xmx1g", "-cp", String.join(File.pathSeparator, classpath), mainClass()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove(Pseudonymiser.PEPPER_ENV);
    builder.environment().put("DATABRICKS_HOST", "http://127.0.0.1:" + workspacePort);
    builder.environment().put("DATABRICKS_TOKEN", "not-a-real-token");
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
    return builder.start();
  }

  private static String mainClass() {
    return PipelineCli.class.getName();
  }

  private static Path serverlessJar() throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      List<Path> jars =
          files.filter(p -> p.getFileName().toString().endsWith("-serverless.jar")).toList();
      assertThat(jars).as("the serverless JAR in " + TARGET + " (built by mvn package)").hasSize(1);
      return jars.get(0);
    }
  }
}
