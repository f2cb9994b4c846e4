package io.clickflow.monitoring;

/**
 * The pipeline's runs could not be read from the scheduler. The message names the job, the
 * workspace and what failed. Asking again later may succeed, so the exporter keeps its last values,
 * reports itself down and asks again on the next refresh.
 */
public final class PipelineRunReadException extends Exception {

  private final String location;

  public PipelineRunReadException(String location, String problem, Throwable cause) {
    super("read pipeline runs of " + location + ": " + problem, cause);
    this.location = location;
  }

  /** The job and workspace asked, as the source names them. */
  public String location() {
    return location;
  }
}
