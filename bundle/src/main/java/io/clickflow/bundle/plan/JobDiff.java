package io.clickflow.bundle.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.JsonPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the settings a deploy would send with the deployed job, over what the bundle sets only.
 *
 * <p>The server fills in settings of its own (a run_as for the creator, empty notification blocks,
 * per-task defaults such as run_if); a field the bundle does not set is therefore never a change.
 * The comparison follows the bundle's tree instead:
 *
 * <ul>
 *   <li>mappings compare field by field, over the bundle's fields;
 *   <li>lists whose elements carry a key (task_key, job_cluster_key, environment_key, name, metric)
 *       compare element by element through the key, so order does not matter, and a deployed
 *       element the bundle no longer has is a change, since the deploy removes it;
 *   <li>other lists compare as a whole;
 *   <li>an empty value in the bundle (empty text, list or mapping, false, 0) equals an absent one,
 *       because the server drops empty values; a mapping absent on the server is compared as an
 *       empty one, field by field;
 *   <li>a {@code ${...}} reference that could not be resolved matches any text.
 * </ul>
 */
public final class JobDiff {
  private static final List<String> ELEMENT_KEYS =
      List.of("task_key", "job_cluster_key", "environment_key", "name", "metric");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]+\\}");

  private JobDiff() {}

  public static List<Change> between(JsonNode desired, JsonNode deployed) {
    List<Change> changes = new ArrayList<>();
    compare(JsonPaths.ROOT, desired, deployed, changes);
    return changes;
  }

  private static void compare(String path, JsonNode desired, JsonNode deployed, List<Change> out) {
    boolean absent = deployed == null || deployed.isNull() || deployed.isMissingNode();
    if (absent && !desired.isObject()) {
      if (!isEmpty(desired)) {
        out.add(new Change(path, Optional.empty(), Optional.of(desired)));
      }
      return;
    }
    // An absent mapping is compared as an empty one, so only its non-empty fields are changes.
    if (desired.isObject() && (absent || deployed.isObject())) {
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        compare(
            JsonPaths.child(path, field.getKey()),
            field.getValue(),
            absent ? null : deployed.get(field.getKey()),
            out);
      }
      return;
    }
    if (desired.isArray() && deployed.isArray()) {
      Optional<String> key = elementKey(desired, deployed);
      if (key.isPresent()) {
        compareByKey(path, key.get(), desired, deployed, out);
        return;
      }
      if (desired.size() == deployed.size() && allObjects(desired)) {
        for (int i = 0; i < desired.size(); i++) {
          compare(JsonPaths.index(path, i), desired.get(i), deployed.get(i), out);
        }
        return;
      }
    }
    if (!covers(desired, deployed)) {
      out.add(new Change(path, Optional.of(deployed), Optional.of(desired)));
    }
  }

  private static void compareByKey(
      String path, String key, JsonNode desired, JsonNode deployed, List<Change> out) {
    Map<String, JsonNode> deployedByKey = byKey(deployed, key);
    Set<String> desiredKeys = new HashSet<>();
    for (JsonNode element : desired) {
      String value = element.get(key).asText();
      desiredKeys.add(value);
      compare(keyed(path, key, value), element, deployedByKey.get(value), out);
    }
    deployedByKey.forEach(
        (value, element) -> {
          if (!desiredKeys.contains(value)) {
            out.add(new Change(keyed(path, key, value), Optional.of(element), Optional.empty()));
          }
        });
  }

  /** The key that identifies every element of both lists, once each; empty if none does. */
  private static Optional<String> elementKey(JsonNode desired, JsonNode deployed) {
    if (desired.isEmpty()) {
      return Optional.empty();
    }
    for (String key : ELEMENT_KEYS) {
      if (identifies(desired, key) && identifies(deployed, key)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private static boolean identifies(JsonNode list, String key) {
    Set<String> seen = new HashSet<>();
    for (JsonNode element : list) {
      if (!element.isObject() || !element.path(key).isTextual()) {
        return false;
      }
      if (!seen.add(element.get(key).asText())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, JsonNode> byKey(JsonNode list, String key) {
    Map<String, JsonNode> elements = new LinkedHashMap<>();
    list.forEach(element -> elements.put(element.get(key).asText(), element));
    return elements;
  }

  private static String keyed(String path, String key, String value) {
    return path + "[?(@." + key + "=='" + value.replace("'", "\\'") + "')]";
  }

  private static boolean allObjects(JsonNode list) {
    for (JsonNode element : list) {
      if (!element.isObject()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the deployed value holds everything the desired one says. */
  private static boolean covers(JsonNode desired, JsonNode deployed) {
    if (deployed == null || deployed.isNull() || deployed.isMissingNode()) {
      return isEmpty(desired);
    }
    if (desired.isObject()) {
      if (!deployed.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        if (!covers(field.getValue(), deployed.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!deployed.isArray() || deployed.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!covers(desired.get(i), deployed.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isNumber() && deployed.isNumber()) {
      return desired.decimalValue().compareTo(deployed.decimalValue()) == 0;
    }
    if (desired.isTextual() && deployed.isTextual()) {
      return matches(desired.asText(), deployed.asText());
    }
    return desired.equals(deployed);
  }

  private static boolean matches(String desired, String deployed) {
    if (!REFERENCE.matcher(desired).find()) {
      return desired.equals(deployed);
    }
    StringBuilder regex = new StringBuilder();
    Matcher reference = REFERENCE.matcher(desired);
    int last = 0;
    while (reference.find()) {
      regex.append(Pattern.quote(desired.substring(last, reference.start()))).append(".*");
      last = reference.end();
    }
    regex.append(Pattern.quote(desired.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(deployed).matches();
  }

  private static boolean isEmpty(JsonNode value) {
    return value == null
        || value.isNull()
        || value.isMissingNode()
        || (value.isContainerNode() && value.isEmpty())
        || (value.isTextual() && value.asText().isEmpty())
        || (value.isBoolean() && !value.asBoolean())
        || (value.isNumber() && value.decimalValue().signum() == 0);
  }
}
