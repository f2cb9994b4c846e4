package io.clickflow.bundle.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A job as the workspace holds it.
 *
 * @param settings the job settings as Jobs API JSON, including whatever the server filled in
 */
public record DeployedJob(long jobId, JsonNode settings) {
  public DeployedJob {
    Objects.requireNonNull(settings, "settings");
  }
}
