package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.sink.azure.Azurite;
import io.clickflow.producer.sink.azure.AzuriteExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code clickflow produce} end to end into Azurite, as a user would run it. */
@ExtendWith(AzuriteExtension.class)
class ProduceToAzuriteTest {

  @Test
  void producesIntoTheEmulatorAndContinuesTheSequenceOnTheNextRun(Azurite azurite) {
    String container = azurite.newContainer("cli");
    String sink = "azurite:" + container + "/landing";

    assertThat(run(sink, azurite.connectionString(), "1200")).isZero();
    assertThat(run(sink, azurite.connectionString(), "600")).isZero();

    Map<String, byte[]> blobs = azurite.blobs(container, "landing");
    assertThat(blobs)
        .containsOnlyKeys(
            TestClocks.HOUR_FOLDER + "p1-000001.json", TestClocks.HOUR_FOLDER + "p1-000002.json");
    long lines =
        blobs.values().stream()
            .mapToLong(content -> new String(content, StandardCharsets.UTF_8).lines().count())
            .sum();
    assertThat(lines).isEqualTo(1800);
  }

  private static int run(String sink, String connectionString, String events) {
    CommandLine command = ProducerCli.commandLine(TestClocks.fixed());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit =
        command.execute(
            "--sink", sink, "--connection-string", connectionString, "--events", events);
    assertThat(out.toString()).contains(sink);
    assertThat(err.toString()).doesNotContain(connectionString);
    return exit;
  }
}
