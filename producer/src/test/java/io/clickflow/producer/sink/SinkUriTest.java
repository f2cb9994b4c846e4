package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.clickflow.producer.sink.SinkUri.CloudLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkUriTest {

  @Test
  void parsesLocalWithAbsoluteOrRelativeDirectories() {
    assertThat(SinkUri.parse("local:/data/landing"))
        .isEqualTo(new SinkUri("local", "/data/landing"));
    assertThat(SinkUri.parse("LOCAL:./landing")).isEqualTo(new SinkUri("local", "./landing"));
    assertThat(SinkUri.parse("local:/data/landing")).hasToString("local:/data/landing");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adls://acct/landing/events/raw  | adls    | acct | landing | events/raw | adls://acct/landing/events/raw",
        "adls://acct/landing/            | adls    | acct | landing | ''         | adls://acct/landing",
        "ADLS://acct/landing             | adls    | acct | landing | ''         | adls://acct/landing",
        "blob://acct2/my-container/x     | blob    | acct2 | my-container | x     | blob://acct2/my-container/x",
        "azurite:landing/events          | azurite | ''   | landing | events     | azurite:landing/events",
        "azurite:landing                 | azurite | ''   | landing | ''         | azurite:landing",
      })
  void parsesCloudSinksIntoAccountContainerAndPrefix(
      String text, String scheme, String account, String container, String prefix, String shown) {
    SinkUri uri = SinkUri.parse(text);
    assertThat(uri.scheme()).isEqualTo(scheme);
    assertThat(uri.cloud()).isEqualTo(new CloudLocation(account, container, prefix));
    assertThat(uri).hasToString(shown);
  }

  @Test
  void landingPathsGoBelowThePrefix() {
    LandingPath path = new LandingPath("2026/03/14/15/p1-000001.json");
    assertThat(SinkUri.parse("adls://acct/lake/landing/events").cloud().pathOf(path))
        .isEqualTo("landing/events/2026/03/14/15/p1-000001.json");
    assertThat(SinkUri.parse("adls://acct/lake").cloud().pathOf(path)).isEqualTo(path.value());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://bucket/landing           | unknown sink scheme 's3'",
        "/data/landing                 | has no scheme; expected local:<dir>, adls://",
        "local:                        | needs a directory",
        "' '                           | must not be empty",
        "adls:acct/lake                | write adls://<account>/<filesystem>[/<prefix>]",
        "adls://                       | needs an account and a filesystem",
        "adls://acct                   | needs a filesystem",
        "adls://Acct/lake              | 'Acct' is not a storage account name",
        "adls://a/lake                 | 'a' is not a storage account name",
        "blob://acct/Landing           | 'Landing' is not a valid container name",
        "blob://acct/la--nding         | 'la--nding' is not a valid container name",
        "adls://acct/lake/a//b         | the prefix 'a//b' is not a path",
        "adls://acct/lake/a/../b       | the prefix 'a/../b' is not a path",
        "azurite:                      | needs a container, e.g. azurite:landing",
        "abfss://fs@acct.dfs.core.windows.net/x | adls://<account>/<filesystem>",
        "https://acct.blob.core.windows.net/c | name the storage by account, not by URL",
      })
  void rejectsWhatItCannotWriteToWithOneLineThatSaysWhatWorks(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SinkUri.parse(text))
        .withMessageContaining(message)
        .withMessageNotContaining("\n");
  }
}
