package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code databricks bundle deploy} adds to a job beyond its YAML, so that the rendered
 * settings match what the deploy sends:
 *
 * <ul>
 *   <li>the bundle's {@code run_as}, for a job that names no identity of its own;
 *   <li>presets, and the defaults that {@code mode: development} gives them: the name prefix {@code
 *       [dev <short name>] }, a {@code dev} tag, at most 4 concurrent runs when the job sets none,
 *       and paused schedules and triggers;
 *   <li>queueing switched on unless the job says otherwise;
 *   <li>the deployment annotation that marks the job as owned by the bundle and locks it in the UI.
 * </ul>
 */
final class DeploymentDefaults {
  static final String SHORT_NAME = "${workspace.current_user.short_name}";

  private static final String DEVELOPMENT = "development";
  private static final int DEVELOPMENT_CONCURRENT_RUNS = 4;
  private static final List<String> TRIGGERS = List.of("schedule", "continuous", "trigger");

  private DeploymentDefaults() {}

  static void apply(ObjectNode job, ObjectNode root) {
    applyRunAs(job, root.path("run_as"));
    applyPresets(job, presets(root));
    if (!job.has("queue")) {
      job.putObject("queue").put("enabled", true);
    }
    ObjectNode deployment = job.putObject("deployment");
    deployment.put("kind", "BUNDLE");
    deployment.put("metadata_file_path", "${workspace.state_path}/metadata.json");
    job.put("edit_mode", "UI_LOCKED");
    job.put("format", "MULTI_TASK");
  }

  private static void applyRunAs(ObjectNode job, JsonNode runAs) {
    if (job.has("run_as") || !runAs.isObject()) {
      return;
    }
    ObjectNode identity = job.putObject("run_as");
    for (String field : List.of("user_name", "service_principal_name")) {
      if (runAs.hasNonNull(field)) {
        identity.set(field, runAs.get(field).deepCopy());
      }
    }
  }

  private static ObjectNode presets(ObjectNode root) {
    ObjectNode presets =
        root.path("presets").isObject()
            ? ((ObjectNode) root.get("presets")).deepCopy()
            : root.objectNode();
    if (DEVELOPMENT.equals(root.path("bundle").path("mode").asText())) {
      if (presets.path("name_prefix").asText().isEmpty()) {
        presets.put("name_prefix", "[dev " + SHORT_NAME + "] ");
      }
      ObjectNode tags = presets.withObjectProperty("tags");
      if (!tags.has("dev")) {
        tags.put("dev", SHORT_NAME);
      }
      if (presets.path("jobs_max_concurrent_runs").asInt(0) == 0) {
        presets.put("jobs_max_concurrent_runs", DEVELOPMENT_CONCURRENT_RUNS);
      }
      if (presets.path("trigger_pause_status").asText().isEmpty()) {
        presets.put("trigger_pause_status", "PAUSED");
      }
    }
    return presets;
  }

  private static void applyPresets(ObjectNode job, ObjectNode presets) {
    String prefix = presets.path("name_prefix").asText("");
    if (!prefix.isEmpty() && job.path("name").isTextual()) {
      job.put("name", prefix + job.get("name").asText());
    }
    Map<String, JsonNode> tags = new TreeMap<>();
    presets.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
    if (!tags.isEmpty()) {
      ObjectNode jobTags = job.withObjectProperty("tags");
      tags.forEach(
          (key, value) -> {
            if (jobTags.path(key).asText().isEmpty()) {
              jobTags.set(key, value.deepCopy());
            }
          });
    }
    int maxRuns = presets.path("jobs_max_concurrent_runs").asInt(0);
    JsonNode current = job.path("max_concurrent_runs");
    // Only an unset limit takes the preset; a value of the wrong type is left for the check.
    boolean unset = current.isMissingNode() || current.isNull() || isZero(current);
    if (maxRuns > 0 && unset) {
      job.put("max_concurrent_runs", maxRuns);
    }
    String pause = presets.path("trigger_pause_status").asText("");
    if (!pause.isEmpty()) {
      for (String trigger : TRIGGERS) {
        JsonNode node = job.path(trigger);
        if (node.isObject() && !node.has("pause_status")) {
          ((ObjectNode) node).put("pause_status", pause);
        }
      }
    }
  }

  private static boolean isZero(JsonNode value) {
    return (value.isNumber() || value.isTextual()) && value.asText().strip().equals("0");
  }
}
