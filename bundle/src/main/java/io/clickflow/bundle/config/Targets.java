package io.clickflow.bundle.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code targets} that the bundle declares, gathered across all its files, since the CLI lets
 * any included file add targets.
 */
public final class Targets {

  /** A target's definition and where it was found. */
  public record Target(String name, BundleFile file, String path, JsonNode node) {}

  /** Either the chosen target's name or the reason none could be chosen. */
  public record Selection(Optional<String> name, Optional<String> failure) {
    static Selection of(String name) {
      return new Selection(Optional.of(name), Optional.empty());
    }

    static Selection failed(String reason) {
      return new Selection(Optional.empty(), Optional.of(reason));
    }
  }

  private final Map<String, Target> byName = new LinkedHashMap<>();

  public Targets(Bundle bundle) {
    for (BundleFile file : bundle.files()) {
      JsonNode targets = file.root().path("targets");
      for (Map.Entry<String, JsonNode> entry : targets.properties()) {
        String path = JsonPaths.child("$.targets", entry.getKey());
        byName.putIfAbsent(
            entry.getKey(), new Target(entry.getKey(), file, path, entry.getValue()));
      }
    }
  }

  public Optional<Target> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * Picks the target the way {@code databricks bundle} does: the requested one, else the single
   * target marked {@code default: true}.
   */
  public Selection select(Optional<String> requested) {
    if (requested.isPresent()) {
      String name = requested.get();
      return byName.containsKey(name)
          ? Selection.of(name)
          : Selection.failed(
              "target '" + name + "' is not declared; declared targets: " + byName.keySet());
    }
    List<String> defaults = new ArrayList<>();
    for (Target target : byName.values()) {
      JsonNode isDefault = target.node().path("default");
      if (isDefault.asBoolean(false)) {
        defaults.add(target.name());
      }
    }
    if (defaults.size() == 1) {
      return Selection.of(defaults.get(0));
    }
    if (defaults.isEmpty()) {
      return Selection.failed(
          "no target has default: true — mark one, or pass --target with one of "
              + byName.keySet());
    }
    return Selection.failed("several targets have default: true: " + defaults);
  }
}
