package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.expectation;
import static io.clickflow.monitoring.FlowProgressFixtures.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlowProgressTest {

  static Stream<Arguments> invalidRows() {
    return Stream.of(
        invalid("blank dataset", "dataset", () -> flow(" ").build()),
        invalid("null timestamp", "timestamp", () -> flow("d").at(null).build()),
        invalid("blank run id", "runId", () -> flow("d").run("").build()),
        invalid("negative input", "inputRows", () -> flow("d").rows(-1, 0).build()),
        invalid("negative late", "lateRecords", () -> flow("d").late(-1).build()),
        invalid("negative backlog", "backlogFiles", () -> flow("d").backlogFiles(-1L).build()),
        invalid("blank action", "action", () -> expectation("d", "e", " ", 0, 0)),
        invalid("negative failed", "failedRecords", () -> expectation("d", "e", "WARN", 0, -2)));
  }

  private static Arguments invalid(String label, String field, Supplier<Object> build) {
    return Arguments.of(label, field, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRows")
  void rejectsInvalidValuesNamingTheField(String label, String field, Supplier<Object> build) {
    assertThatThrownBy(build::get).hasMessageContaining(field);
  }

  @Test
  void expectationsAreCopied() {
    List<ExpectationResult> expectations = new ArrayList<>();
    FlowProgress row =
        new FlowProgress(
            FlowProgressFixtures.T0,
            "r",
            "d",
            0,
            0,
            0,
            0,
            0,
            expectations,
            0,
            0,
            0,
            null,
            null,
            null,
            false);

    expectations.add(expectation("d", "e", "WARN", 1, 0));

    assertThat(row.expectations()).isEmpty();
  }
}
