package io.clickflow.pipeline.runtime;

import io.clickflow.pipeline.graph.DatasetGraph;
import io.clickflow.pipeline.graph.DatasetSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs the selected datasets of a pipeline in dependency order. In incremental mode each streaming
 * table runs to completion (availableNow) before its dependants start; in continuous mode all of
 * them run side by side and materialized views refresh every interval.
 */
public final class PipelineRunner {

  /** External sources datasets may read besides each other. */
  private final Set<String> externalSources;

  private final PipelineContext ctx;
  private final Map<String, DatasetDefinition> definitions = new LinkedHashMap<>();
  private final DatasetGraph graph;
  private final EventLogWriter eventLog;
  private final PrintStream progress;

  public PipelineRunner(
      PipelineContext ctx,
      List<DatasetDefinition> definitions,
      Set<String> externalSources,
      EventLogWriter eventLog,
      PrintStream progress) {
    this.ctx = ctx;
    this.externalSources = Set.copyOf(externalSources);
    definitions.forEach(d -> this.definitions.put(d.spec().name(), d));
    definitions.forEach(
        d ->
            ctx.store()
                .declare(
                    d.spec().name(), new TableDeclaration(d.spec().comment(), withKind(d.spec()))));
    this.graph =
        DatasetGraph.of(
            definitions.stream().map(DatasetDefinition::spec).toList(), this.externalSources);
    this.eventLog = eventLog;
    this.progress = progress;
  }

  /** Table property recording which kind of dataset wrote a table. */
  static final String KIND_PROPERTY = "clickflow.kind";

  private static Map<String, String> withKind(DatasetSpec spec) {
    Map<String, String> properties = new LinkedHashMap<>(spec.properties());
    properties.put(KIND_PROPERTY, spec.kind().name());
    return properties;
  }

  /**
   * Checks what can be checked before any flow starts: a dataset whose kind changed (a materialized
   * view that became a streaming table, say) cannot reuse its table or checkpoint, and a streaming
   * definition Spark cannot run (see {@link StreamingPlanCheck}). A streaming table whose inputs
   * this very run creates first is checked as soon as they exist, before its own flow starts.
   *
   * @throws PreflightException naming the dataset and the fix
   */
  public void preflight(RunOptions options) {
    for (DatasetSpec spec : plan(options)) {
      if (definitions.get(spec.name()) instanceof StreamingTableDefinition table
          && inputsExist(spec)) {
        checkStreamingPlan(table);
      }
      if (options.fullRefresh().contains(spec.name())) {
        continue;
      }
      String stored = ctx.store().properties(spec.name()).get(KIND_PROPERTY);
      if (stored != null && !stored.equals(spec.kind().name())) {
        throw new PreflightException(
            "dataset "
                + spec.name()
                + " was a "
                + stored
                + " and is now a "
                + spec.kind()
                + "; its table and checkpoint cannot carry over: run with --full-refresh "
                + spec.name());
      }
    }
  }

  private boolean inputsExist(DatasetSpec spec) {
    return spec.reads().stream()
        .allMatch(r -> externalSources.contains(r) || ctx.store().exists(r));
  }

  private void checkStreamingPlan(StreamingTableDefinition table) {
    checkStreamingPlan(table.spec().name(), table.source(ctx));
  }

  /** Shared with {@link FlowExecution#start}, which checks the very source it starts. */
  static void checkStreamingPlan(String dataset, Dataset<Row> source) {
    StreamingPlanCheck.problem(source)
        .ifPresent(
            problem -> {
              throw new PreflightException("dataset " + dataset + ": " + problem);
            });
  }

  public DatasetGraph graph() {
    return graph;
  }

  /** The datasets a run with these options would update, in order. */
  public List<DatasetSpec> plan(RunOptions options) {
    return graph.plan(options.tags(), options.tagMode(), options.fullRefresh());
  }

  /**
   * Runs the plan. Returns the event log rows written, for the caller's summary.
   *
   * @throws FlowFailedException naming the dataset whose flow failed
   */
  public List<FlowProgressRecord> run(RunOptions options) {
    List<DatasetSpec> plan = plan(options);
    preflight(options);
    for (String refresh : options.fullRefresh()) {
      progress.printf("full refresh: resetting %s%n", refresh);
      ctx.store().reset(refresh, refresh);
    }
    return options.continuous() ? runContinuously(plan, options) : runOnce(plan, options);
  }

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /**
   * Asks a continuous run to stop after the step it is in: the streams stop between micro-batches
   * and {@link #run} returns what was written. Safe to call from a shutdown hook.
   */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** How many materialized views refresh at once in a run to completion. */
  static final int VIEW_REFRESH_THREADS = 3;

  /**
   * Streaming tables run one after another on this thread: each is a full use of the cores.
   * Materialized views refresh on a small pool, side by side, each as soon as its inputs are done:
   * much of a small view's refresh is planning, metadata and commit latency, which overlaps well.
   *
   * <p>A streaming table's event log rows are appended in the background as it ends, while the next
   * one starts. The views' rows are appended together once the views are done, in one commit
   * instead of one per view; a view that fails appends its FAILED row at once.
   */
  private List<FlowProgressRecord> runOnce(List<DatasetSpec> plan, RunOptions options) {
    List<FlowProgressRecord> written = new ArrayList<>();
    List<FlowProgressRecord> viewRecords = new ArrayList<>();
    Map<String, CompletableFuture<Void>> finished = new HashMap<>();
    // The views start once their inputs are written, and nothing writes those again in this run.
    ViewInputs viewInputs = new ViewInputs(ctx.store());
    Throwable failure = null;
    ExecutorService viewPool =
        Executors.newFixedThreadPool(VIEW_REFRESH_THREADS, daemonThreads("clickflow-view-refresh"));
    try {
      // In plan order: a view is scheduled once the loop reaches it, so it never competes with the
      // streaming tables before it, whose many small jobs it would slow more than it gains.
      for (DatasetSpec spec : plan) {
        CompletableFuture<?>[] inputs = inputs(spec, finished);
        if (definitions.get(spec.name()) instanceof StreamingTableDefinition table) {
          // A view that failed ends the run before the next streaming table starts.
          finished.values().stream()
              .filter(CompletableFuture::isCompletedExceptionally)
              .findFirst()
              .ifPresent(PipelineRunner::awaitAll);
          awaitAll(CompletableFuture.allOf(inputs));
          runStep(
              spec,
              () -> new Step(runToCompletion(table, options), ""),
              written,
              eventLog::appendInBackground);
          finished.put(spec.name(), CompletableFuture.completedFuture(null));
        } else {
          MaterializedViewDefinition view =
              (MaterializedViewDefinition) definitions.get(spec.name());
          finished.put(
              spec.name(),
              CompletableFuture.allOf(inputs)
                  .thenRunAsync(
                      () ->
                          runStep(
                              spec,
                              () -> refresh(view, viewInputs, options.runId()),
                              written,
                              viewRecords::addAll),
                      viewPool));
        }
      }
      awaitAll(CompletableFuture.allOf(finished.values().toArray(CompletableFuture[]::new)));
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      // Refreshes under way finish rather than being cut off mid-commit; those waiting for a
      // failed input never start.
      viewPool.shutdown();
      awaitQuietly(viewPool);
      synchronized (written) {
        eventLog.appendInBackground(viewRecords);
      }
      try {
        eventLog.awaitBackground();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e); // the run's own failure says more
      }
    }
    return written;
  }

  /** Named threads that do not keep the JVM alive once the run is over. */
  static ThreadFactory daemonThreads(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The steps of the plan that a dataset reads. */
  private static CompletableFuture<?>[] inputs(
      DatasetSpec spec, Map<String, CompletableFuture<Void>> finished) {
    return spec.reads().stream()
        .map(finished::get)
        .filter(Objects::nonNull)
        .toArray(CompletableFuture[]::new);
  }

  /** One dataset's update, reported as it ends; its event log rows go to {@code log}. */
  private void runStep(
      DatasetSpec spec,
      Supplier<Step> step,
      List<FlowProgressRecord> written,
      Consumer<List<FlowProgressRecord>> log) {
    long started = System.nanoTime();
    progress.printf("%-24s running...%n", spec.name());
    Step done = step.get();
    List<FlowProgressRecord> records = done.records();
    synchronized (written) {
      log.accept(records);
      written.addAll(records);
    }
    progress.printf(
        "%-24s done: %d batches, %d rows written in %.1fs%s%n",
        spec.name(),
        records.size(),
        records.stream().mapToLong(r -> r.outcome().outputRows()).sum(),
        (System.nanoTime() - started) / 1e9,
        done.how());
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a step, rethrowing its failure as it was thrown. */
  private static void awaitAll(CompletableFuture<?> steps) {
    try {
      steps.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private List<FlowProgressRecord> runToCompletion(
      StreamingTableDefinition table, RunOptions options) {
    FlowExecution flow = new FlowExecution(table, ctx, options.runId());
    flow.start(Trigger.AvailableNow());
    try {
      flow.query().awaitTermination();
    } catch (StreamingQueryException e) {
      recordFailure(flow, options.runId());
      throw new FlowFailedException(flow.name(), rootMessage(e), e);
    }
    return flow.drain();
  }

  private List<FlowProgressRecord> runContinuously(List<DatasetSpec> plan, RunOptions options) {
    List<FlowExecution> flows = new ArrayList<>();
    // A flow starts once its inputs exist: on a fresh lakehouse Silver waits for Bronze's first
    // commit, and so on down the graph.
    List<StreamingTableDefinition> waiting = new ArrayList<>();
    List<MaterializedViewDefinition> views = new ArrayList<>();
    for (DatasetSpec spec : plan) {
      DatasetDefinition definition = definitions.get(spec.name());
      if (definition instanceof StreamingTableDefinition table) {
        waiting.add(table);
      } else {
        views.add((MaterializedViewDefinition) definition);
      }
    }
    List<FlowProgressRecord> written = new ArrayList<>();
    boolean changed = false;
    long lastViewRefresh = Long.MIN_VALUE / 2;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        startReady(waiting, flows, options);
        if (stopRequested.await(options.triggerInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        changed |= drainAll(flows, options, written);
        if (!changed
            || System.nanoTime() - lastViewRefresh < options.viewRefreshInterval().toNanos()) {
          continue; // the views are current, or were refreshed a moment ago
        }
        changed = false;
        lastViewRefresh = System.nanoTime();
        ViewInputs viewInputs = new ViewInputs(ctx.store());
        for (MaterializedViewDefinition view : views) {
          if (!inputsExist(view.spec())) {
            continue;
          }
          List<FlowProgressRecord> records = refresh(view, viewInputs, options.runId()).records();
          eventLog.append(records);
          written.addAll(records);
          // A full recompute can take a while: keep the event log of the streams current, and
          // start the flows whose input appeared meanwhile.
          changed |= drainAll(flows, options, written);
          startReady(waiting, flows, options);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      flows.forEach(PipelineRunner::stop);
    }
    // Batches that finished since the last drain, up to the stop.
    for (FlowExecution flow : flows) {
      List<FlowProgressRecord> records = flow.drain();
      eventLog.append(records);
      written.addAll(records);
    }
    return written;
  }

  /** Starts the waiting flows whose inputs exist now. */
  private void startReady(
      List<StreamingTableDefinition> waiting, List<FlowExecution> flows, RunOptions options) {
    for (var it = waiting.iterator(); it.hasNext(); ) {
      StreamingTableDefinition table = it.next();
      if (!inputsExist(table.spec())) {
        continue;
      }
      FlowExecution flow = new FlowExecution(table, ctx.overlapping(), options.runId());
      flow.start(Trigger.ProcessingTime(options.triggerInterval().toMillis()));
      flows.add(flow);
      it.remove();
      progress.printf("%-24s started (every %s)%n", table.spec().name(), options.triggerInterval());
    }
  }

  /** Logs what every flow finished since the last call; true when any flow wrote something. */
  private boolean drainAll(
      List<FlowExecution> flows, RunOptions options, List<FlowProgressRecord> written) {
    boolean any = false;
    for (FlowExecution flow : flows) {
      if (flow.query().exception().isDefined()) {
        recordFailure(flow, options.runId());
        throw new FlowFailedException(
            flow.name(), rootMessage(flow.query().exception().get()), null);
      }
      List<FlowProgressRecord> records = flow.drain();
      eventLog.append(records);
      written.addAll(records);
      any |= !records.isEmpty();
    }
    return any;
  }

  /**
   * Logs the batches that committed before the failure, then the failure itself, so monitoring sees
   * a failed run instead of silence.
   */
  private void recordFailure(FlowExecution flow, String runId) {
    List<FlowProgressRecord> records = new ArrayList<>(flow.drain());
    records.add(
        FlowProgressRecord.failure(
            Instant.now(ctx.clock()), runId, flow.name(), flow.failedBatchId()));
    eventLog.append(records);
  }

  /**
   * Refreshes a view: in full, incrementally, or not at all when its input has not changed (no
   * event log row then). A failure is logged as the view's FAILED row, as a flow's is, and ends the
   * run naming the view.
   */
  private Step refresh(MaterializedViewDefinition view, ViewInputs inputs, String runId) {
    long started = System.currentTimeMillis();
    ViewRefresh.Refreshed refreshed;
    try {
      refreshed = ViewRefresh.refresh(ctx, view, inputs, progress);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception thrown unchecked
      eventLog.append(
          List.of(
              FlowProgressRecord.failure(Instant.now(ctx.clock()), runId, view.spec().name(), 0)));
      throw new FlowFailedException(view.spec().name(), rootMessage(e), e);
    }
    String how = " (" + refreshed.mode().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    if (refreshed.mode() == ViewRefresh.Mode.UNCHANGED) {
      return new Step(List.of(), how);
    }
    return new Step(
        List.of(
            new FlowProgressRecord(
                Instant.now(ctx.clock()),
                runId,
                view.spec().name(),
                0,
                System.currentTimeMillis() - started,
                // a view that came out the same was checked but not written
                BatchOutcome.rows(
                    refreshed.rows(),
                    refreshed.mode() == ViewRefresh.Mode.SAME_ROWS ? 0 : refreshed.rows(),
                    null),
                0,
                null,
                null,
                null,
                false)),
        how);
  }

  /** What one dataset's update wrote to the event log, and a note on how, for the progress. */
  private record Step(List<FlowProgressRecord> records, String how) {}

  /**
   * Stops a flow between micro-batches where it can: stopping interrupts a running batch, which is
   * safe (the batch is replayed idempotently on the next start) but wasted work.
   */
  private static void stop(FlowExecution flow) {
    // An interrupted caller still waits for the batch in flight: stopping mid-batch can leave a
    // batch's later steps (the facts' re-keying, say) to its replay on the next start.
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (flow.query().isActive()
        && flow.query().status().isTriggerActive()
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      flow.query().stop();
    } catch (TimeoutException e) {
      throw new FlowFailedException(flow.name(), "did not stop in time", e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause instanceof ExpectationViolation
        ? message
        : cause.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /**
   * Whether a failure is this thread being interrupted: a stop, which a fallback must pass on
   * rather than recover from. The interrupt flag is set again, since throwing the exception cleared
   * it. A timeout ({@code SocketTimeoutException}, a kind of {@code InterruptedIOException}) is no
   * interrupt.
   */
  static boolean interruption(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException
          || cause.getClass() == java.io.InterruptedIOException.class
          || cause instanceof java.nio.channels.ClosedByInterruptException) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }

  /** The first line of an error message, for one-line reports. */
  static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
