package io.clickflow.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickflow.contract.PipelineTags;
import io.clickflow.pipeline.ClickstreamPipeline;
import io.clickflow.pipeline.graph.DatasetGraph.TagMode;
import io.clickflow.pipeline.runtime.DatasetDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetGraphTest {

  private static DatasetSpec spec(String name, Set<String> tags, String... reads) {
    return new DatasetSpec(
        name, DatasetKind.STREAMING_TABLE, "test", tags, Set.of(reads), List.of(), "", Map.of());
  }

  @Test
  void dependenciesComeFirstWhateverTheDeclarationOrder() {
    DatasetGraph graph =
        DatasetGraph.of(
            List.of(
                spec("c", Set.of("gold"), "b"),
                spec("b", Set.of("silver"), "a"),
                spec("a", Set.of("bronze"), "files")),
            Set.of("files"));
    assertThat(graph.topologicalOrder())
        .extracting(DatasetSpec::name)
        .containsExactly("a", "b", "c");
  }

  @Test
  void aCycleIsReportedWithItsPath() {
    assertThatThrownBy(
            () ->
                DatasetGraph.of(
                    List.of(
                        spec("a", Set.of(), "c"),
                        spec("b", Set.of(), "a"),
                        spec("c", Set.of(), "b")),
                    Set.of()))
        .isInstanceOf(GraphException.class)
        .hasMessage("dependency cycle: a -> c -> b -> a");
  }

  @Test
  void unknownDependencyAndDuplicateNameAreErrors() {
    assertThatThrownBy(() -> DatasetGraph.of(List.of(spec("a", Set.of(), "nope")), Set.of()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("reads unknown dataset nope");
    assertThatThrownBy(
            () -> DatasetGraph.of(List.of(spec("a", Set.of()), spec("a", Set.of())), Set.of()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("duplicate dataset name: a");
  }

  @Test
  void tagsSelectWithAnyOrAllSemantics() {
    DatasetGraph graph =
        DatasetGraph.of(
            List.of(
                spec("a", Set.of("bronze")),
                spec("b", Set.of("gold"), "a"),
                spec("c", Set.of("gold", "mv"), "b")),
            Set.of());
    assertThat(graph.select(Set.of("bronze", "mv"), TagMode.ANY))
        .extracting(DatasetSpec::name)
        .containsExactly("a", "c");
    assertThat(graph.select(Set.of("gold", "mv"), TagMode.ALL))
        .extracting(DatasetSpec::name)
        .containsExactly("c");
    assertThat(graph.select(Set.of(), TagMode.ANY)).hasSize(3);
    assertThatThrownBy(() -> graph.select(Set.of("platinum"), TagMode.ANY))
        .hasMessageContaining("unknown tags [platinum]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bronze", "1abc", "with-dash"})
  void badNamesAreRejected(String name) {
    assertThatThrownBy(() -> spec(name, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset name");
  }

  @Test
  void theClickstreamPipelineIsAValidGraph() {
    DatasetGraph graph =
        DatasetGraph.of(
            ClickstreamPipeline.definitions().stream().map(DatasetDefinition::spec).toList(),
            ClickstreamPipeline.EXTERNAL_SOURCES);
    assertThat(graph.topologicalOrder())
        .extracting(DatasetSpec::name)
        .startsWith("bronze_events", "silver_events", "dim_user", "fact_events")
        .contains("fact_sessions", "dim_date", "mv_funnel_daily", "mv_session_kpis");
    List<String> order = graph.topologicalOrder().stream().map(DatasetSpec::name).toList();
    assertThat(order.indexOf("fact_sessions")).isLessThan(order.indexOf("mv_session_kpis"));
  }

  @Test
  void theGraphDeclaresExactlyTheTagsTheBundleChecksAgainst() {
    Set<String> declared =
        ClickstreamPipeline.graph().topologicalOrder().stream()
            .flatMap(s -> s.tags().stream())
            .collect(Collectors.toSet());
    assertThat(declared).isEqualTo(PipelineTags.ALL);
  }
}
