package io.clickflow.pipeline.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pipeline as a graph of datasets. Edges come from each dataset's {@code reads}; names that no
 * dataset defines must be declared as external sources (the landing folder, for instance).
 */
public final class DatasetGraph {

  private final Map<String, DatasetSpec> byName;
  private final List<DatasetSpec> order;

  private DatasetGraph(Map<String, DatasetSpec> byName, List<DatasetSpec> order) {
    this.byName = byName;
    this.order = order;
  }

  /**
   * Builds and checks the graph.
   *
   * @throws GraphException on duplicate names, unknown dependencies or a cycle (the message prints
   *     the cycle)
   */
  public static DatasetGraph of(Collection<DatasetSpec> specs, Set<String> externalSources) {
    Map<String, DatasetSpec> byName = new LinkedHashMap<>();
    for (DatasetSpec spec : specs) {
      if (byName.putIfAbsent(spec.name(), spec) != null) {
        throw new GraphException("duplicate dataset name: " + spec.name());
      }
    }
    for (DatasetSpec spec : specs) {
      for (String read : spec.reads()) {
        if (!byName.containsKey(read) && !externalSources.contains(read)) {
          throw new GraphException(
              "dataset "
                  + spec.name()
                  + " reads unknown dataset "
                  + read
                  + "; known: "
                  + byName.keySet());
        }
      }
    }
    return new DatasetGraph(byName, topologicalOrder(byName));
  }

  private static List<DatasetSpec> topologicalOrder(Map<String, DatasetSpec> byName) {
    List<DatasetSpec> order = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>();
    Deque<String> path = new ArrayDeque<>();
    for (String name : byName.keySet()) {
      visit(name, byName, state, path, order);
    }
    return List.copyOf(order);
  }

  private static void visit(
      String name,
      Map<String, DatasetSpec> byName,
      Map<String, Integer> state,
      Deque<String> path,
      List<DatasetSpec> order) {
    DatasetSpec spec = byName.get(name);
    if (spec == null) {
      return;
    }
    int s = state.getOrDefault(name, 0);
    if (s == 2) {
      return;
    }
    path.addLast(name);
    if (s == 1) {
      List<String> cycle = new ArrayList<>(path);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      throw new GraphException("dependency cycle: " + String.join(" -> ", cycle));
    }
    state.put(name, 1);
    spec.reads().stream().sorted().forEach(dep -> visit(dep, byName, state, path, order));
    state.put(name, 2);
    path.removeLast();
    order.add(spec);
  }

  /** All datasets, dependencies first. */
  public List<DatasetSpec> topologicalOrder() {
    return order;
  }

  public DatasetSpec get(String name) {
    DatasetSpec spec = byName.get(name);
    if (spec == null) {
      throw new GraphException("unknown dataset " + name + "; known: " + byName.keySet());
    }
    return spec;
  }

  /**
   * Datasets carrying the given tags, in topological order. An empty tag set selects everything.
   */
  public List<DatasetSpec> select(Set<String> tags, TagMode mode) {
    if (tags.isEmpty()) {
      return order;
    }
    Set<String> known = order.stream().flatMap(s -> s.tags().stream()).collect(Collectors.toSet());
    Set<String> unknown = new LinkedHashSet<>(tags);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new GraphException("unknown tags " + unknown + "; known: " + known);
    }
    return order.stream()
        .filter(
            s ->
                mode == TagMode.ALL
                    ? s.tags().containsAll(tags)
                    : tags.stream().anyMatch(s.tags()::contains))
        .toList();
  }

  /**
   * What a run would update: the selected datasets in order, after checking that every dataset to
   * fully refresh exists and is selected.
   */
  public List<DatasetSpec> plan(Set<String> tags, TagMode mode, Set<String> fullRefresh) {
    List<DatasetSpec> selected = select(tags, mode);
    for (String refresh : fullRefresh) {
      get(refresh);
      if (selected.stream().noneMatch(s -> s.name().equals(refresh))) {
        throw new GraphException(
            "--full-refresh "
                + refresh
                + " is not among the selected datasets "
                + selected.stream().map(DatasetSpec::name).toList());
      }
    }
    return selected;
  }

  /** How {@link #select} combines several tags. */
  public enum TagMode {
    ANY,
    ALL
  }
}
