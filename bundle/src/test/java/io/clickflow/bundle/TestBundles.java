package io.clickflow.bundle;

import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small bundle that passes every check, for tests to break one thing at a time. */
public final class TestBundles {

  public static final String DATABRICKS_YML =
      """
      bundle:
        name: fixture

      include:
        - resources/*.yml

      variables:
        catalog:
          description: Catalog for the tables.
          default: fixture_dev

      targets:
        dev:
          mode: development
          default: true
        prod:
          mode: production
          permissions:
            - group_name: data-engineers
              level: CAN_MANAGE
      """;

  public static final String JOB_YML =
      """
      resources:
        jobs:
          pipeline:
            name: pipeline
            max_concurrent_runs: 1
            tasks:
              - task_key: bronze
                environment_key: default
                spark_jar_task:
                  main_class_name: io.clickflow.pipeline.PipelineCli
                  parameters: ["run", "--catalog", "${var.catalog}"]
            environments:
              - environment_key: default
                spec:
                  environment_version: "4"
                  java_dependencies:
                    - ${workspace.artifact_path}/.internal/pipeline.jar
      """;

  public static final String JOB_FILE = "resources/pipeline.job.yml";

  private static final String TASK_START = "        - task_key: bronze\n";
  private static final String TASK_ENVIRONMENT = "          environment_key: default\n";

  private TestBundles() {}

  /** The valid fixture, with any file replaced or added by {@code overrides}. */
  public static Path write(Path dir, Map<String, String> overrides) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(Bundle.ROOT_FILE, DATABRICKS_YML);
    files.put(JOB_FILE, JOB_YML);
    files.putAll(overrides);
    files.forEach((name, text) -> writeFile(dir.resolve(name), text));
    return dir;
  }

  public static Path writeValid(Path dir) {
    return write(dir, Map.of());
  }

  public static Bundle load(Path dir) {
    return new BundleLoader().load(dir).bundle();
  }

  public static Bundle loadWithJob(Path dir, String jobYml) {
    return load(write(dir, Map.of(JOB_FILE, jobYml)));
  }

  /** The fixture job with extra YAML lines (unindented) added to its only task. */
  public static String jobWithTaskLines(String... lines) {
    StringBuilder extra = new StringBuilder();
    for (String line : lines) {
      extra.append("          ").append(line).append('\n');
    }
    return JOB_YML.replace(TASK_START, TASK_START + extra);
  }

  /** The fixture job whose task does not name an environment. */
  public static String jobWithoutTaskEnvironment() {
    return JOB_YML.replace(TASK_ENVIRONMENT, "");
  }

  /**
   * A hand-written schema shaped like the official one (oneOf with interpolation strings), so tests
   * of the reporting run without the shared schema file.
   */
  public static Path miniSchema() {
    try {
      return Path.of(TestBundles.class.getResource("mini-bundle-schema.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void writeFile(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
