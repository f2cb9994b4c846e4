package io.clickflow.producer.event;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides which events one session will have: the purchase funnel (page_view, product_view,
 * add_to_cart, checkout, purchase) with drop-off at every step, and browsing (page views, searches,
 * clicks, scrolls) in between. A funnel step is only ever planned after the step before it.
 */
final class SessionPlanner {

  private static final double VIEWS_PRODUCT = 0.65;
  private static final double ADDS_TO_CART = 0.35;
  private static final double STARTS_CHECKOUT = 0.6;
  private static final double COMPLETES_PURCHASE = 0.7;

  /** What {@link #plan()} averages to; the generator paces session arrivals with it. */
  static final double MEAN_EVENTS_PER_SESSION = 5.7;

  private final RandomGenerator random;

  SessionPlanner(RandomGenerator random) {
    this.random = random;
  }

  List<EventType> plan() {
    List<EventType> steps = new ArrayList<>();
    steps.add(EventType.PAGE_VIEW);
    browse(steps, 3);
    if (random.nextDouble() < VIEWS_PRODUCT) {
      steps.add(EventType.PRODUCT_VIEW);
      int comparisons = random.nextInt(3);
      for (int i = 0; i < comparisons; i++) {
        browse(steps, 1);
        steps.add(EventType.PRODUCT_VIEW);
      }
      if (random.nextDouble() < ADDS_TO_CART) {
        steps.add(EventType.ADD_TO_CART);
        browse(steps, 1);
        if (random.nextDouble() < STARTS_CHECKOUT) {
          steps.add(EventType.CHECKOUT);
          if (random.nextDouble() < COMPLETES_PURCHASE) {
            steps.add(EventType.PURCHASE);
          }
        }
      }
    }
    browse(steps, 2);
    return steps;
  }

  private void browse(List<EventType> steps, int atMost) {
    int count = random.nextInt(atMost + 1);
    for (int i = 0; i < count; i++) {
      double draw = random.nextDouble();
      steps.add(
          draw < 0.35
              ? EventType.PAGE_VIEW
              : draw < 0.55 ? EventType.SEARCH : draw < 0.8 ? EventType.CLICK : EventType.SCROLL);
    }
  }
}
