package io.clickflow.contract;

/**
 * Naming and table-property conventions the pipeline writes and the exporter reads back, kept in
 * one place so that neither side re-types them.
 */
public final class TableConventions {

  /** Table property naming a dataset's layer: bronze, silver, gold, or system for the event log. */
  public static final String QUALITY_PROPERTY = "quality";

  private static final String QUARANTINE_SUFFIX = "_quarantine";

  private TableConventions() {}

  /** The table that keeps a dataset's rows that failed a DROP expectation. */
  public static String quarantineOf(String dataset) {
    return dataset + QUARANTINE_SUFFIX;
  }
}
