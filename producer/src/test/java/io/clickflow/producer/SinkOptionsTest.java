package io.clickflow.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.clickflow.producer.sink.SinkSettings;
import io.clickflow.producer.sink.SinkUri;
import io.clickflow.producer.sink.retry.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SinkOptionsTest {

  private static final String CLIENT_ID = "6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f";

  @Command(name = "probe")
  static final class Probe {
    @Mixin SinkOptions options;
  }

  private static SinkSettings settings(String sink, String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.options.settings(SinkUri.parse(sink));
  }

  @Test
  void withoutOptionsTheSettingsAreTheDefaults() {
    assertThat(settings("adls://acct/landing")).isEqualTo(SinkSettings.DEFAULTS);
  }

  @Test
  void everyOptionMapsOntoItsSetting() {
    assertThat(
            settings(
                "blob://acct/landing",
                "--identity-client-id",
                CLIENT_ID,
                "--endpoint",
                "https://acct.privatelink.blob.core.windows.net",
                "--request-timeout",
                "15s",
                "--max-attempts",
                "3",
                "--max-retry-time",
                "30s"))
        .isEqualTo(
            new SinkSettings(
                CLIENT_ID,
                URI.create("https://acct.privatelink.blob.core.windows.net"),
                null,
                Duration.ofSeconds(15),
                RetryPolicy.DEFAULT.withMaxAttempts(3).withMaxRetryTime(Duration.ofSeconds(30))));
    assertThat(settings("azurite:landing", "--connection-string", "UseDevelopmentStorage=true"))
        .isEqualTo(SinkSettings.DEFAULTS.withConnectionString("UseDevelopmentStorage=true"));
  }

  @Test
  void badValuesAreRefusedWithTheRulesMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("adls://acct/landing", "--max-attempts", "0"))
        .withMessageContaining("max attempts must be between 1 and 100");
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int produce(String... args) {
    CommandLine command = ProducerCli.commandLine(TestClocks.fixed());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adls://acct/landing | --connection-string | UseDevelopmentStorage=true | adls:// authenticates with Microsoft Entra ID only",
        "local:/tmp/landing  | --identity-client-id | "
            + CLIENT_ID
            + " | applies only to adls:// and blob://",
        "azurite:landing     | --endpoint | http://127.0.0.1:10000/x | its connection string names the endpoint",
        "adls://acct/landing | --identity-client-id | me | must be the managed identity's client id",
        "adls://acct/landing | --max-attempts | 0 | max attempts must be between 1 and 100",
        "adls://acct/landing | --max-retry-time | 0s | max retry time must be positive",
      })
  void sinkOptionsThatCannotWorkAreUsageErrors(
      String sink, String option, String value, String message) {
    assertThat(produce("--sink", sink, option, value)).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("produce: ")
        .contains(message);
  }

  @Test
  void helpDescribesTheSinksAndTheirOptions() {
    assertThat(produce("--help")).isZero();
    assertThat(out.toString())
        .contains("adls://<account>/<filesystem>[/<prefix>]")
        .contains("azurite:<container>[/<prefix>]")
        .contains("--identity-client-id=<client-id>")
        .contains("--connection-string=<string>")
        .contains("--max-attempts=<n>")
        .contains("--max-retry-time=<duration>");
  }
}
