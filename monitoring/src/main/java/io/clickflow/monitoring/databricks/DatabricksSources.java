package io.clickflow.monitoring.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.clickflow.contract.EventLog;
import io.clickflow.monitoring.DatasetCatalog;
import io.clickflow.monitoring.EventLogSource;
import io.clickflow.monitoring.PipelineRunSource;
import java.time.Clock;
import java.util.Objects;

/**
 * The exporter's Databricks side: the event log and the dataset tables read through a SQL warehouse
 * with the Statement Execution API, and the pipeline's runs through the Jobs API, all over one
 * databricks-sdk-java client. This package is the only one that imports the SDK.
 */
public final class DatabricksSources {

  private static final String CONFIGURE =
      " — set DATABRICKS_HOST and credentials the SDK's unified authentication understands (for"
          + " example DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET for a service principal),"
          + " or pass --profile with a profile of ~/.databrickscfg";

  private final DatabricksEventLogSource eventLog;
  private final DatabricksDatasetCatalog catalog;
  private final DatabricksJobRuns runs;

  /**
   * @param workspace a configured client; tests point it at a local server
   * @param sleeper waits between polls of a running statement
   */
  public DatabricksSources(
      WorkspaceClient workspace, DatabricksTarget target, Clock clock, Sleeper sleeper) {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(target, "target");
    String host = host(workspace);
    SqlWarehouse warehouse =
        new SqlWarehouse(
            workspace.statementExecution(),
            target.warehouseId(),
            target.catalog(),
            target.schema(),
            clock,
            sleeper,
            SqlWarehouse.STATEMENT_TIMEOUT);
    String onWarehouse = " on SQL warehouse " + target.warehouseId() + " at " + host;
    this.eventLog =
        new DatabricksEventLogSource(
            warehouse,
            target.qualified(EventLog.TABLE) + onWarehouse,
            DatabricksEventLogSource.MAX_GROUPS,
            DatabricksEventLogSource.PAGE_ROWS);
    this.catalog =
        new DatabricksDatasetCatalog(
            warehouse, target, target.catalog() + "." + target.schema() + onWarehouse);
    this.runs = new DatabricksJobRuns(workspace.jobs(), host, target.jobName(), target.jobId());
  }

  /**
   * Connects with the SDK's unified authentication: the {@code DATABRICKS_*} environment, or the
   * target's profile of the Databricks config file. Nothing here reads or keeps a token.
   *
   * @throws IllegalStateException when the SDK finds no usable configuration; the message says what
   *     to set
   */
  public static DatabricksSources connect(DatabricksTarget target, Clock clock) {
    DatabricksConfig config = new DatabricksConfig();
    target.profile().ifPresent(config::setProfile);
    return connect(target, config, clock, Sleeper.SYSTEM);
  }

  static DatabricksSources connect(
      DatabricksTarget target, DatabricksConfig config, Clock clock, Sleeper sleeper) {
    WorkspaceClient workspace;
    try {
      workspace = new WorkspaceClient(config);
    } catch (RuntimeException e) {
      // The SDK reports an unusable configuration with DatabricksException or, for some missing
      // settings, a bare NullPointerException; both mean the same to the user.
      String problem = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IllegalStateException(
          "connect to Databricks: " + SdkErrors.firstLine(problem) + CONFIGURE, e);
    }
    String host = workspace.config().getHost();
    if (host == null || host.isBlank()) {
      throw new IllegalStateException(
          "connect to Databricks: no workspace host is configured" + CONFIGURE);
    }
    return new DatabricksSources(workspace, target, clock, sleeper);
  }

  public EventLogSource eventLog() {
    return eventLog;
  }

  public DatasetCatalog catalog() {
    return catalog;
  }

  public PipelineRunSource runs() {
    return runs;
  }

  private static String host(WorkspaceClient workspace) {
    String host = workspace.config().getHost();
    return host == null ? "" : host.replaceAll("/+$", "");
  }
}
