package io.clickflow.contract;

import java.io.Serializable;
import java.net.URI;

/**
 * Where things live inside a local (path-based) lakehouse. The pipeline writes tables here and the
 * exporter reads them, so the layout is part of the contract. On Databricks tables resolve to Unity
 * Catalog names instead and this class is not used.
 */
public final class LakehouseLayout implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String root;

  /**
   * @param root a local directory or any Hadoop-style URI ({@code file:/...}, {@code abfss://...})
   */
  public LakehouseLayout(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("lakehouse root must not be blank");
    }
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  /** Delta table directory for a dataset, e.g. {@code <root>/tables/silver_events}. */
  public String table(String name) {
    return root + "/tables/" + name;
  }

  /**
   * Checkpoint directory of one flow: a streaming table's, or a materialized view's refresh mark.
   */
  public String checkpoint(String flow) {
    return root + "/checkpoints/" + flow;
  }

  /** Whether the root is a plain local path rather than a URI with a scheme. */
  public boolean isLocal() {
    return URI.create(root.replace('\\', '/').replace(" ", "%20")).getScheme() == null
        || root.startsWith("file:");
  }
}
