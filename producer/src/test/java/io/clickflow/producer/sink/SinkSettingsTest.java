package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.clickflow.producer.sink.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkSettingsTest {

  private static final String CLIENT_ID = "6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
  private static final String CONNECTION = "UseDevelopmentStorage=true";

  @Test
  void defaultsUseTheDefaultCredentialThePublicCloudAndTheDefaultRetries() {
    assertThat(SinkSettings.DEFAULTS.identityClientId()).isNull();
    assertThat(SinkSettings.DEFAULTS.endpoint()).isNull();
    assertThat(SinkSettings.DEFAULTS.connectionString()).isNull();
    assertThat(SinkSettings.DEFAULTS.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(SinkSettings.DEFAULTS.retry()).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void theConnectionStringNeverShowsInToString() {
    SinkSettings settings =
        SinkSettings.DEFAULTS.withConnectionString("AccountName=a;AccountKey=c2VjcmV0");
    assertThat(settings.toString()).doesNotContain("c2VjcmV0").contains("connectionString=(set)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "identity | not-a-guid                | must be the managed identity's client id",
        "endpoint | ftp://acct                | endpoint must be an http(s) URL",
        "endpoint | acct.dfs.core.windows.net | endpoint must be an http(s) URL",
        "connection | ' '                     | connection string must not be blank",
      })
  void rejectsMalformedValues(String setting, String value, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> {
              switch (setting) {
                case "identity" -> SinkSettings.DEFAULTS.withIdentityClientId(value);
                case "endpoint" -> SinkSettings.DEFAULTS.withEndpoint(URI.create(value));
                default -> SinkSettings.DEFAULTS.withConnectionString(value);
              }
            })
        .withMessageContaining(message);
  }

  @Test
  void rejectsANonPositiveRequestTimeout() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SinkSettings.DEFAULTS.withRequestTimeout(Duration.ZERO));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adls://acct/landing | connection |  adls:// authenticates with Microsoft Entra ID only",
        "local:/tmp/x      | connection |  applies only to blob:// and azurite: sinks",
        "local:/tmp/x      | identity   |  --identity-client-id applies only to adls:// and blob://",
        "azurite:landing   | identity   |  --identity-client-id applies only to adls:// and blob://",
        "azurite:landing   | endpoint   |  its connection string names the endpoint",
        "local:/tmp/x      | endpoint   |  --endpoint applies only to adls:// and blob://",
        "blob://acct/landing | both       |  either --identity-client-id or --connection-string",
        "blob://acct/landing | endpoint+connection | either --endpoint or --connection-string",
      })
  void refusesSettingsTheSinkWouldIgnore(String sink, String given, String message) {
    SinkSettings settings =
        switch (given) {
          case "connection" -> SinkSettings.DEFAULTS.withConnectionString(CONNECTION);
          case "identity" -> SinkSettings.DEFAULTS.withIdentityClientId(CLIENT_ID);
          case "endpoint" -> SinkSettings.DEFAULTS.withEndpoint(URI.create("https://x.example"));
          case "both" ->
              SinkSettings.DEFAULTS
                  .withIdentityClientId(CLIENT_ID)
                  .withConnectionString(CONNECTION);
          default ->
              SinkSettings.DEFAULTS
                  .withEndpoint(URI.create("https://x.example"))
                  .withConnectionString(CONNECTION);
        };
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings.checkApplies(SinkUri.parse(sink)))
        .withMessageContaining(message);
  }

  @Test
  void acceptsWhatEachSinkUses() {
    SinkSettings identity =
        SinkSettings.DEFAULTS
            .withIdentityClientId(CLIENT_ID)
            .withEndpoint(URI.create("https://acct.dfs.core.windows.net"));
    assertThatNoException()
        .isThrownBy(() -> identity.checkApplies(SinkUri.parse("adls://acct/landing")));
    assertThatNoException()
        .isThrownBy(() -> identity.checkApplies(SinkUri.parse("blob://acct/landing")));
    SinkSettings emulator = SinkSettings.DEFAULTS.withConnectionString(CONNECTION);
    assertThatNoException()
        .isThrownBy(() -> emulator.checkApplies(SinkUri.parse("azurite:landing")));
    assertThatNoException()
        .isThrownBy(() -> emulator.checkApplies(SinkUri.parse("blob://acct/landing")));
  }
}
