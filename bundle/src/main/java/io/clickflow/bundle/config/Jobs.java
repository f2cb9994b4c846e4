package io.clickflow.bundle.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every job definition in the bundle: top-level {@code resources.jobs} and the per-target overrides
 * under {@code targets.<name>.resources.jobs}, which the CLI merges by job name.
 */
public final class Jobs {

  /**
   * One definition of a job, possibly partial when it is a target override.
   *
   * @param target the target that overrides the job here, or empty for the bundle's own resources
   */
  public record JobDefinition(
      String name, Optional<String> target, BundleFile file, String path, JsonNode node) {}

  private Jobs() {}

  public static List<JobDefinition> in(Bundle bundle) {
    List<JobDefinition> jobs = new ArrayList<>();
    for (BundleFile file : bundle.files()) {
      collect(
          file,
          Optional.empty(),
          "$.resources.jobs",
          file.root().path("resources").path("jobs"),
          jobs);
      for (Map.Entry<String, JsonNode> target : file.root().path("targets").properties()) {
        String targetPath = JsonPaths.child("$.targets", target.getKey());
        JsonNode targetJobs = target.getValue().path("resources").path("jobs");
        collect(
            file, Optional.of(target.getKey()), targetPath + ".resources.jobs", targetJobs, jobs);
      }
    }
    return jobs;
  }

  private static void collect(
      BundleFile file,
      Optional<String> target,
      String jobsPath,
      JsonNode jobsNode,
      List<JobDefinition> into) {
    for (Map.Entry<String, JsonNode> job : jobsNode.properties()) {
      if (job.getValue().isObject()) {
        into.add(
            new JobDefinition(
                job.getKey(),
                target,
                file,
                JsonPaths.child(jobsPath, job.getKey()),
                job.getValue()));
      }
    }
  }
}
