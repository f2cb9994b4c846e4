package io.clickflow.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineTagsTest {

  @Test
  void theLayersAndTheViewsInAStableOrder() {
    assertThat(PipelineTags.ALL).containsExactly("bronze", "silver", "gold", "mv");
    assertThatThrownBy(() -> PipelineTags.ALL.add("platinum"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tagsAreMatchedExactly() {
    assertThat(PipelineTags.isKnown("gold")).isTrue();
    assertThat(PipelineTags.isKnown("Gold")).isFalse();
    assertThat(PipelineTags.isKnown(" gold")).isFalse();
  }

  @Test
  void theMessageNamesTheTagAndEveryKnownOne() {
    assertThat(PipelineTags.unknownTagMessage("gld"))
        .isEqualTo(
            "tag 'gld' is not in the pipeline graph; known tags: [bronze, silver, gold, mv]");
  }
}
