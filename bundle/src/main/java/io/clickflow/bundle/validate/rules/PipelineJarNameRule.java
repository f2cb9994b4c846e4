package io.clickflow.bundle.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Jobs;
import io.clickflow.bundle.config.Jobs.JobDefinition;
import io.clickflow.bundle.config.JsonPaths;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.config.Targets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline JAR has one name across the bundle. The job finds its code only through {@code
 * java_dependencies}, by the file name in the {@value #VARIABLE} variable, which is written by hand
 * next to the Maven version; when it drifts from what the artifact uploads, the deploy succeeds and
 * the first run fails on a missing library.
 *
 * <p>When the bundle declares {@value #VARIABLE}, each literal value (its default and every
 * target's override) must:
 *
 * <ul>
 *   <li>name the shaded serverless JAR ({@code clickflow-pipeline-<version>-serverless.jar}), not
 *       the plain one, which lacks picocli and the Databricks SDK;
 *   <li>match the file-name glob of some artifact's {@code files[].source}, when the bundle has
 *       artifacts, so that the deploy uploads the file the job names.
 * </ul>
 *
 * Every {@code java_dependencies} entry in the artifacts' upload folder ({@code /.internal/}) names
 * {@code ${var.pipeline_jar_name}} or a literal value of it. And when the build's own JAR was found
 * (not one given with {@code --jar}), the value for the selected target is that JAR's file name:
 * this is what catches a Maven version bump that the variable missed.
 *
 * <p>Only the files are read: a value from {@code BUNDLE_VAR_pipeline_jar_name} is not seen, and a
 * value that is itself a reference is skipped.
 */
public final class PipelineJarNameRule implements BundleRule {
  public static final String VARIABLE = "pipeline_jar_name";
  private static final String REFERENCE = "${var." + VARIABLE + "}";
  private static final String UPLOAD_DIR = "/.internal/";

  private final Optional<String> requestedTarget;
  private final Optional<Path> builtJar;

  /**
   * @param requestedTarget the {@code --target} option, if given
   * @param builtJar the JAR the default lookup found in the build output; empty when there is none
   *     or when the user named a JAR with {@code --jar}, whose file name may be anything
   */
  public PipelineJarNameRule(Optional<String> requestedTarget, Optional<Path> builtJar) {
    this.requestedTarget = Objects.requireNonNull(requestedTarget, "requestedTarget");
    this.builtJar = Objects.requireNonNull(builtJar, "builtJar");
  }

  /** One literal value of the variable and where it is written. */
  private record Value(BundleFile file, String path, Optional<String> target, String name) {}

  @Override
  public List<Problem> check(Bundle bundle) {
    List<Value> values = new ArrayList<>();
    Set<String> overridden = new HashSet<>();
    boolean declared = false;
    for (BundleFile file : bundle.files()) {
      JsonNode variable = file.root().path("variables").path(VARIABLE);
      if (variable.isObject()) {
        declared = true;
        String path = JsonPaths.child("$.variables", VARIABLE) + ".default";
        literal(file, path, Optional.empty(), variable.path("default")).ifPresent(values::add);
      }
      for (Map.Entry<String, JsonNode> target : file.root().path("targets").properties()) {
        JsonNode override = target.getValue().path("variables").path(VARIABLE);
        String path =
            JsonPaths.child(JsonPaths.child("$.targets", target.getKey()) + ".variables", VARIABLE);
        if (override.isMissingNode()) {
          continue;
        }
        overridden.add(target.getKey());
        if (override.isObject()) {
          override = override.path("default");
          path += ".default";
        }
        literal(file, path, Optional.of(target.getKey()), override).ifPresent(values::add);
      }
    }
    if (!declared) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    List<String> sources = artifactSources(bundle);
    for (Value value : values) {
      checkValue(value, sources, problems);
    }
    checkJavaDependencies(bundle, values, problems);
    // The value for the selected target: its override, else the default. A reference (not
    // literal) in the override leaves nothing to compare, rather than falling back.
    Optional<String> selected = new Targets(bundle).select(requestedTarget).name();
    Optional<String> scope = selected.filter(overridden::contains);
    Optional<Value> forTarget = values.stream().filter(v -> v.target().equals(scope)).findFirst();
    if (builtJar.isPresent() && forTarget.isPresent()) {
      checkBuilt(forTarget.get(), builtJar.get().getFileName().toString(), problems);
    }
    return problems;
  }

  private static Optional<Value> literal(
      BundleFile file, String path, Optional<String> target, JsonNode node) {
    if (!node.isTextual() || node.asText().contains("${")) {
      return Optional.empty();
    }
    return Optional.of(new Value(file, path, target, node.asText()));
  }

  // A plain JAR name is reported once, as such: that the serverless glob misses it follows from it.
  private static void checkValue(Value value, List<String> sources, List<Problem> out) {
    if (!PipelineJarLocator.isServerlessJarName(value.name())) {
      out.add(
          Problem.error(
              value.file().name(),
              value.path(),
              VARIABLE
                  + " '"
                  + value.name()
                  + "' is not the serverless JAR: name "
                  + PipelineJarLocator.PREFIX
                  + "<version>"
                  + PipelineJarLocator.SERVERLESS_SUFFIX
                  + ", the shaded JAR that carries picocli and the Databricks SDK; the plain JAR"
                  + " is for local runs"));
    } else if (!sources.isEmpty()
        && sources.stream().noneMatch(source -> matches(source, value.name()))) {
      out.add(
          Problem.error(
              value.file().name(),
              value.path(),
              VARIABLE
                  + " '"
                  + value.name()
                  + "' matches no artifact's files.source "
                  + sources
                  + ": the deploy would not upload the file the job loads"));
    }
  }

  private static void checkJavaDependencies(Bundle bundle, List<Value> values, List<Problem> out) {
    for (JobDefinition job : Jobs.in(bundle)) {
      JsonNode environments = job.node().path("environments");
      for (int i = 0; i < environments.size(); i++) {
        JsonNode dependencies = environments.get(i).path("spec").path("java_dependencies");
        String environmentPath = JsonPaths.index(job.path() + ".environments", i);
        for (int j = 0; j < dependencies.size(); j++) {
          String entry = dependencies.get(j).asText();
          int upload = entry.lastIndexOf(UPLOAD_DIR);
          if (upload < 0) {
            continue;
          }
          String name = entry.substring(upload + UPLOAD_DIR.length());
          boolean agrees =
              name.equals(REFERENCE) || values.stream().anyMatch(v -> v.name().equals(name));
          if (!agrees) {
            out.add(
                Problem.error(
                    job.file().name(),
                    JsonPaths.index(environmentPath + ".spec.java_dependencies", j),
                    "java_dependencies loads '"
                        + name
                        + "' from the artifacts' upload folder, which is not "
                        + VARIABLE
                        + " — write "
                        + REFERENCE
                        + " so the job loads the JAR the deploy uploads"));
          }
        }
      }
    }
  }

  private static void checkBuilt(Value value, String built, List<Problem> out) {
    if (!value.name().equals(built)) {
      out.add(
          Problem.error(
              value.file().name(),
              value.path(),
              VARIABLE
                  + " '"
                  + value.name()
                  + "' is not the JAR the build made ("
                  + built
                  + " in "
                  + PipelineJarLocator.TARGET_DIR
                  + "): the job would look for a file the deploy does not upload — set it to '"
                  + built
                  + "'"));
    }
  }

  private static List<String> artifactSources(Bundle bundle) {
    List<String> sources = new ArrayList<>();
    for (BundleFile file : bundle.files()) {
      for (JsonNode artifact : file.root().path("artifacts")) {
        for (JsonNode artifactFile : artifact.path("files")) {
          JsonNode source = artifactFile.path("source");
          if (source.isTextual()) {
            sources.add(source.asText());
          }
        }
      }
    }
    return sources;
  }

  // The CLI expands the glob against the build output; only its file-name part decides the name.
  private static boolean matches(String source, String fileName) {
    String glob = source.substring(source.lastIndexOf('/') + 1);
    try {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      return matcher.matches(Path.of(fileName));
    } catch (IllegalArgumentException e) {
      // A malformed glob, or a name that is not a file name: neither can name the uploaded JAR.
      return false;
    }
  }
}
