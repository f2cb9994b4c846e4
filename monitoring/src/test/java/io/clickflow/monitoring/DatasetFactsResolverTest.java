package io.clickflow.monitoring;

import static io.clickflow.monitoring.FlowProgressFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetFactsResolverTest {

  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryDatasetCatalog catalog = new InMemoryDatasetCatalog();
  private final DatasetFactsResolver resolver = new DatasetFactsResolver(catalog, clock, RECHECK);

  @Test
  void knownLayerIsAskedOnce() {
    catalog.table("fact_events", "gold");

    resolver.resolve(Map.of("fact_events", 0L));
    clock.advance(RECHECK.multipliedBy(3));
    DatasetFactsResolver.Resolution again = resolver.resolve(Map.of("fact_events", 0L));

    assertThat(again.facts()).containsEntry("fact_events", facts("gold", false));
    assertThat(catalog.lookups()).isEqualTo(1);
  }

  @Test
  void missingTableIsAskedAgainOnlyAfterTheRecheckInterval() {
    resolver.resolve(Map.of("fact_events", 0L));
    catalog.table("fact_events", "gold");

    clock.advance(RECHECK.minusSeconds(1));
    assertThat(resolver.resolve(Map.of("fact_events", 0L)).facts())
        .containsEntry("fact_events", DatasetFacts.UNKNOWN);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolver.resolve(Map.of("fact_events", 0L)).facts())
        .containsEntry("fact_events", facts("gold", false));
    assertThat(catalog.lookups()).isEqualTo(2);
  }

  @Test
  void quarantineIsAskedOnlyForDatasetsThatDropped() {
    catalog.table("fact_events", "gold").table("silver_events", "silver");
    catalog.quarantine("silver_events");

    DatasetFactsResolver.Resolution resolution =
        resolver.resolve(Map.of("fact_events", 0L, "silver_events", 3L));

    assertThat(resolution.facts())
        .containsEntry("silver_events", facts("silver", true))
        .containsEntry("fact_events", facts("gold", false));
    assertThat(catalog.lookups()).isEqualTo(3);
  }

  @Test
  void quarantineCreatedLaterIsFoundAtTheNextRecheck() {
    catalog.table("silver_events", "silver");
    resolver.resolve(Map.of("silver_events", 1L));
    catalog.quarantine("silver_events");

    clock.advance(RECHECK);

    assertThat(resolver.resolve(Map.of("silver_events", 2L)).facts())
        .containsEntry("silver_events", facts("silver", true));
  }

  @Test
  void failedLookupsAreReturnedAndRetriedLater() {
    DatasetCatalog flaky =
        new StrictDatasetCatalog() {
          private int calls;

          @Override
          public Optional<String> layer(String dataset) throws DatasetCatalogException {
            if (calls++ == 0) {
              throw new DatasetCatalogException("/lake/tables/" + dataset, "timeout", null);
            }
            return Optional.of("gold");
          }
        };
    DatasetFactsResolver flakyResolver = new DatasetFactsResolver(flaky, clock, RECHECK);

    DatasetFactsResolver.Resolution first = flakyResolver.resolve(Map.of("fact_events", 0L));
    clock.advance(RECHECK);
    DatasetFactsResolver.Resolution second = flakyResolver.resolve(Map.of("fact_events", 0L));

    assertThat(first.failures())
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("read table metadata /lake/tables/fact_events: timeout");
    assertThat(first.facts()).containsEntry("fact_events", DatasetFacts.UNKNOWN);
    assertThat(second.failures()).isEmpty();
    assertThat(second.facts()).containsEntry("fact_events", facts("gold", false));
  }

  @Test
  void catalogBreakingItsContractIsAFailureNotAnException() {
    DatasetCatalog buggy =
        new StrictDatasetCatalog() {
          @Override
          public Optional<String> layer(String dataset) {
            throw new IllegalStateException("bug");
          }
        };

    DatasetFactsResolver.Resolution resolution =
        new DatasetFactsResolver(buggy, clock, RECHECK).resolve(Map.of("fact_events", 0L));

    assertThat(resolution.failures())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("fact_events", "strict:catalog", "bug");
  }

  @Test
  void rejectsNegativeRecheckInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DatasetFactsResolver(catalog, clock, Duration.ofSeconds(-1)))
        .withMessageContaining("recheckInterval");
  }

  private static DatasetFacts facts(String layer, boolean hasQuarantine) {
    return new DatasetFacts(Optional.of(layer), hasQuarantine);
  }
}
