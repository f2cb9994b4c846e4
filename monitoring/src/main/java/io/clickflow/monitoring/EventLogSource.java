package io.clickflow.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the exporter gets the pipeline's event log from. Implementations adapt one storage (a local
 * Delta table through Delta Kernel, or a Unity Catalog table on a Databricks SQL warehouse) so that
 * the metrics code never touches a vendor API.
 */
public interface EventLogSource {

  /**
   * Returns every flow-progress row of the event log, in no particular order. The log is
   * append-only, so each call returns a superset of the previous one unless the table was replaced.
   *
   * <p>Returns an empty list when the event log table does not exist yet: the pipeline creates it
   * on its first batch, and an exporter started first is not broken.
   *
   * @throws EventLogReadException when the table exists but cannot be read, or a row does not fit
   *     {@link FlowProgress}; the message names the table location
   */
  default List<FlowProgress> readAll() throws EventLogReadException {
    List<FlowProgress> all = new ArrayList<>();
    readGroups().forEach(all::addAll);
    return all;
  }

  /**
   * Returns the same rows as {@link #readAll}, in groups that are added and removed together: the
   * data files of a Delta table, or the rows that one read of a warehouse found new. A group that
   * did not change since the previous call is returned as the same {@code List} instance, so that
   * callers can keep what they derived from it; rows that are new come in new instances.
   *
   * @throws EventLogReadException as {@link #readAll}
   */
  List<List<FlowProgress>> readGroups() throws EventLogReadException;

  /** The event log's location, for messages. */
  String location();
}
