package io.clickflow.pipeline.runtime;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The named observations of one micro-batch, as its progress reports them. A metric that is absent
 * (no such observation, or an aggregate over no rows) reads as zero or null.
 */
public final class ObservedMetrics {

  private final Map<String, Row> observations;

  public ObservedMetrics(Map<String, Row> observations) {
    this.observations = Map.copyOf(observations);
  }

  public long count(String observation, String metric) {
    Object value = value(observation, metric);
    return value == null ? 0L : ((Number) value).longValue();
  }

  public Instant instant(String observation, String metric) {
    return instant(value(observation, metric));
  }

  private Object value(String observation, String metric) {
    Row row = observations.get(observation);
    if (row == null || row.schema() == null) {
      return null;
    }
    int index = row.schema().getFieldIndex(metric).getOrElse(() -> -1);
    return index < 0 || row.isNullAt(index) ? null : row.get(index);
  }

  /**
   * Timestamps come back as {@link Timestamp} or {@link Instant} from classic Spark (depending on
   * the Java 8 time API setting) and as epoch milliseconds from a Spark Connect client.
   */
  public static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Number millis) {
      return Instant.ofEpochMilli(millis.longValue());
    }
    throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
  }
}
