package io.clickflow.monitoring.databricks;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the Databricks source reads: a SQL warehouse, the Unity Catalog schema that holds the
 * pipeline's tables, and the pipeline's job. Credentials are deliberately not part of it: the SDK's
 * unified authentication finds them in the environment or in a profile of the Databricks config
 * file.
 *
 * @param warehouseId the SQL warehouse that runs the statements
 * @param catalog the catalog of the event log and dataset tables
 * @param schema the schema of the event log and dataset tables
 * @param jobName the job's exact name; empty when {@code jobId} is given
 * @param jobId the job's id; empty when {@code jobName} is given
 * @param profile a profile of the Databricks config file; empty for the SDK's default chain
 */
public record DatabricksTarget(
    String warehouseId,
    String catalog,
    String schema,
    Optional<String> jobName,
    OptionalLong jobId,
    Optional<String> profile) {

  /**
   * The job's name as {@code bundle/resources/clickflow_pipeline.job.yml} declares it, deployed by
   * the production target. The development target prefixes it with the deploying user.
   */
  public static final String BUNDLE_JOB_NAME = "clickflow_pipeline";

  public DatabricksTarget {
    requireNonBlank(warehouseId, "warehouseId");
    requireNonBlank(catalog, "catalog");
    requireNonBlank(schema, "schema");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(profile, "profile");
    if (jobName.isPresent() == jobId.isPresent()) {
      throw new IllegalArgumentException("give exactly one of jobName and jobId");
    }
    jobName.ifPresent(name -> requireNonBlank(name, "jobName"));
    if (jobId.isPresent() && jobId.getAsLong() <= 0) {
      throw new IllegalArgumentException("jobId must be positive, got " + jobId.getAsLong());
    }
    profile.ifPresent(name -> requireNonBlank(name, "profile"));
  }

  /** A target whose job is found by name. */
  public static DatabricksTarget byJobName(
      String warehouseId, String catalog, String schema, String jobName, Optional<String> profile) {
    return new DatabricksTarget(
        warehouseId, catalog, schema, Optional.of(jobName), OptionalLong.empty(), profile);
  }

  /** A target whose job is given by id. */
  public static DatabricksTarget byJobId(
      String warehouseId, String catalog, String schema, long jobId, Optional<String> profile) {
    return new DatabricksTarget(
        warehouseId, catalog, schema, Optional.empty(), OptionalLong.of(jobId), profile);
  }

  /** {@code catalog.schema.table}, for messages; statements never splice names into SQL text. */
  String qualified(String table) {
    return catalog + "." + schema + "." + table;
  }

  private static void requireNonBlank(String value, String field) {
    if (Objects.requireNonNull(value, field + " must not be null").isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
