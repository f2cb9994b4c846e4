package io.clickflow.bundle.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.render.RenderedJob;
import io.clickflow.contract.PipelineTags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns {@code --tags} and {@code --full-refresh} into the job parameters and task selection of a
 * run, from the parameters the job declares.
 *
 * <p>A job with one {@code tags} or {@code full_refresh} parameter gets the lists as they are. The
 * clickflow job instead runs one task per layer and declares {@code <layer>_tags} and {@code
 * <layer>_full_refresh} for each, since a tag or dataset means something within one layer only.
 * Then:
 *
 * <ul>
 *   <li>{@code --tags gold} runs only the layers named, each with its default selection, and {@code
 *       --tags gold:mv} also narrows that layer to the tag {@code mv}; the layer's tasks are those
 *       whose settings read {@code {{job.parameters.<layer>_tags}}}, and only they run. A tag must
 *       be one the pipeline graph declares ({@link PipelineTags}), with a plain {@code tags}
 *       parameter too;
 *   <li>{@code --full-refresh silver:silver_events} resets a dataset of a layer; a dataset named
 *       {@code <layer>_...} needs no prefix. A full refresh does not narrow the run, but when
 *       {@code --tags} does, the layer of the dataset runs too.
 * </ul>
 *
 * @param jobParameters values for job parameters; the others keep their defaults
 * @param onlyTasks task keys to run; empty runs them all
 */
record RunSelection(Map<String, String> jobParameters, List<String> onlyTasks) {
  private static final String TAGS = "tags";
  private static final String FULL_REFRESH = "full_refresh";

  RunSelection {
    // Insertion order is kept so the started-run line lists parameters as they were given.
    jobParameters = Collections.unmodifiableMap(new LinkedHashMap<>(jobParameters));
    onlyTasks = List.copyOf(onlyTasks);
  }

  /**
   * @throws UsageException when the job declares no parameter for an option, an item names no
   *     layer, or a tag is not one the pipeline graph declares
   */
  static RunSelection of(RenderedJob job, List<String> tags, List<String> fullRefresh) {
    Objects.requireNonNull(job, "job");
    List<String> declared = job.parameterNames();
    Map<String, String> parameters = new LinkedHashMap<>();
    Set<String> narrowedLayers = new LinkedHashSet<>();

    if (!tags.isEmpty()) {
      if (declared.contains(TAGS)) {
        tags.forEach(tag -> requireKnownTag(tag, tag));
        parameters.put(TAGS, String.join(",", tags));
      } else {
        Map<String, List<String>> byLayer = byLayer(job, "--tags", TAGS, tags, false);
        byLayer.forEach(
            (layer, values) -> values.forEach(tag -> requireKnownTag(layer + ":" + tag, tag)));
        narrowedLayers.addAll(byLayer.keySet());
        byLayer.forEach(
            (layer, values) -> {
              if (!values.isEmpty()) {
                parameters.put(layer + "_" + TAGS, String.join(",", values));
              }
            });
      }
    }
    if (!fullRefresh.isEmpty()) {
      if (declared.contains(FULL_REFRESH)) {
        parameters.put(FULL_REFRESH, String.join(",", fullRefresh));
      } else {
        Map<String, List<String>> byLayer =
            byLayer(job, "--full-refresh", FULL_REFRESH, fullRefresh, true);
        byLayer.forEach(
            (layer, values) ->
                parameters.put(layer + "_" + FULL_REFRESH, String.join(",", values)));
        // A dataset to reset must run: its layer joins a run that --tags narrowed.
        if (!narrowedLayers.isEmpty()) {
          narrowedLayers.addAll(byLayer.keySet());
        }
      }
    }
    return new RunSelection(parameters, tasksReading(job, narrowedLayers));
  }

  /**
   * Refuses a tag the pipeline graph does not declare, in the words {@code bundle validate} uses,
   * so that a typo fails here rather than in the deployed task. Like the pipeline, it trims the tag
   * and lets an empty one through: an empty selection means every dataset.
   */
  private static void requireKnownTag(String item, String tag) {
    String trimmed = tag.strip();
    if (!trimmed.isEmpty() && !PipelineTags.isKnown(trimmed)) {
      throw new UsageException("--tags " + item + ": " + PipelineTags.unknownTagMessage(trimmed));
    }
  }

  /**
   * Groups {@code layer:value} items by layer. A bare item is a layer of its own when {@code
   * bareIsDataset} is false (tags), or a dataset whose name starts with {@code <layer>_} otherwise.
   */
  private static Map<String, List<String>> byLayer(
      RenderedJob job, String option, String suffix, List<String> items, boolean bareIsDataset) {
    List<String> layers = new ArrayList<>();
    for (String name : job.parameterNames()) {
      if (name.endsWith("_" + suffix)) {
        layers.add(name.substring(0, name.length() - suffix.length() - 1));
      }
    }
    if (layers.isEmpty()) {
      throw new UsageException(
          option
              + ": job "
              + job.key()
              + " declares no "
              + suffix
              + " parameter; its parameters: "
              + job.parameterNames());
    }
    Map<String, List<String>> byLayer = new LinkedHashMap<>();
    for (String item : items) {
      int colon = item.indexOf(':');
      String layer;
      String value;
      if (colon >= 0) {
        layer = item.substring(0, colon);
        value = item.substring(colon + 1);
        if (!layers.contains(layer) || value.isEmpty()) {
          throw new UsageException(
              option + " " + item + ": expected LAYER:VALUE with LAYER one of " + layers);
        }
      } else if (bareIsDataset) {
        List<String> owners = layers.stream().filter(l -> item.startsWith(l + "_")).toList();
        if (owners.size() != 1) {
          throw new UsageException(
              option
                  + " "
                  + item
                  + ": cannot tell which layer owns this dataset; write LAYER:"
                  + item
                  + " with LAYER one of "
                  + layers);
        }
        layer = owners.get(0);
        value = item;
      } else {
        if (!layers.contains(item)) {
          throw new UsageException(
              option
                  + " "
                  + item
                  + ": not a layer of job "
                  + job.key()
                  + "; name a layer "
                  + layers
                  + ", or narrow one with LAYER:"
                  + item);
        }
        layer = item;
        value = null;
      }
      List<String> values = byLayer.computeIfAbsent(layer, l -> new ArrayList<>());
      if (value != null && !values.contains(value)) {
        values.add(value);
      }
    }
    return byLayer;
  }

  /** Tasks that read a parameter of one of the layers, in the job's task order. */
  private static List<String> tasksReading(RenderedJob job, Set<String> layers) {
    if (layers.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String layer : layers) {
      List<String> references =
          List.of(
              "{{job.parameters." + layer + "_" + TAGS + "}}",
              "{{job.parameters." + layer + "_" + FULL_REFRESH + "}}");
      List<String> readers = new ArrayList<>();
      for (JsonNode task : job.settings().path("tasks")) {
        String text = task.toString();
        if (references.stream().anyMatch(text::contains)) {
          readers.add(task.path("task_key").asText());
        }
      }
      if (readers.isEmpty()) {
        throw new UsageException(
            "layer " + layer + ": no task of job " + job.key() + " reads " + references);
      }
      wanted.addAll(readers);
    }
    List<String> ordered = new ArrayList<>();
    for (JsonNode task : job.settings().path("tasks")) {
      String key = task.path("task_key").asText();
      if (wanted.contains(key)) {
        ordered.add(key);
      }
    }
    return ordered;
  }
}
