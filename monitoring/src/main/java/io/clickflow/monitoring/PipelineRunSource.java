package io.clickflow.monitoring;

/**
 * Where the exporter learns how the pipeline's runs went from the scheduler that starts them,
 * rather than from the event log. Only the scheduler sees a run that fails before it logs a batch,
 * a cancelled run, or a run that succeeds without new data. Implementations adapt one scheduler
 * (the Databricks Jobs API today) so that the metrics code never touches a vendor API.
 */
public interface PipelineRunSource {

  /** No scheduler: run state and last success come from the event log alone. */
  PipelineRunSource NONE =
      new PipelineRunSource() {
        @Override
        public PipelineRunHistory read() {
          return PipelineRunHistory.NONE;
        }

        @Override
        public String location() {
          return "no scheduler";
        }
      };

  /**
   * Returns what the scheduler knows about the pipeline's recent finished runs. Runs still in
   * progress are not part of it.
   *
   * @throws PipelineRunReadException when the scheduler cannot be asked (unreachable, refused, the
   *     job cannot be found); the message names the job and the workspace. Asking again later may
   *     succeed, so the exporter keeps its last values and retries on the next refresh
   */
  PipelineRunHistory read() throws PipelineRunReadException;

  /** The scheduler and the job it is asked about, for messages. */
  String location();
}
