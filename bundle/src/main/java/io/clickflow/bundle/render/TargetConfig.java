package io.clickflow.bundle.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Targets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One configuration tree for one target: every bundle file merged into the root, then the target's
 * section merged on top, which is what the Databricks CLI deploys.
 */
final class TargetConfig {
  // Keys of a target that say how to deploy rather than what: they do not merge into the root.
  private static final Set<String> TARGET_ONLY_KEYS =
      Set.of("default", "mode", "git", "compute_id", "cluster_id", "variables", "run_as");

  private TargetConfig() {}

  /**
   * @throws RenderException when two files define the same resource, or the target is unknown
   */
  static ObjectNode of(Bundle bundle, String target) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    Map<String, String> definedIn = new HashMap<>();
    for (BundleFile file : bundle.files()) {
      rejectDuplicateResources(file, definedIn);
      for (Map.Entry<String, JsonNode> field : file.root().properties()) {
        if (!field.getKey().equals("targets") && !field.getKey().equals("include")) {
          root.set(field.getKey(), YamlMerge.merge(root.get(field.getKey()), field.getValue()));
        }
      }
    }
    JsonNode section =
        new Targets(bundle)
            .get(target)
            .orElseThrow(() -> new RenderException("target '" + target + "' is not declared"))
            .node();
    for (Map.Entry<String, JsonNode> field : section.properties()) {
      if (!TARGET_ONLY_KEYS.contains(field.getKey())) {
        root.set(field.getKey(), YamlMerge.merge(root.get(field.getKey()), field.getValue()));
      }
    }
    ObjectNode bundleSection = root.withObjectProperty("bundle");
    bundleSection.put("target", target);
    if (section.path("mode").isTextual()) {
      bundleSection.put("mode", section.path("mode").asText());
    }
    if (section.path("git").isObject()) {
      bundleSection.set("git", YamlMerge.merge(bundleSection.get("git"), section.get("git")));
    }
    // A target's run_as replaces the bundle's: merging two identities would name both.
    if (section.path("run_as").isObject()) {
      root.set("run_as", section.get("run_as").deepCopy());
    }
    mergeTargetVariables(root, section.path("variables"));
    return root;
  }

  /**
   * A target gives a variable either its value directly ({@code catalog: prod}) or a full
   * definition ({@code catalog: {default: prod}} or {@code {lookup: ...}}).
   */
  private static void mergeTargetVariables(ObjectNode root, JsonNode targetVariables) {
    ObjectNode variables = root.withObjectProperty("variables");
    for (Map.Entry<String, JsonNode> entry : targetVariables.properties()) {
      JsonNode value = entry.getValue();
      ObjectNode definition = variables.withObjectProperty(entry.getKey());
      if (value.isObject() && (value.has("default") || value.has("lookup"))) {
        variables.set(entry.getKey(), YamlMerge.merge(definition, value));
      } else {
        definition.set("default", value.deepCopy());
      }
    }
  }

  private static void rejectDuplicateResources(BundleFile file, Map<String, String> definedIn) {
    for (Map.Entry<String, JsonNode> type : file.root().path("resources").properties()) {
      for (Map.Entry<String, JsonNode> resource : type.getValue().properties()) {
        String id = "resources." + type.getKey() + "." + resource.getKey();
        String earlier = definedIn.putIfAbsent(id, file.name());
        if (earlier != null) {
          throw new RenderException(
              id + " is defined in both " + earlier + " and " + file.name() + "; keep one");
        }
      }
    }
  }
}
