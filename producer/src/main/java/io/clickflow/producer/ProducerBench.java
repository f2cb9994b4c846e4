package io.clickflow.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.event.EventJson;
import io.clickflow.producer.event.TrafficGenerator;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code produce --bench}: the run's own throughput, set against plain Jackson serialisation of the
 * same events in the same JVM. The baseline replays each producer's generator with the same seed
 * and writes every event with an {@link ObjectMapper} (the contract's configuration) to a stream
 * that discards it: no faults, files, queue or sink. Both paths are warmed up first on throw-away
 * events (the producer into a sink that drops its files), so neither pays for the JIT alone. The
 * machine is shared and noisy, so the ratio says more than either rate.
 */
final class ProducerBench {

  /** Warm-up events per path: enough for the JIT to compile the hot loops. */
  private static final long WARM_UP_EVENTS = 200_000;

  /** Discards bytes, and survives the close that {@link ObjectMapper#writeValue} makes. */
  private static final OutputStream DISCARD =
      new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] bytes, int offset, int length) {}
      };

  /** Seconds and event count of the Jackson-only pass. */
  record Baseline(long events, Duration elapsed) {}

  private ProducerBench() {}

  /** Runs both serialisers over throw-away events, before the measured run. */
  static void warmUp(ProducerConfig config, Clock clock) {
    ProducerConfig small =
        config
            .withEvents(Math.max(config.producerIds().size(), WARM_UP_EVENTS))
            .withPacing(Pacing.UNPACED);
    try {
      new Producer(small, new Discard(), clock, new ProducerMetrics(), ProgressListener.NONE).run();
    } catch (SinkException e) {
      throw new IllegalStateException("the warm-up sink never fails", e);
    }
    jacksonBaseline(small, WARM_UP_EVENTS, clock.instant());
  }

  /** Replays {@code events} events of the run's producers through plain Jackson. */
  static Baseline jacksonBaseline(ProducerConfig config, long events, Instant start) {
    ProducerConfig same = config.traffic().events() == events ? config : config.withEvents(events);
    ObjectMapper mapper = EventJson.newMapper();
    long written = 0;
    // The JVM's own timer, not the injected clock: this measures the machine, it decides nothing.
    long began = System.nanoTime();
    for (int i = 0; i < same.producerIds().size(); i++) {
      TrafficGenerator traffic = Producer.sourcesOf(same, i, start).traffic();
      for (long n = same.eventsOf(i); n > 0 && traffic.hasNext(); n--) {
        writeWithJackson(mapper, traffic.next());
        written++;
      }
    }
    return new Baseline(written, Duration.ofNanos(System.nanoTime() - began));
  }

  /** "key value" lines like the summary's, for a terminal or a script. */
  static String report(ProducerSummary run, Baseline baseline) {
    double runSeconds = Math.max(1e-9, run.elapsed().toNanos() / 1e9);
    double baseSeconds = Math.max(1e-9, baseline.elapsed().toNanos() / 1e9);
    double runRate = run.events() / runSeconds;
    double baseRate = baseline.events() / baseSeconds;
    StringBuilder text = new StringBuilder();
    line(text, "bench.events", run.events());
    line(text, "bench.seconds", format("%.3f", runSeconds));
    line(text, "bench.events_per_s", format("%.0f", runRate));
    line(text, "bench.mb_per_s", format("%.1f", run.bytes() / 1e6 / runSeconds));
    line(text, "bench.jackson_events", baseline.events());
    line(text, "bench.jackson_seconds", format("%.3f", baseSeconds));
    line(text, "bench.jackson_events_per_s", format("%.0f", baseRate));
    line(text, "bench.ratio", format("%.2f", runRate / baseRate));
    return text.toString();
  }

  /** A sink that drops every file, for the warm-up: the real sink sees only the measured run. */
  private static final class Discard implements EventSink {
    @Override
    public void publish(LandingPath path, byte[] content) {}

    @Override
    public long lastSequence(String producerId) {
      return 0;
    }

    @Override
    public String describe() {
      return "discard:";
    }
  }

  private static void writeWithJackson(ObjectMapper mapper, Object event) {
    try {
      mapper.writeValue(DISCARD, event);
      DISCARD.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("serialise an event with Jackson", e);
    }
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }

  private static void line(StringBuilder text, String key, Object value) {
    text.append(String.format(Locale.ROOT, "%-26s %s%n", key, value));
  }
}
