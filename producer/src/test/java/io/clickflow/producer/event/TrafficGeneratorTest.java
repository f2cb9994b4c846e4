package io.clickflow.producer.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.producer.ProducerConfig;
import io.clickflow.producer.TestClocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrafficGeneratorTest {

  private static final Duration SPAN = Duration.ofHours(6);

  private static List<ClickEvent> generate(long seed, long events, int users) {
    TrafficGenerator traffic =
        new TrafficGenerator(
            new TrafficShape(events, users, SPAN), new SplittableRandom(seed), TestClocks.fixed());
    List<ClickEvent> result = new ArrayList<>();
    traffic.forEachRemaining(result::add);
    return result;
  }

  private static Map<String, List<ClickEvent>> bySession(List<ClickEvent> events) {
    Map<String, List<ClickEvent>> sessions = new LinkedHashMap<>();
    for (ClickEvent event : events) {
      sessions.computeIfAbsent(event.session().sessionId(), id -> new ArrayList<>()).add(event);
    }
    return sessions;
  }

  @Test
  void sameSeedGivesTheSameEventsAndAnotherSeedDoesNot() {
    assertThat(generate(42, 2_000, 40)).isEqualTo(generate(42, 2_000, 40));
    assertThat(generate(43, 2_000, 40)).isNotEqualTo(generate(42, 2_000, 40));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 100, 20_000})
  void eventsFillTheWindowInTimeOrderAndNeverPassTheClock(long count) {
    List<ClickEvent> events = generate(3, count, ProducerConfig.defaultUsers(count));
    Instant start = TestClocks.NOW.minus(SPAN);
    assertThat(events).hasSize((int) count);
    assertThat(events)
        .allSatisfy(event -> assertThat(event.eventTime()).isBetween(start, TestClocks.NOW));
    assertThat(events).extracting(ClickEvent::eventTime).isSortedAccordingTo(Instant::compareTo);
    if (count >= 100) {
      Duration covered =
          Duration.between(events.get(0).eventTime(), events.get(events.size() - 1).eventTime());
      assertThat(covered).isGreaterThan(SPAN.dividedBy(2));
    }
  }

  @Test
  void sessionsNumberTheirEventsFromOneAndFollowTheFunnel() {
    Map<String, List<ClickEvent>> sessions = bySession(generate(11, 20_000, 400));
    assertThat(sessions).hasSizeGreaterThan(1_000);
    for (List<ClickEvent> session : sessions.values()) {
      assertThat(session.get(0).eventType()).isEqualTo(EventType.PAGE_VIEW);
      Set<EventType> seen = new HashSet<>();
      for (int i = 0; i < session.size(); i++) {
        ClickEvent event = session.get(i);
        assertThat(event.session().sequence()).isEqualTo(i + 1);
        switch (event.eventType()) {
          case ADD_TO_CART -> assertThat(seen).contains(EventType.PRODUCT_VIEW);
          case CHECKOUT -> assertThat(seen).contains(EventType.ADD_TO_CART);
          case PURCHASE -> assertThat(seen).contains(EventType.CHECKOUT);
          default -> {}
        }
        seen.add(event.eventType());
      }
      assertThat(session).extracting(ClickEvent::user).containsOnly(session.get(0).user());
    }
  }

  @Test
  void theFunnelNarrowsAtEveryStep() {
    Map<EventType, Long> sessionsReaching =
        bySession(generate(5, 20_000, 400)).values().stream()
            .flatMap(session -> session.stream().map(ClickEvent::eventType).distinct())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(sessionsReaching.get(EventType.PAGE_VIEW))
        .isGreaterThan(sessionsReaching.get(EventType.PRODUCT_VIEW));
    assertThat(sessionsReaching.get(EventType.PRODUCT_VIEW))
        .isGreaterThan(sessionsReaching.get(EventType.ADD_TO_CART));
    assertThat(sessionsReaching.get(EventType.ADD_TO_CART))
        .isGreaterThan(sessionsReaching.get(EventType.CHECKOUT));
    assertThat(sessionsReaching.get(EventType.CHECKOUT))
        .isGreaterThan(sessionsReaching.get(EventType.PURCHASE));
    assertThat(sessionsReaching.get(EventType.PURCHASE)).isPositive();
    assertThat(sessionsReaching).containsKeys(EventType.SEARCH, EventType.CLICK, EventType.SCROLL);
  }

  @Test
  void gapsWithinASessionAreSecondsToAMinute() {
    for (List<ClickEvent> session : bySession(generate(9, 5_000, 100)).values()) {
      for (int i = 1; i < session.size(); i++) {
        Duration gap = Duration.between(session.get(i - 1).eventTime(), session.get(i).eventTime());
        assertThat(gap).isBetween(Duration.ZERO, Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void signedInUsersDriftSoTheUserDimensionHasHistory() {
    Map<String, List<ClickEvent>> byUser =
        generate(42, 10_000, 200).stream()
            .filter(event -> event.user().userId() != null)
            .collect(Collectors.groupingBy(event -> event.user().userId()));
    assertThat(distinctValuesPerUser(byUser, event -> event.user().plan())).isPositive();
    assertThat(distinctValuesPerUser(byUser, event -> event.geo().country())).isPositive();
    assertThat(distinctValuesPerUser(byUser, event -> event.user().email())).isPositive();
    assertThat(byUser.values()).anySatisfy(events -> assertThat(events.size()).isGreaterThan(20));
  }

  private static long distinctValuesPerUser(
      Map<String, List<ClickEvent>> byUser, Function<ClickEvent, String> attribute) {
    return byUser.values().stream()
        .filter(events -> events.stream().map(attribute).distinct().count() > 1)
        .count();
  }

  @Test
  void anonymousAndSignedInVisitorsAreConsistent() {
    List<ClickEvent> events = generate(2, 5_000, 100);
    assertThat(events)
        .allSatisfy(
            event -> {
              ClickEvent.User user = event.user();
              if (user.userId() == null) {
                assertThat(user.plan()).isEqualTo("anonymous");
                assertThat(user.email()).isNull();
              } else {
                assertThat(user.plan()).isIn("free", "pro", "enterprise");
                assertThat(user.email()).matches("[a-z]+\\.\\d+@example\\.(com|org|net)");
              }
            });
    assertThat(events).anySatisfy(event -> assertThat(event.user().userId()).isNull());
    assertThat(events).anySatisfy(event -> assertThat(event.user().userId()).isNotNull());
  }

  @Test
  void trafficMixesDevicesPlacesAndCampaigns() {
    List<ClickEvent> events = generate(4, 5_000, 100);
    assertThat(events.stream().map(event -> event.device().type()).distinct())
        .containsExactlyInAnyOrder("desktop", "mobile", "tablet");
    assertThat(events.stream().map(event -> event.geo().country()).distinct().count())
        .isGreaterThanOrEqualTo(5);
    assertThat(events).anySatisfy(event -> assertThat(event.marketing()).isNull());
    assertThat(
            events.stream().map(ClickEvent::marketing).filter(Objects::nonNull).distinct().count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void commerceDescribesTheCartThroughCheckoutAndPurchase() {
    for (List<ClickEvent> session : bySession(generate(6, 10_000, 200)).values()) {
      ClickEvent.Commerce cart = null;
      for (ClickEvent event : session) {
        assertThat(event.commerce() != null).isEqualTo(event.eventType().carriesCommerce());
        switch (event.eventType()) {
          case ADD_TO_CART -> cart = event.commerce();
          case CHECKOUT -> assertThat(event.commerce()).isEqualTo(cart);
          case PURCHASE -> {
            assertThat(event.commerce()).isEqualTo(cart);
            assertThat(event.properties()).containsKey("order_id");
          }
          default -> {}
        }
      }
    }
  }

  @Test
  void idsAreLowercaseVersionFourUuidsAndUnique() {
    List<ClickEvent> events = generate(8, 5_000, 100);
    String uuidV4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    assertThat(events).allSatisfy(event -> assertThat(event.eventId()).matches(uuidV4));
    assertThat(events.stream().map(ClickEvent::eventId).distinct().count())
        .isEqualTo(events.size());
  }
}
