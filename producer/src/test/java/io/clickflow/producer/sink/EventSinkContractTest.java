package io.clickflow.producer.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.TestClocks;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link EventSink} contract; every implementation runs it through a subclass. */
public abstract class EventSinkContractTest {

  /** A new, empty sink. */
  protected abstract EventSink newSink() throws Exception;

  /** The files a reader would see now, by landing path, ignoring nothing. */
  protected abstract Map<String, byte[]> visibleFiles(EventSink sink) throws Exception;

  private static LandingPath path(long sequence) {
    return LandingPath.of(TestClocks.NOW, "p1", sequence, false);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPublishedFileIsVisibleWithExactlyItsContent() throws Exception {
    EventSink sink = newSink();
    sink.publish(path(1), bytes("{\"a\":1}\n{\"a\":2}\n"));
    assertThat(visibleFiles(sink))
        .containsOnlyKeys(path(1).value())
        .hasEntrySatisfying(
            path(1).value(),
            content -> assertThat(content).isEqualTo(bytes("{\"a\":1}\n{\"a\":2}\n")));
  }

  @Test
  void publishingTheSamePathAgainReplacesInsteadOfDuplicating() throws Exception {
    EventSink sink = newSink();
    sink.publish(path(1), bytes("first\n"));
    sink.publish(path(1), bytes("retried\n"));
    assertThat(visibleFiles(sink)).hasSize(1);
    assertThat(visibleFiles(sink).get(path(1).value())).isEqualTo(bytes("retried\n"));
  }

  @Test
  void lastSequenceIsTheHighestOfThatProducerAcrossHours() throws Exception {
    EventSink sink = newSink();
    assertThat(sink.lastSequence("p1")).isZero();
    sink.publish(path(3), bytes("x\n"));
    sink.publish(LandingPath.of(TestClocks.NOW.plusSeconds(7200), "p1", 12, true), bytes("y"));
    sink.publish(LandingPath.of(TestClocks.NOW, "p11", 99, false), bytes("z\n"));
    assertThat(sink.lastSequence("p1")).isEqualTo(12);
    assertThat(sink.lastSequence("p11")).isEqualTo(99);
    assertThat(sink.lastSequence("p2")).isZero();
  }

  @Test
  void distinctPathsAreDistinctFiles() throws Exception {
    EventSink sink = newSink();
    sink.publish(path(1), bytes("one\n"));
    sink.publish(path(2), bytes("two\n"));
    sink.publish(LandingPath.of(TestClocks.NOW, "p2", 1, true), bytes("gz"));
    assertThat(visibleFiles(sink))
        .containsOnlyKeys(
            TestClocks.HOUR_FOLDER + "p1-000001.json",
            TestClocks.HOUR_FOLDER + "p1-000002.json",
            TestClocks.HOUR_FOLDER + "p2-000001.json.gz");
  }

  @Test
  void theSinkDoesNotKeepTheCallersArray() throws Exception {
    EventSink sink = newSink();
    byte[] content = bytes("original\n");
    sink.publish(path(1), content);
    content[0] = 'X';
    assertThat(visibleFiles(sink).get(path(1).value())).isEqualTo(bytes("original\n"));
  }

  @Test
  void anEmptyFileIsStillAFile() throws Exception {
    EventSink sink = newSink();
    sink.publish(path(1), new byte[0]);
    assertThat(visibleFiles(sink).get(path(1).value())).isEmpty();
  }
}
