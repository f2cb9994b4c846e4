package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.workspace.CurrentUser;
import io.clickflow.bundle.workspace.sdk.JobsApiModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one job of the bundle into the settings that {@code databricks bundle deploy} would send
 * for a target: includes merged, the target's overrides applied, the deploy's own additions made
 * (see {@link DeploymentDefaults}), every {@code ${var.*}} resolved, and the {@code ${bundle.*}}
 * and {@code ${workspace.*}} references that follow from the bundle alone resolved too.
 *
 * <p>Workspace paths follow the CLI's defaults: {@code root_path} is {@code
 * ~/.bundle/<bundle>/<target>}, where {@code ~} is {@code /Workspace/Users/<user name>}, and {@code
 * file_path}, {@code artifact_path}, {@code state_path} and {@code resource_path} are its {@code
 * files}, {@code artifacts}, {@code state} and {@code resources} folders. What depends on the
 * deploying identity is resolved only with a {@link WorkspaceContext} that knows it.
 *
 * <p>The result is checked against databricks-sdk-java's JobSettings model, so a field the Jobs API
 * does not know, or a value of the wrong type, is a {@link RenderException}.
 */
public final class JobRenderer {
  // Sequences whose elements the CLI merges by key after a target override appended to them.
  private static final Map<String, String> KEYED_SEQUENCES =
      Map.of("tasks", "task_key", "job_clusters", "job_cluster_key", "parameters", "name");
  // Bundle settings of a job that go to other APIs (permissions) or stay in the CLI.
  private static final List<String> BUNDLE_ONLY_FIELDS = List.of("permissions", "lifecycle");

  private final JobsApiModel model = new JobsApiModel();

  /**
   * @throws RenderException when the bundle cannot produce valid job settings
   * @throws UsageException when the request names no job clearly or a variable lacks a value
   */
  public RenderedJob render(RenderRequest request, WorkspaceContext context) {
    ObjectNode root = TargetConfig.of(request.bundle(), request.target());
    JsonNode jobs = root.path("resources").path("jobs");
    String key = jobKey(jobs, request.jobKey());
    if (!jobs.get(key).isObject()) {
      throw new RenderException("resources.jobs." + key + " is not a mapping");
    }
    ObjectNode job = ((ObjectNode) jobs.get(key)).deepCopy();
    KEYED_SEQUENCES.forEach(
        (field, elementKey) -> {
          if (job.path(field).isArray()) {
            job.set(field, YamlMerge.mergeElementsByKey((ArrayNode) job.get(field), elementKey));
          }
        });
    job.remove(BUNDLE_ONLY_FIELDS);
    DeploymentDefaults.apply(job, root);

    Map<String, JsonNode> variables =
        Variables.values(root.path("variables"), request.environment(), request.variables());
    JsonNode resolved = new References(path -> lookup(path, root, variables, context)).resolve(job);
    try {
      return new RenderedJob(key, request.target(), model.normalize(resolved));
    } catch (JobsApiModel.MismatchException e) {
      throw new RenderException(
          "job " + key + " for target " + request.target() + ": " + e.getMessage(), e);
    }
  }

  private static String jobKey(JsonNode jobs, Optional<String> requested) {
    List<String> keys = new ArrayList<>();
    jobs.fieldNames().forEachRemaining(keys::add);
    if (requested.isPresent()) {
      if (!jobs.has(requested.get())) {
        throw new UsageException(
            "--job " + requested.get() + ": the bundle has no such job; jobs: " + keys);
      }
      return requested.get();
    }
    if (keys.size() == 1) {
      return keys.get(0);
    }
    if (keys.isEmpty()) {
      throw new RenderException("the bundle defines no job under resources.jobs");
    }
    throw new UsageException("the bundle defines several jobs " + keys + "; pick one with --job");
  }

  private static Optional<JsonNode> lookup(
      String path, ObjectNode root, Map<String, JsonNode> variables, WorkspaceContext context) {
    Optional<String> variable = variableName(path);
    if (variable.isPresent()) {
      JsonNode value = variables.get(variable.get());
      if (value == null) {
        throw new RenderException(
            "${" + path + "} refers to an undeclared variable; declared: " + variables.keySet());
      }
      return Optional.of(value);
    }
    Optional<CurrentUser> user = context.user();
    return Optional.ofNullable(
        switch (path) {
          case "bundle.name" -> text(root.path("bundle").path("name"));
          case "bundle.target", "bundle.environment" -> text(root.path("bundle").path("target"));
          case "workspace.root_path" -> TextNode.valueOf(rootPath(root));
          case "workspace.file_path" -> TextNode.valueOf(workspacePath(root, "file_path", "files"));
          case "workspace.artifact_path" ->
              TextNode.valueOf(workspacePath(root, "artifact_path", "artifacts"));
          case "workspace.state_path" ->
              TextNode.valueOf(workspacePath(root, "state_path", "state"));
          case "workspace.resource_path" ->
              TextNode.valueOf(workspacePath(root, "resource_path", "resources"));
          case "workspace.host" ->
              context
                  .host()
                  .<JsonNode>map(TextNode::valueOf)
                  .orElse(text(root.path("workspace").path("host")));
          case "workspace.current_user.userName" ->
              user.map(u -> TextNode.valueOf(u.userName())).orElse(null);
          case "workspace.current_user.short_name" ->
              user.map(u -> TextNode.valueOf(u.shortName())).orElse(null);
          case "workspace.current_user.displayName" ->
              user.map(u -> TextNode.valueOf(u.displayName())).orElse(null);
          default -> null;
        });
  }

  private static Optional<String> variableName(String path) {
    if (path.startsWith("var.")) {
      return Optional.of(path.substring("var.".length()));
    }
    if (path.startsWith("variables.") && path.endsWith(".value")) {
      return Optional.of(path.substring("variables.".length(), path.length() - ".value".length()));
    }
    return Optional.empty();
  }

  private static JsonNode text(JsonNode node) {
    return node.isTextual() ? node : null;
  }

  private static String rootPath(ObjectNode root) {
    JsonNode configured = root.path("workspace").path("root_path");
    String path =
        configured.isTextual() ? configured.asText() : "~/.bundle/${bundle.name}/${bundle.target}";
    if (path.equals("~") || path.startsWith("~/")) {
      path = "/Workspace/Users/${workspace.current_user.userName}" + path.substring(1);
    }
    return withWorkspacePrefix(path);
  }

  private static String workspacePath(ObjectNode root, String field, String folder) {
    JsonNode configured = root.path("workspace").path(field);
    return configured.isTextual()
        ? withWorkspacePrefix(configured.asText())
        : "${workspace.root_path}/" + folder;
  }

  // The CLI writes workspace paths under /Users and /Shared with their /Workspace prefix.
  private static String withWorkspacePrefix(String path) {
    return path.startsWith("/Users/") || path.startsWith("/Shared/") ? "/Workspace" + path : path;
  }
}
