package io.clickflow.bundle.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One field that a deploy would change.
 *
 * @param path JSON path into the job settings; elements of keyed lists are addressed by their key,
 *     as in {@code $.tasks[?(@.task_key=='silver')].timeout_seconds}
 * @param deployed the value in the workspace, empty when the field is absent there
 * @param desired the value the bundle sets, empty when the deploy would remove it
 */
public record Change(String path, Optional<JsonNode> deployed, Optional<JsonNode> desired) {
  public Change {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(deployed, "deployed");
    Objects.requireNonNull(desired, "desired");
  }

  /** {@code path: old → new}, values as compact JSON. */
  public String format() {
    return path + ": " + show(deployed) + " → " + show(desired);
  }

  private static String show(Optional<JsonNode> value) {
    return value.map(JsonNode::toString).orElse("(absent)");
  }
}
