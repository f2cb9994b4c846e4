package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.config.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * A job of the bundle as the Jobs API would receive it for one target.
 *
 * @param key the job's key under {@code resources.jobs}
 * @param settings Jobs API job settings, as databricks-sdk-java's JobSettings serializes them
 */
public record RenderedJob(String key, String target, ObjectNode settings) {
  public RenderedJob {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(settings, "settings");
  }

  /** The job name the deploy gives the job; the workspace finds the job by it. */
  public String name() {
    JsonNode name = settings.path("name");
    if (!name.isTextual() || name.asText().isBlank()) {
      throw new RenderException("job " + key + " has no name; give it one in resources.jobs");
    }
    return name.asText();
  }

  /** Job parameter names that the job declares, in order. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    settings.path("parameters").forEach(parameter -> names.add(parameter.path("name").asText()));
    return List.copyOf(names);
  }

  /** References that are still unresolved, such as {@code ${workspace.current_user.userName}}. */
  public Set<String> unresolvedReferences() {
    Set<String> found = new TreeSet<>();
    JsonTree.walk(
        settings,
        (path, field, node) -> {
          if (node.isTextual()) {
            Matcher matcher = References.pattern().matcher(node.asText());
            while (matcher.find()) {
              found.add(matcher.group());
            }
          }
        });
    return found;
  }
}
