package io.clickflow.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.producer.event.ClickEvent;
import io.clickflow.producer.event.EventJson;
import io.clickflow.producer.event.TrafficGenerator;
import io.clickflow.producer.event.TrafficShape;
import io.clickflow.producer.sink.EventSink;
import io.clickflow.producer.sink.LandingPath;
import io.clickflow.producer.sink.SinkException;
import io.clickflow.producer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One producer run: generates the traffic, injects the configured faults, cuts landing files and
 * publishes them. Usable as a library, e.g. by tests that need a landing folder:
 *
 * <pre>{@code
 * ProducerSummary summary =
 *     new Producer(ProducerConfig.defaults(), new LocalFolderSink(dir), clock,
 *         new ProducerMetrics(), ProgressListener.NONE).run();
 * }</pre>
 *
 * <p>Each producer id generates on a thread of its own; the thread that calls {@link #run()}
 * publishes, one file at a time, as {@link EventSink} expects. Between them sits a bounded queue of
 * {@link ProducerConfig#maxPendingFiles()} files: when the sink falls behind, generation waits, so
 * memory stays flat however slow the sink is.
 *
 * <p>{@link #stop()}, or interrupting the thread in {@link #run()}, ends the run early but cleanly:
 * generation stops after the current event, and every file cut so far is published before {@code
 * run} returns.
 */
public final class Producer {

  /** The longest single wait, so a stop or a file's age limit is noticed promptly. */
  private static final Duration MAX_WAIT = Duration.ofMillis(100);

  private final ProducerConfig config;
  private final EventSink sink;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ProducerMetrics metrics;
  private final ProgressListener progress;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicReference<Throwable> laneFailure = new AtomicReference<>();
  private final AtomicLong generated = new AtomicLong();
  private final AtomicLong linesPublished = new AtomicLong();
  private final AtomicLong filesPublished = new AtomicLong();
  private final long reportEvery;

  /** A producer that never needs to wait: for batch runs, which are not paced. */
  public Producer(
      ProducerConfig config,
      EventSink sink,
      Clock clock,
      ProducerMetrics metrics,
      ProgressListener progress) {
    this(config, sink, clock, Sleeper.SYSTEM, metrics, progress);
  }

  /**
   * @param clock ends the simulated window of a batch run, stamps the events of a live run, paces
   *     and times a run, and names each file's hour folder when it is cut
   * @param sleeper waits between paced events
   */
  public Producer(
      ProducerConfig config,
      EventSink sink,
      Clock clock,
      Sleeper sleeper,
      ProducerMetrics metrics,
      ProgressListener progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.progress = Objects.requireNonNull(progress, "progress");
    long total = config.traffic().events();
    this.reportEvery = total == ProducerConfig.UNLIMITED_EVENTS ? 0 : Math.max(1, total / 10);
  }

  /**
   * Asks the run to end after the current event and to publish what it has. Safe from any thread,
   * e.g. a shutdown hook; returns at once.
   */
  public void stop() {
    stopping.set(true);
  }

  /**
   * Runs until the event count or the duration is reached, or until {@link #stop()}. Files
   * published before a failure stay published; they are complete. A producer runs once.
   *
   * @throws SinkException if a file could not be published; the run stops there and files not yet
   *     published are dropped
   */
  public ProducerSummary run() throws SinkException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a Producer runs once; create another one");
    }
    Instant start = clock.instant();
    List<String> ids = config.producerIds();
    FileQueue queue = new FileQueue(config.maxPendingFiles(), ids.size(), clock, metrics);
    List<Lane> lanes = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      lanes.add(new Lane(i, ids.get(i), sink.lastSequence(ids.get(i)), start, queue));
    }
    List<Thread> threads = new ArrayList<>(lanes.size());
    for (Lane lane : lanes) {
      Thread thread = new Thread(lane, "clickflow-producer-" + lane.producerId);
      // Never keeps the JVM alive on its own: run() joins every one of them before it returns.
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }

    List<LandingPath> published = new ArrayList<>();
    long bytes = 0;
    boolean interrupted = false;
    boolean completed = false;
    try {
      while (true) {
        PendingFile file;
        try {
          file = queue.take();
        } catch (InterruptedException e) {
          // An interrupt asks for what stop() asks for: finish cleanly, then say so.
          interrupted = true;
          stop();
          continue;
        }
        if (file == null) {
          break;
        }
        bytes += publish(file);
        published.add(file.path());
      }
      completed = true;
    } finally {
      if (!completed) {
        stopping.set(true);
        queue.abort();
      }
      interrupted |= joinAll(threads);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable failure = laneFailure.get();
    if (failure != null) {
      throw new IllegalStateException("generate events: " + failure, failure);
    }

    long events = 0;
    long lines = 0;
    Map<Fault, Long> faults = new EnumMap<>(Fault.class);
    for (Lane lane : lanes) {
      events += lane.emitted;
      lines += lane.batcher.linesCut();
      lane.faults.counts().forEach((fault, count) -> faults.merge(fault, count, Long::sum));
    }
    ProducerSummary summary =
        new ProducerSummary(
            ids, events, lines, published, bytes, faults, Duration.between(start, clock.instant()));
    progress.finished(snapshot(events));
    return summary;
  }

  /** Publishes one file and returns its stored size. */
  private long publish(PendingFile file) throws SinkException {
    byte[] content = file.content();
    Instant started = clock.instant();
    try {
      sink.publish(file.path(), content);
    } catch (SinkException e) {
      metrics.recordPublishFailure(e.reason());
      throw e;
    }
    metrics.recordPublishDuration(Duration.between(started, clock.instant()));
    metrics.recordPublished(file.lines(), content.length);
    linesPublished.addAndGet(file.lines());
    filesPublished.incrementAndGet();
    progress.published(snapshot(generated.get()));
    return content.length;
  }

  private Progress snapshot(long eventsGenerated) {
    return new Progress(
        eventsGenerated, config.traffic().events(), linesPublished.get(), filesPublished.get());
  }

  private void recordGenerated() {
    metrics.recordGenerated(1);
    long done = generated.incrementAndGet();
    if (reportEvery > 0 && done % reportEvery == 0 && done < config.traffic().events()) {
      progress.generated(snapshot(done));
    }
  }

  /** Returns whether this thread was interrupted while waiting. */
  private static boolean joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    return interrupted;
  }

  /** What one producer draws from: its traffic and the random stream of its faults. */
  record Sources(TrafficGenerator traffic, SplittableRandom faultRandom) {}

  /**
   * The generator and fault stream of the producer at {@code index}, exactly as a run builds them,
   * so the bench can replay the same events.
   */
  static Sources sourcesOf(ProducerConfig config, int index, Instant start) {
    String producerId = config.producerIds().get(index);
    SplittableRandom trafficRandom = new SplittableRandom(config.seedOf(producerId));
    // A separate stream for faults, so changing a fault rate leaves the traffic itself unchanged.
    SplittableRandom faultRandom = trafficRandom.split();
    String userIdPrefix = TrafficGenerator.DEFAULT_USER_ID_PREFIX + producerId + "-";
    int users = config.traffic().users();
    TrafficGenerator traffic =
        config.live()
            ? TrafficGenerator.stream(users, trafficRandom, start, userIdPrefix)
            : new TrafficGenerator(
                new TrafficShape(config.eventsOf(index), users, config.traffic().timeSpan()),
                trafficRandom,
                // One window end for every producer of the run.
                Clock.fixed(start, ZoneOffset.UTC),
                userIdPrefix);
    return new Sources(traffic, faultRandom);
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** One producer id: its generator, faults and files, run on a thread of its own. */
  private final class Lane implements Runnable {

    private final String producerId;
    private final long events;
    private final boolean live;
    private final TrafficGenerator traffic;
    private final FaultInjector faults;
    private final FileBatcher batcher;
    private final FileQueue queue;
    private final double rate;
    private final long deadlineNanos;
    private Pacer pacer;
    private long emitted;

    Lane(int index, String producerId, long lastSequence, Instant start, FileQueue queue) {
      this.producerId = producerId;
      this.events = config.eventsOf(index);
      this.live = config.live();
      this.queue = queue;
      Sources sources = sourcesOf(config, index, start);
      this.traffic = sources.traffic();
      ObjectMapper mapper = EventJson.newMapper();
      this.faults = new FaultInjector(config.faults(), sources.faultRandom(), mapper, metrics);
      this.batcher =
          new FileBatcher(
              config.batchLimits(), config.gzip(), producerId, lastSequence, live, clock, queue);
      Pacing pacing = config.pacing();
      this.rate = pacing.rate() / config.producerIds().size();
      this.deadlineNanos =
          pacing.duration() == null
              ? Long.MAX_VALUE
              : epochNanos(start) + pacing.duration().toNanos();
    }

    @Override
    public void run() {
      try {
        generate();
        faults.writeRemaining(batcher);
        batcher.flush();
      } catch (CancellationException aborted) {
        // The run failed elsewhere and dropped the queue; nothing would publish these lines.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(new IllegalStateException("producer " + producerId + " was interrupted"));
      } catch (RuntimeException | Error e) {
        fail(e);
      } finally {
        queue.finish();
      }
    }

    /** Ends the whole run: the other producers stop, and nothing more is published. */
    private void fail(Throwable failure) {
      laneFailure.compareAndSet(null, failure);
      stopping.set(true);
      queue.abort();
    }

    private void generate() throws InterruptedException {
      while (emitted < events && !stopping.get()) {
        Instant now = null;
        if (live) {
          now = clock.instant();
          long nowNanos = epochNanos(now);
          if (nowNanos >= deadlineNanos) {
            return;
          }
          batcher.rollIfDue(now.toEpochMilli());
          if (rate > 0) {
            if (pacer == null) {
              // Paced from the first event, not from the run's start: setting up the generator
              // takes a moment, which the pacer would otherwise make up for in a burst.
              pacer = new Pacer(rate, nowNanos);
            }
            long delay = pacer.delayNanos(nowNanos);
            if (delay > 0) {
              waitAtMost(delay, nowNanos);
              continue;
            }
            pacer.sent(nowNanos);
          }
        }
        ClickEvent event = traffic.next();
        if (live) {
          event = event.withEventTime(now);
        }
        faults.write(event, batcher);
        emitted++;
        recordGenerated();
      }
    }

    /** Waits for the next event, but wakes for the run's end, the file's age and a stop. */
    private void waitAtMost(long delayNanos, long nowNanos) throws InterruptedException {
      long untilFileDue =
          batcher.dueMillis() == Long.MAX_VALUE
              ? Long.MAX_VALUE
              : (batcher.dueMillis() * 1_000_000L) - nowNanos;
      long wait =
          Math.min(
              Math.min(delayNanos, deadlineNanos - nowNanos),
              Math.min(Math.max(untilFileDue, 0), MAX_WAIT.toNanos()));
      sleeper.sleep(Duration.ofNanos(Math.max(wait, 1)));
    }
  }
}
