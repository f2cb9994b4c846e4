package io.clickflow.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.event.ClickEvent;
import io.clickflow.producer.event.EventJson;
import io.clickflow.producer.event.TrafficGenerator;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.SinkException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One producer run: generates the traffic, injects the configured faults, cuts landing files and
 * publishes them. Usable as a library, e.g. by tests that need a landing folder:
 *
 * <pre>{@code
 * ProducerSummary summary =
 *     new Producer(ProducerConfig.defaults(), new LocalFolderSink(dir), clock,
 *         new ProducerMetrics(), ProgressListener.NONE).run();
 * }</pre>
 */
public final class Producer {

  private final ProducerConfig config;
  private final EventSink sink;
  private final Clock clock;
  private final ProducerMetrics metrics;
  private final ProgressListener progress;

  /**
   * @param clock ends the simulated window when the run starts, and names each file's hour folder
   *     when it is published
   */
  public Producer(
      ProducerConfig config,
      EventSink sink,
      Clock clock,
      ProducerMetrics metrics,
      ProgressListener progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Runs to completion. Files published before a failure stay published; they are complete.
   *
   * @throws SinkException if a file could not be published; the run stops there
   */
  public ProducerSummary run() throws SinkException {
    SplittableRandom trafficRandom = new SplittableRandom(config.seed());
    // A separate stream for faults, so changing a fault rate leaves the traffic itself unchanged.
    SplittableRandom faultRandom = trafficRandom.split();
    ObjectMapper mapper = EventJson.newMapper();
    TrafficGenerator traffic = new TrafficGenerator(config.traffic(), trafficRandom, clock);
    FaultInjector faults = new FaultInjector(config.faults(), faultRandom, mapper, metrics);
    FileBatcher batcher =
        new FileBatcher(
            config.batchLimits(),
            config.gzip(),
            config.producerId(),
            sink.lastSequence(config.producerId()),
            sink,
            clock,
            metrics);

    long total = config.traffic().events();
    long reportEvery = Math.max(1, total / 10);
    long done = 0;
    while (traffic.hasNext()) {
      ClickEvent event = traffic.next();
      appendAll(batcher, faults.linesFor(event));
      done++;
      if (done % reportEvery == 0 && done < total) {
        progress.progress(done, total, batcher.filesPublished());
      }
    }
    appendAll(batcher, faults.remainingLines());
    batcher.flush();
    progress.progress(done, total, batcher.filesPublished());
    return new ProducerSummary(
        done, batcher.lines(), batcher.published(), batcher.bytes(), faults.counts());
  }

  private static void appendAll(FileBatcher batcher, List<byte[]> lines) throws SinkException {
    for (byte[] line : lines) {
      batcher.append(line);
    }
  }
}
