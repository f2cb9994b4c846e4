package io.clickflow.pipeline.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The watermark a streaming dedup operator compares rows against in a given micro-batch, so that a
 * batch function can pick out the very rows Spark drops as late.
 *
 * <p>Spark drops a row as late when its event time is at or before the watermark of the
 * <em>previous</em> batch (the current batch's watermark only evicts state). Each batch's watermark
 * is written to the checkpoint's offset log before the batch runs, so reading it there is exact,
 * also in the first batch after a restart.
 */
public final class LateEventThreshold {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LateEventThreshold() {}

  /**
   * The threshold for rows of {@code batchId}: rows with event time at or before it are late.
   * {@link Instant#EPOCH} when nothing can be late yet (first batch, or no watermark so far).
   */
  public static Instant forBatch(SparkSession spark, String checkpoint, long batchId) {
    if (batchId == 0) {
      return Instant.EPOCH;
    }
    String offsets = checkpoint + "/offsets/" + (batchId - 1);
    try {
      return CheckpointFiles.of(spark)
          .firstLines(offsets, 2)
          // the first line is the log's format version (v1), the second the batch metadata
          .map(
              lines ->
                  Instant.ofEpochMilli(batchWatermarkMs(lines.size() < 2 ? null : lines.get(1))))
          .orElse(Instant.EPOCH);
    } catch (IOException e) {
      throw new UncheckedIOException("read the watermark of batch " + (batchId - 1), e);
    }
  }

  /** The {@code batchWatermarkMs} field of an offset log's metadata line. */
  static long batchWatermarkMs(String metadataJson) {
    if (metadataJson == null) {
      return 0;
    }
    try {
      return MAPPER.readTree(metadataJson).path("batchWatermarkMs").asLong(0);
    } catch (IOException e) {
      throw new UncheckedIOException("offset log metadata is not JSON: " + metadataJson, e);
    }
  }
}
