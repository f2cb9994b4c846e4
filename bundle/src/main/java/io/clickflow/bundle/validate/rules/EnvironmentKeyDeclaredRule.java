package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Jobs;
import io.clickflow.bundle.config.Jobs.JobDefinition;
import io.clickflow.bundle.config.JsonPaths;
import io.clickflow.bundle.config.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every task that runs code names an {@code environment_key}, and that key is declared in the job's
 * {@code environments}. On serverless the environment is what carries the pipeline JAR ({@code
 * java_dependencies}); a task without one starts with no pipeline code at all.
 *
 * <p>Definitions of one job are merged by name and tasks by {@code task_key}, as the CLI merges
 * target overrides, so an override that only changes parameters is not flagged.
 */
public final class EnvironmentKeyDeclaredRule implements BundleRule {

  // These run on a warehouse, another job or a pipeline's own compute, never on a job environment.
  private static final Set<String> COMPUTE_LESS_KINDS =
      Set.of(
          "condition_task",
          "run_job_task",
          "pipeline_task",
          "sql_task",
          "dashboard_task",
          "alert_task");

  private record TaskDefinition(BundleFile file, String path, JsonNode node) {}

  @Override
  public List<Problem> check(Bundle bundle) {
    Map<String, List<JobDefinition>> byJob = new LinkedHashMap<>();
    for (JobDefinition job : Jobs.in(bundle)) {
      byJob.computeIfAbsent(job.name(), name -> new ArrayList<>()).add(job);
    }
    List<Problem> problems = new ArrayList<>();
    byJob.forEach((name, definitions) -> checkJob(name, definitions, problems));
    return problems;
  }

  private static void checkJob(String job, List<JobDefinition> definitions, List<Problem> out) {
    Set<String> declared = new LinkedHashSet<>();
    Map<String, List<TaskDefinition>> tasks = new LinkedHashMap<>();
    for (JobDefinition definition : definitions) {
      for (JsonNode environment : definition.node().path("environments")) {
        JsonNode key = environment.path("environment_key");
        if (key.isTextual()) {
          declared.add(key.asText());
        }
      }
      JsonNode taskList = definition.node().path("tasks");
      for (int i = 0; i < taskList.size(); i++) {
        JsonNode task = taskList.get(i);
        String path = JsonPaths.index(definition.path() + ".tasks", i);
        String taskKey = task.path("task_key").asText(path);
        tasks
            .computeIfAbsent(taskKey, k -> new ArrayList<>())
            .add(new TaskDefinition(definition.file(), path, task));
      }
    }
    tasks.forEach(
        (taskKey, taskDefinitions) -> checkTask(job, taskKey, taskDefinitions, declared, out));
  }

  private static void checkTask(
      String job,
      String taskKey,
      List<TaskDefinition> definitions,
      Set<String> declared,
      List<Problem> out) {
    if (definitions.stream().anyMatch(EnvironmentKeyDeclaredRule::isComputeLess)) {
      return;
    }
    boolean named = false;
    for (TaskDefinition task : definitions) {
      JsonNode key = task.node().path("environment_key");
      if (key.isMissingNode()) {
        continue;
      }
      named = true;
      if (!declared.contains(key.asText())) {
        out.add(
            Problem.error(
                task.file().name(),
                task.path() + ".environment_key",
                "task '"
                    + taskKey
                    + "' uses environment_key '"
                    + key.asText()
                    + "', which job '"
                    + job
                    + "' does not declare in environments; declared: "
                    + declared));
      }
    }
    if (!named) {
      TaskDefinition first = definitions.get(0);
      out.add(
          Problem.error(
              first.file().name(),
              first.path(),
              "task '"
                  + taskKey
                  + "' has no environment_key — serverless JAR tasks get the pipeline JAR from an"
                  + " environment in the job's environments"));
    }
  }

  private static boolean isComputeLess(TaskDefinition task) {
    return COMPUTE_LESS_KINDS.stream().anyMatch(kind -> task.node().has(kind));
  }
}
