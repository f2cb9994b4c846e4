package io.clickflow.bundle.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.clickflow.bundle.config.JsonPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the validator's raw messages into one line per real mistake.
 *
 * <p>Nearly every value in the bundle schema is a {@code oneOf}: the real type, or a {@code ${...}}
 * interpolation string. One unknown key deep in a task therefore fails every enclosing {@code
 * oneOf}, and each level adds "must be valid to one and only one schema" and "object found, string
 * expected". For each failed {@code oneOf}/{@code anyOf} this keeps only the branch whose type fits
 * the value that was written; when no branch fits (a string where an integer belongs), it says so
 * in one line instead.
 */
final class ViolationCondenser {

  /** One condensed schema violation. */
  record Violation(String path, String message) {}

  private static final Set<String> BRANCHING = Set.of("oneOf", "anyOf");
  private static final String INTERPOLATION_MARK = "\\$\\{";

  private ViolationCondenser() {}

  static List<Violation> condense(Set<ValidationMessage> messages) {
    List<ValidationMessage> remaining = new ArrayList<>(messages);
    List<Violation> summaries = new ArrayList<>();
    List<ValidationMessage> branchings =
        remaining.stream()
            .filter(m -> BRANCHING.contains(m.getType()))
            .sorted(Comparator.comparingInt(m -> m.getEvaluationPath().toString().length()))
            .toList();
    for (ValidationMessage branching : branchings) {
      if (!remaining.contains(branching)) {
        continue;
      }
      String evaluationPath = branching.getEvaluationPath().toString();
      JsonNode branches = branching.getSchemaNode();
      JsonNode instance = branching.getInstanceNode();
      if (branches == null || !branches.isArray() || instance == null) {
        continue;
      }
      Set<Integer> fitting = fittingBranches(branches, instance);
      if (fitting.isEmpty()) {
        remaining.removeIf(m -> underAnyBranch(m, evaluationPath));
        remaining.remove(branching);
        summaries.add(
            new Violation(
                branching.getInstanceLocation().toString(), mismatch(branches, instance)));
        continue;
      }
      boolean explained =
          remaining.stream()
              .anyMatch(m -> fitting.stream().anyMatch(i -> underBranch(m, evaluationPath, i)));
      if (explained) {
        remaining.remove(branching);
        remaining.removeIf(
            m ->
                underAnyBranch(m, evaluationPath)
                    && fitting.stream().noneMatch(i -> underBranch(m, evaluationPath, i)));
      }
    }
    Set<Violation> violations = new LinkedHashSet<>(summaries);
    remaining.stream().map(ViolationCondenser::describe).forEach(violations::add);
    return violations.stream()
        .sorted(Comparator.comparing(Violation::path).thenComparing(Violation::message))
        .toList();
  }

  private static Violation describe(ValidationMessage message) {
    String path = message.getInstanceLocation().toString();
    if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
      return new Violation(
          JsonPaths.child(path, message.getProperty()),
          "unknown property '" + message.getProperty() + "' (not in the bundle schema)");
    }
    return new Violation(path, withoutLocation(message.getMessage(), path));
  }

  private static String withoutLocation(String text, String path) {
    String prefix = path + ": ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }

  private static Set<Integer> fittingBranches(JsonNode branches, JsonNode instance) {
    Set<Integer> fitting = new LinkedHashSet<>();
    for (int i = 0; i < branches.size(); i++) {
      JsonNode branch = branches.get(i);
      if (!isInterpolation(branch) && typeFits(branch.path("type"), instance)) {
        fitting.add(i);
      }
    }
    return fitting;
  }

  private static boolean isInterpolation(JsonNode branch) {
    return branch.path("pattern").asText("").contains(INTERPOLATION_MARK);
  }

  private static boolean typeFits(JsonNode type, JsonNode instance) {
    if (type.isMissingNode()) {
      return true;
    }
    if (type.isArray()) {
      for (JsonNode each : type) {
        if (typeFits(each, instance)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> instance.isObject();
      case "array" -> instance.isArray();
      case "string" -> instance.isTextual();
      case "boolean" -> instance.isBoolean();
      case "integer" -> instance.isIntegralNumber();
      case "number" -> instance.isNumber();
      case "null" -> instance.isNull();
      default -> true;
    };
  }

  private static String mismatch(JsonNode branches, JsonNode instance) {
    Set<String> expected = new LinkedHashSet<>();
    boolean interpolation = false;
    for (JsonNode branch : branches) {
      if (isInterpolation(branch)) {
        interpolation = true;
      } else {
        expected.add(describeType(branch.path("type")));
      }
    }
    if (interpolation) {
      expected.add("a ${...} reference");
    }
    String found = instance.getNodeType().name().toLowerCase(Locale.ROOT);
    String value = instance.isValueNode() ? " " + abbreviate(instance.toString()) : "";
    return "expected "
        + expected.stream().collect(Collectors.joining(" or "))
        + ", found "
        + found
        + value;
  }

  private static String describeType(JsonNode type) {
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(t.asText()));
      return String.join(" or ", names);
    }
    return type.isMissingNode() ? "another shape" : type.asText();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static boolean underAnyBranch(ValidationMessage message, String branchingPath) {
    String path = message.getEvaluationPath().toString();
    return path.startsWith(branchingPath + "[");
  }

  private static boolean underBranch(ValidationMessage message, String branchingPath, int index) {
    String path = message.getEvaluationPath().toString();
    String branch = branchingPath + "[" + index + "]";
    if (!path.startsWith(branch)) {
      return false;
    }
    return path.length() == branch.length()
        || path.charAt(branch.length()) == '.'
        || path.charAt(branch.length()) == '[';
  }
}
