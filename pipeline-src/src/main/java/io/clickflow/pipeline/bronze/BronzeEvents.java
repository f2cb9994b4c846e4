package io.clickflow.pipeline.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.clickflow.contract.TableConventions;
import io.clickflow.pipeline.graph.DatasetKind;
import io.clickflow.pipeline.graph.DatasetSpec;
import io.clickflow.pipeline.runtime.BatchOutcome;
import io.clickflow.pipeline.runtime.ObservedMetrics;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.StreamingTableDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * {@code bronze_events}: every non-empty landing line, once, with the fixed schema, {@code
 * _rescued_data}, {@code _corrupt_record} and ingest metadata.
 *
 * <p>Files are discovered incrementally by Spark's file source and tracked in the flow's
 * checkpoint, as Auto Loader does; names starting with {@code _} or {@code .} (the producer's temp
 * files) are ignored by that source. Lines are read as text and parsed by {@link EventLineParser},
 * so the rescue rules are one piece of code wherever the files come from.
 */
public final class BronzeEvents implements StreamingTableDefinition {

  public static final String NAME = "bronze_events";

  /** The observation counting landing lines, empty ones included, before parsing. */
  private static final String LINES = NAME + "_lines";

  /** The external source Bronze reads; not a dataset of the graph. */
  public static final String LANDING = "landing";

  @Override
  public DatasetSpec spec() {
    return new DatasetSpec(
        NAME,
        DatasetKind.STREAMING_TABLE,
        "bronze",
        Set.of("bronze"),
        Set.of(LANDING),
        List.of(),
        "Raw clickstream events as landed, with rescued data and ingest metadata.",
        Map.of(
            TableConventions.QUALITY_PROPERTY,
            "bronze",
            // Bronze is read as a stream, never filtered: statistics on its ~40 nested columns
            // would cost every write and save no read. Ingest time is what people filter on.
            "delta.dataSkippingStatsColumns",
            "_ingested_at,_file_modification_time"));
  }

  @Override
  public Dataset<Row> source(PipelineContext ctx) {
    DataStreamReader reader =
        ctx.spark()
            .readStream()
            .format("text")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.json*");
    if (ctx.settings().maxFilesPerTrigger() > 0) {
      reader = reader.option("maxFilesPerTrigger", ctx.settings().maxFilesPerTrigger());
    }
    if (ctx.settings().maxBytesPerTrigger() > 0) {
      reader = reader.option("maxBytesPerTrigger", ctx.settings().maxBytesPerTrigger());
    }
    Dataset<Row> lines =
        reader
            .load(ctx.settings().landing())
            .select(
                col("value"),
                col("_metadata.file_path").as(BronzeSchema.FILE_PATH),
                col("_metadata.file_size").as(BronzeSchema.FILE_SIZE),
                col("_metadata.file_modification_time").as(BronzeSchema.FILE_MODIFICATION_TIME));
    return parse(lines.observe(LINES, count(lit(1)).as("lines")))
        .observe(
            NAME,
            count(lit(1)).as("rows"),
            sum(when(col(BronzeSchema.RESCUED_DATA).isNotNull(), 1).otherwise(0)).as("rescued"),
            sum(when(col(BronzeSchema.CORRUPT_RECORD).isNotNull(), 1).otherwise(0)).as("corrupt"),
            max(expr("try_to_timestamp(event_time)")).as("max_event_time"));
  }

  /**
   * Non-empty lines (with their file metadata columns, as {@link #source} gives them) parsed into
   * Bronze rows.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    EventLineParser parser = new EventLineParser(BronzeSchema.EVENT);
    var parse =
        udf((UDF2<String, String, Row>) parser::parse, BronzeSchema.PARSED).withName("parse_event");
    return lines
        .filter(length(trim(col("value"))).gt(0))
        .select(
            parse.apply(col("value"), col(BronzeSchema.FILE_PATH)).as("e"),
            col(BronzeSchema.FILE_PATH),
            col(BronzeSchema.FILE_SIZE),
            col(BronzeSchema.FILE_MODIFICATION_TIME))
        .select(
            col("e.*"),
            current_timestamp().as(BronzeSchema.INGESTED_AT),
            col(BronzeSchema.FILE_PATH),
            col(BronzeSchema.FILE_SIZE),
            col(BronzeSchema.FILE_MODIFICATION_TIME));
  }

  @Override
  public void writeBatch(Dataset<Row> batch, long batchId, PipelineContext ctx) {
    ctx.store().append(batch, NAME, NAME, batchId, ctx.mayReplay());
  }

  @Override
  public BatchOutcome outcome(ObservedMetrics observed) {
    long read = observed.count(LINES, "lines");
    long written = observed.count(NAME, "rows");
    return new BatchOutcome(
        read,
        written,
        0,
        List.of(),
        observed.count(NAME, "rescued"),
        observed.count(NAME, "corrupt"),
        read - written,
        observed.instant(NAME, "max_event_time"));
  }
}
