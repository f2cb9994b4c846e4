package io.clickflow.monitoring;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.contract.TableConventions;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import java.util.Map;

/**
 * Creates empty dataset tables in a lakehouse with Delta Kernel, with the table properties the
 * pipeline declares, so that catalog tests read real Delta metadata without Spark.
 */
final class DatasetTables {

  private static final StructType SCHEMA = new StructType().add("event_id", StringType.STRING);

  private final Engine engine;
  private final LakehouseLayout layout;

  DatasetTables(Engine engine, LakehouseLayout layout) {
    this.engine = engine;
    this.layout = layout;
  }

  /** A table declaring its layer as the pipeline does, in the {@code quality} property. */
  void create(String dataset, String layer) {
    create(dataset, Map.of(TableConventions.QUALITY_PROPERTY, layer));
  }

  void create(String dataset, Map<String, String> properties) {
    Table.forPath(engine, layout.table(dataset))
        .createTransactionBuilder(engine, "clickflow-monitoring-test", Operation.CREATE_TABLE)
        .withSchema(engine, SCHEMA)
        .withTableProperties(engine, properties)
        .build(engine)
        .commit(engine, CloseableIterable.emptyIterable());
  }

  /** The quarantine table the pipeline creates with a dataset's first dropped row. */
  void createQuarantine(String dataset, String layer) {
    create(TableConventions.quarantineOf(dataset), layer);
  }
}
