package io.clickflow.monitoring;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.contract.TableConventions;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.SnapshotImpl;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads dataset tables of a local or Hadoop-style lakehouse with Delta Kernel. Each call loads the
 * table's latest snapshot, which reads only the Delta log; callers cache what does not change.
 *
 * <p>Kernel 4.0's public {@link Snapshot} has no table properties yet, so the layer is read through
 * {@link SnapshotImpl}, as Kernel's own examples do.
 */
public final class DeltaKernelDatasetCatalog implements DatasetCatalog {

  private final Engine engine;
  private final LakehouseLayout layout;

  public DeltaKernelDatasetCatalog(Engine engine, LakehouseLayout layout) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  @Override
  public Optional<String> layer(String dataset) throws DatasetCatalogException {
    String path = layout.table(dataset);
    try {
      return snapshot(path)
          .map(
              snapshot ->
                  DatasetCatalog.layerLabel(
                      ((SnapshotImpl) snapshot)
                          .getMetadata()
                          .getConfiguration()
                          .get(TableConventions.QUALITY_PROPERTY)));
    } catch (RuntimeException e) {
      throw new DatasetCatalogException(path, DeltaKernelEventLogSource.describe(e), e);
    }
  }

  @Override
  public boolean hasQuarantine(String dataset) throws DatasetCatalogException {
    String path = layout.table(TableConventions.quarantineOf(dataset));
    try {
      return snapshot(path).isPresent();
    } catch (RuntimeException e) {
      throw new DatasetCatalogException(path, DeltaKernelEventLogSource.describe(e), e);
    }
  }

  @Override
  public String location() {
    return layout.root();
  }

  private Optional<Snapshot> snapshot(String path) {
    try {
      return Optional.of(Table.forPath(engine, path).getLatestSnapshot(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
  }
}
