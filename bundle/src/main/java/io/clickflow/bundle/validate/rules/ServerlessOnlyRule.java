package io.clickflow.bundle.validate.rules;

import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.JsonTree;
import io.clickflow.bundle.config.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Jobs run on serverless compute only. Classic clusters would bring their own runtime, node types
 * and cost profile, which this project neither tests nor budgets for; so any cluster key, anywhere
 * in the bundle, is an error.
 */
public final class ServerlessOnlyRule implements BundleRule {
  private static final Set<String> CLUSTER_KEYS =
      Set.of("new_cluster", "existing_cluster_id", "job_cluster_key", "job_clusters");

  @Override
  public List<Problem> check(Bundle bundle) {
    List<Problem> problems = new ArrayList<>();
    for (BundleFile file : bundle.files()) {
      JsonTree.walk(
          file.root(),
          (path, key, node) -> {
            if (key != null && CLUSTER_KEYS.contains(key)) {
              problems.add(
                  Problem.error(
                      file.name(),
                      path,
                      "'"
                          + key
                          + "' is not allowed: clickflow jobs run on serverless compute only —"
                          + " give the task an environment_key declared in the job's"
                          + " environments"));
            }
          });
    }
    return problems;
  }
}
