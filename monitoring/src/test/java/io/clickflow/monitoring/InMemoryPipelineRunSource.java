package io.clickflow.monitoring;

/** A scheduler's view of the pipeline's runs, set by the test: the fake run source. */
final class InMemoryPipelineRunSource implements PipelineRunSource {

  private PipelineRunHistory history = PipelineRunHistory.NONE;
  private String failure;
  private int reads;

  synchronized InMemoryPipelineRunSource history(PipelineRunHistory value) {
    history = value;
    failure = null;
    return this;
  }

  /** Makes every read fail with this problem until {@link #history} is set again. */
  synchronized InMemoryPipelineRunSource failWith(String problem) {
    failure = problem;
    return this;
  }

  synchronized int reads() {
    return reads;
  }

  @Override
  public synchronized PipelineRunHistory read() throws PipelineRunReadException {
    reads++;
    if (failure != null) {
      throw new PipelineRunReadException(location(), failure, null);
    }
    return history;
  }

  @Override
  public String location() {
    return "memory:job";
  }
}
