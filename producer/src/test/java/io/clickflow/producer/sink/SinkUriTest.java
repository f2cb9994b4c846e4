package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
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

  @Test
  void opensALocalFolderSinkAtTheDirectory() {
    EventSink sink = SinkFactory.open(SinkUri.parse("local:/data/landing"));
    assertThat(sink).isInstanceOf(LocalFolderSink.class);
    assertThat(((LocalFolderSink) sink).root()).isEqualTo(Path.of("/data/landing"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adls://acct/landing/events | adls:// and blob:// sinks are planned",
        "blob://acct/landing        | adls:// and blob:// sinks are planned",
        "s3://bucket/landing        | unknown sink scheme 's3'",
        "/data/landing              | has no scheme; expected local:<dir>",
        "local:                     | needs a directory",
        "' '                        | must not be empty",
      })
  void rejectsOtherSinksWithOneLineThatSaysWhatWorks(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SinkUri.parse(text))
        .withMessageContaining(message)
        .withMessageNotContaining("\n");
  }
}
