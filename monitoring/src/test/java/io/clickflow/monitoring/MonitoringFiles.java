package io.clickflow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus and Grafana files under {@code monitoring/}, and what tests need from them: rule
 * and dashboard expressions, and the metric names those expressions use.
 */
final class MonitoringFiles {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Grafana's built-in variables as the real-Prometheus test replaces them. */
  static final Map<String, String> GRAFANA_VARIABLES =
      Map.of("$__rate_interval", "1m", "$__interval", "15s", "$__range", "10m");

  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");

  private MonitoringFiles() {}

  /**
   * The module directory: Maven runs tests there, an IDE may run them from the repository root, and
   * the pipeline's end-to-end test runs from a sibling module.
   */
  static Path moduleDir() {
    Path basedir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (Files.isDirectory(basedir.resolve("prometheus"))) {
      return basedir;
    }
    return Files.isDirectory(basedir.resolve("monitoring"))
        ? basedir.resolve("monitoring")
        : basedir.resolveSibling("monitoring");
  }

  static Path prometheusDir() {
    return moduleDir().resolve("prometheus");
  }

  static Path prometheusConfig() {
    return prometheusDir().resolve("prometheus.yml");
  }

  static Path dashboard() {
    return moduleDir().resolve("grafana/dashboards/clickflow.json");
  }

  static Path runbooks() {
    return moduleDir().resolve("RUNBOOKS.md");
  }

  static List<Path> ruleFiles() {
    return yamlFiles(prometheusDir().resolve("rules"));
  }

  static List<Path> ruleTestFiles() {
    return yamlFiles(prometheusDir().resolve("tests"));
  }

  static JsonNode read(Path file) {
    try {
      return (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("read " + file, e);
    }
  }

  /** Every rule of every rule file, recording and alerting. */
  static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : read(file).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  static List<JsonNode> alertingRules() {
    return rules().stream().filter(r -> r.has("alert")).toList();
  }

  static List<JsonNode> recordingRules() {
    return rules().stream().filter(r -> r.has("record")).toList();
  }

  /** A dashboard query: the panel it feeds and its expression as written. */
  record PanelQuery(String panel, String expr) {}

  static List<PanelQuery> dashboardQueries() {
    List<PanelQuery> queries = new ArrayList<>();
    for (JsonNode panel : allPanels(read(dashboard()))) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          queries.add(new PanelQuery(panel.path("title").asText(), target.get("expr").asText()));
        }
      }
    }
    return queries;
  }

  /** Panels, including those nested in collapsed rows. */
  static List<JsonNode> allPanels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** The expression with Grafana's variables replaced by what Prometheus accepts. */
  static String withGrafanaVariables(String expr) {
    String result = expr;
    for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
      result = result.replace(variable.getKey(), variable.getValue());
    }
    if (result.contains("$")) {
      throw new IllegalArgumentException("unknown Grafana variable in " + expr);
    }
    return result;
  }

  /**
   * The metric names a PromQL expression selects: identifiers that are not functions, keywords,
   * label names or label values. Good enough for the expressions of this project; it does not try
   * to be a PromQL parser.
   */
  static Set<String> metricNames(String expr) {
    String stripped =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
            .replaceAll("'(?:[^'\\\\]|\\\\.)*'", " ")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    stripped = stripped.replaceAll("\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(stripped);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }

  /** Metric names in a Prometheus text exposition, as Prometheus stores them. */
  static Set<String> exposedNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
      }
    }
    return names;
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("list " + dir, e);
    }
  }
}
