package io.clickflow.pipeline.bronze;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fixed Bronze schema. It mirrors the event contract's JSON Schema field by field (a test holds
 * the two together), with JSON types mapped to Spark types: string → string, integer → long (int
 * for schema_version), number → double, object → struct, free string map → map.
 *
 * <p>{@code event_time} stays a string here: a malformed timestamp is then visible in Bronze and
 * fails Silver's {@code valid_event_time} expectation, instead of vanishing into a NULL.
 */
public final class BronzeSchema {

  public static final String RESCUED_DATA = "_rescued_data";
  public static final String CORRUPT_RECORD = "_corrupt_record";
  public static final String INGESTED_AT = "_ingested_at";
  public static final String FILE_PATH = "_file_path";
  public static final String FILE_SIZE = "_file_size";
  public static final String FILE_MODIFICATION_TIME = "_file_modification_time";

  /** The event as the contract defines it. */
  public static final StructType EVENT =
      new StructType()
          .add("event_id", StringType)
          .add("event_type", StringType)
          .add("event_time", StringType)
          .add("schema_version", IntegerType)
          .add(
              "user",
              new StructType()
                  .add("user_id", StringType)
                  .add("anonymous_id", StringType)
                  .add("email", StringType)
                  .add("ip", StringType)
                  .add("plan", StringType))
          .add("session", new StructType().add("session_id", StringType).add("sequence", LongType))
          .add(
              "device",
              new StructType()
                  .add("type", StringType)
                  .add("os", StringType)
                  .add("browser", StringType)
                  .add("user_agent", StringType))
          .add(
              "geo",
              new StructType()
                  .add("country", StringType)
                  .add("region", StringType)
                  .add("city", StringType))
          .add(
              "page",
              new StructType()
                  .add("url", StringType)
                  .add("path", StringType)
                  .add("title", StringType)
                  .add("referrer", StringType))
          .add(
              "marketing",
              new StructType()
                  .add("utm_source", StringType)
                  .add("utm_medium", StringType)
                  .add("utm_campaign", StringType))
          .add(
              "commerce",
              new StructType()
                  .add("product_id", StringType)
                  .add("price", DoubleType)
                  .add("currency", StringType)
                  .add("quantity", LongType))
          .add("properties", DataTypes.createMapType(StringType, StringType));

  /** What the line parser returns: the event plus what did not fit. */
  public static final StructType PARSED =
      EVENT.add(RESCUED_DATA, StringType).add(CORRUPT_RECORD, StringType);

  /** The Bronze table: parsed event, rescue columns and ingest metadata. */
  public static final StructType TABLE =
      PARSED
          .add(INGESTED_AT, TimestampType)
          .add(FILE_PATH, StringType)
          .add(FILE_SIZE, LongType)
          .add(FILE_MODIFICATION_TIME, TimestampType);

  private BronzeSchema() {}
}
