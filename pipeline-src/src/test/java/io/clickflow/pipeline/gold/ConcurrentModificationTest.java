package io.clickflow.pipeline.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.exceptions.ConcurrentAppendException;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

/**
 * The re-key retries Delta write conflicts, whether classic Delta or a Connect client raised them.
 */
class ConcurrentModificationTest {

  /** How a conflict reaches a Databricks Connect client: a Spark error with Delta's condition. */
  private static final class RemoteError extends RuntimeException implements SparkThrowable {
    private final String condition;

    RemoteError(String condition) {
      super(condition);
      this.condition = condition;
    }

    @Override
    public String getCondition() {
      return condition;
    }
  }

  @Test
  void conflictsAreRecognisedAndOtherFailuresAreNot() {
    assertThat(DimUser.isConcurrentModification(new ConcurrentAppendException("files added")))
        .isTrue();
    assertThat(
            DimUser.isConcurrentModification(
                new IllegalStateException("wrapped", new RemoteError("DELTA_CONCURRENT_APPEND"))))
        .isTrue();
    assertThat(DimUser.isConcurrentModification(new RemoteError("DELTA_TABLE_NOT_FOUND")))
        .isFalse();
    assertThat(DimUser.isConcurrentModification(new IllegalStateException("disk full"))).isFalse();
  }
}
