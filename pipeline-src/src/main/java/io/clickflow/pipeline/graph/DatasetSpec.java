package io.clickflow.pipeline.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the graph needs to know about a dataset without running it.
 *
 * @param reads names of the datasets this one reads; the graph's edges are derived from them
 */
public record DatasetSpec(
    String name,
    DatasetKind kind,
    String layer,
    Set<String> tags,
    Set<String> reads,
    List<Expectation> expectations,
    String comment,
    Map<String, String> properties) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public DatasetSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "dataset name must match " + NAME.pattern() + ", got: " + name);
    }
    if (kind == null || layer == null || layer.isBlank()) {
      throw new IllegalArgumentException("dataset " + name + " needs a kind and a layer");
    }
    tags = Set.copyOf(tags);
    reads = Set.copyOf(reads);
    expectations = List.copyOf(expectations);
    comment = comment == null ? "" : comment;
    properties = Map.copyOf(properties);
    if (reads.contains(name)) {
      throw new IllegalArgumentException("dataset " + name + " reads itself");
    }
    long distinct = expectations.stream().map(Expectation::name).distinct().count();
    if (distinct != expectations.size()) {
      throw new IllegalArgumentException("dataset " + name + " has duplicate expectation names");
    }
  }
}
