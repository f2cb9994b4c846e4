package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Jobs;
import io.clickflow.bundle.config.Jobs.JobDefinition;
import io.clickflow.bundle.config.JsonPaths;
import io.clickflow.bundle.config.Problem;
import io.clickflow.contract.PipelineTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every tag that a JAR task selects with {@code --tags} is one the pipeline graph declares ({@link
 * PipelineTags}). The pipeline refuses an unknown tag, but only when the deployed task first runs;
 * here the typo is caught before the deploy.
 *
 * <p>Tags are read the way the pipeline reads them: {@code --tags LIST} or {@code --tags=LIST},
 * comma-separated, trimmed, empty entries ignored (an empty list selects everything). A {@code
 * {{job.parameters.NAME}}} reference stands for that job parameter's default, which is checked
 * where it is declared; a reference to a parameter the job does not declare is an error of its own.
 * A base task sees the job's parameters and every target's override of their defaults, and a task
 * in a target override sees that target's. Bundle variables ({@code ${var.x}}) and other run-time
 * references are not resolved by the rules, so a tag made of one is only a warning.
 */
public final class TaskTagsExistRule implements BundleRule {
  private static final String TAGS = "--tags";
  private static final Pattern JOB_PARAMETER =
      Pattern.compile("\\{\\{\\s*job\\.parameters\\.([^}\\s]+)\\s*}}");

  private record Parameter(BundleFile file, String path, JsonNode node) {}

  @Override
  public List<Problem> check(Bundle bundle) {
    Map<String, List<JobDefinition>> byJob = new LinkedHashMap<>();
    for (JobDefinition job : Jobs.in(bundle)) {
      byJob.computeIfAbsent(job.name(), name -> new ArrayList<>()).add(job);
    }
    // A task and its target override may read the same default; its problems are reported once.
    Set<Problem> problems = new LinkedHashSet<>();
    byJob.forEach((name, definitions) -> checkJob(name, definitions, problems));
    return List.copyOf(problems);
  }

  private static void checkJob(String job, List<JobDefinition> definitions, Set<Problem> out) {
    Map<String, Parameter> base = new LinkedHashMap<>();
    Map<String, Map<String, Parameter>> byTarget = new LinkedHashMap<>();
    for (JobDefinition definition : definitions) {
      Map<String, Parameter> scope =
          definition.target().isEmpty()
              ? base
              : byTarget.computeIfAbsent(definition.target().get(), t -> new LinkedHashMap<>());
      JsonNode parameters = definition.node().path("parameters");
      for (int i = 0; i < parameters.size(); i++) {
        JsonNode name = parameters.get(i).path("name");
        if (name.isTextual()) {
          String path = JsonPaths.index(definition.path() + ".parameters", i);
          scope.put(name.asText(), new Parameter(definition.file(), path, parameters.get(i)));
        }
      }
    }
    for (JobDefinition definition : definitions) {
      JsonNode tasks = definition.node().path("tasks");
      for (int i = 0; i < tasks.size(); i++) {
        String path = JsonPaths.index(definition.path() + ".tasks", i);
        String taskKey = tasks.get(i).path("task_key").asText(path);
        JsonNode arguments = tasks.get(i).path("spark_jar_task").path("parameters");
        if (arguments.isArray()) {
          TaskScope scope =
              new TaskScope(job, taskKey, definition, base, byTarget, path + ".spark_jar_task");
          scope.checkArguments(arguments, out);
        }
      }
    }
  }

  /** One task's view of the job: where its arguments live and which parameters it can read. */
  private record TaskScope(
      String job,
      String taskKey,
      JobDefinition definition,
      Map<String, Parameter> base,
      Map<String, Map<String, Parameter>> byTarget,
      String jarTaskPath) {

    void checkArguments(JsonNode arguments, Set<Problem> out) {
      for (int i = 0; i < arguments.size(); i++) {
        String argument = arguments.get(i).asText();
        String path = JsonPaths.index(jarTaskPath + ".parameters", i);
        if (argument.equals(TAGS)) {
          if (i + 1 == arguments.size()) {
            out.add(
                Problem.error(
                    definition.file().name(),
                    path,
                    "task '"
                        + taskKey
                        + "' passes "
                        + TAGS
                        + " as its last parameter, with no value after it"));
          } else {
            i++;
            checkValue(
                arguments.get(i).asText(), JsonPaths.index(jarTaskPath + ".parameters", i), out);
          }
        } else if (argument.startsWith(TAGS + "=")) {
          checkValue(argument.substring(TAGS.length() + 1), path, out);
        }
      }
    }

    private void checkValue(String value, String path, Set<Problem> out) {
      Matcher reference = JOB_PARAMETER.matcher(value);
      while (reference.find()) {
        String name = reference.group(1);
        List<Parameter> sources = defaultsOf(name);
        if (sources.isEmpty()) {
          out.add(
              Problem.error(
                  definition.file().name(),
                  path,
                  "task '"
                      + taskKey
                      + "' passes "
                      + TAGS
                      + " "
                      + reference.group()
                      + ", but job '"
                      + job
                      + "' declares no parameter '"
                      + name
                      + "'; declared: "
                      + declaredNames()));
          continue;
        }
        for (Parameter source : sources) {
          JsonNode fallback = source.node().path("default");
          if (fallback.isValueNode() && !fallback.isNull()) {
            String text = fallback.asText();
            String context =
                "task '"
                    + taskKey
                    + "' passes "
                    + TAGS
                    + " "
                    + reference.group()
                    + ", whose default is \""
                    + text
                    + "\"";
            checkTags(text, context, source.file(), source.path() + ".default", out);
          }
        }
      }
      // Literal tags around the references; a comma in place of each keeps neighbours apart.
      String literal = JOB_PARAMETER.matcher(value).replaceAll(",");
      String context = "task '" + taskKey + "' passes " + TAGS + " " + value;
      checkTags(literal, context, definition.file(), path, out);
    }

    private static void checkTags(
        String list, String context, BundleFile file, String path, Set<Problem> out) {
      for (String entry : list.split(",", -1)) {
        String tag = entry.strip();
        if (tag.isEmpty()) {
          continue;
        }
        if (tag.contains("${") || tag.contains("{{")) {
          out.add(
              Problem.warning(
                  file.name(),
                  path,
                  context
                      + ": '"
                      + tag
                      + "' is resolved only at deploy or run time, so its tags cannot be checked"
                      + " offline"));
        } else if (!PipelineTags.isKnown(tag)) {
          out.add(
              Problem.error(
                  file.name(), path, context + ": " + PipelineTags.unknownTagMessage(tag)));
        }
      }
    }

    /**
     * Where the parameter's default can come from for this task: a target override's task reads
     * that target's default, else the job's own; a base task runs in every target, so it reads the
     * job's default and each target's override of it.
     */
    private List<Parameter> defaultsOf(String name) {
      List<Parameter> sources = new ArrayList<>();
      Optional<String> target = definition.target();
      if (target.isPresent()) {
        Parameter own = byTarget.getOrDefault(target.get(), Map.of()).get(name);
        Parameter fromBase = base.get(name);
        if (own != null) {
          sources.add(own);
        } else if (fromBase != null) {
          sources.add(fromBase);
        }
        return sources;
      }
      if (base.containsKey(name)) {
        sources.add(base.get(name));
        for (Map<String, Parameter> overrides : byTarget.values()) {
          if (overrides.containsKey(name)) {
            sources.add(overrides.get(name));
          }
        }
      }
      return sources;
    }

    private Set<String> declaredNames() {
      Set<String> names = new LinkedHashSet<>(base.keySet());
      definition
          .target()
          .map(t -> byTarget.getOrDefault(t, Map.of()))
          .ifPresent(m -> names.addAll(m.keySet()));
      return names;
    }
  }
}
