package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.pipeline.SharedSpark;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {

  private static final String PEPPER = "unit-test-pepper-0000";

  @Test
  void equalsSqlSha2OfPepperAndNormalisedValue() {
    String expected =
        SharedSpark.session()
            .sql("SELECT sha2(concat('" + PEPPER + "', lower(trim('  Ann@Example.TEST '))), 256)")
            .first()
            .getString(0);
    assertThat(new Pseudonymiser(PEPPER).pseudonymise("  Ann@Example.TEST ")).isEqualTo(expected);
  }

  @Test
  void nullAndBlankStayNullAndThePepperIsNeverPrinted() {
    Pseudonymiser p = new Pseudonymiser(PEPPER);
    assertThat(p.pseudonymise(null)).isNull();
    assertThat(p.pseudonymise("  ")).isNull();
    assertThat(p.toString()).doesNotContain(PEPPER);
  }

  @Test
  void aShortPepperIsRejectedWithTheFix() {
    assertThatThrownBy(() -> new Pseudonymiser("short"))
        .hasMessageContaining("CLICKFLOW_PII_PEPPER")
        .hasMessageNotContaining("short");
  }
}
