package io.clickflow.producer.event;

import io.clickflow.contract.EventContract;
import io.clickflow.producer.event.Catalog.Campaign;
import io.clickflow.producer.event.Catalog.DeviceProfile;
import io.clickflow.producer.event.Catalog.Location;
import io.clickflow.producer.event.Catalog.Product;
import io.clickflow.producer.event.ClickEvent.Commerce;
import io.clickflow.producer.event.ClickEvent.Device;
import io.clickflow.producer.event.ClickEvent.Geo;
import io.clickflow.producer.event.ClickEvent.Marketing;
import io.clickflow.producer.event.ClickEvent.Page;
import io.clickflow.producer.event.ClickEvent.Session;
import io.clickflow.producer.event.ClickEvent.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One session in progress: its planned steps, where the visitor is, what is in the cart. The
 * generator interleaves many of these by time and asks each for its next event.
 */
final class SessionRun {

  private static final double CAMPAIGN_SHARE = 0.4;
  private static final double PRIMARY_DEVICE_SHARE = 0.8;
  private static final double COUNTRY_ONLY_GEO_SHARE = 0.03;
  private static final long MIN_GAP_MILLIS = 1_000;
  private static final long MAX_GAP_MILLIS = 60_000;
  private static final double MEAN_EXTRA_GAP_MILLIS = 12_000;

  private final long ordinal;
  private final RandomGenerator random;
  private final List<EventType> steps;
  private final User user;
  private final String sessionId;
  private final Device device;
  private final Geo geo;
  private final Location location;
  private final Marketing marketing;
  private final String entryReferrer;
  private int done;
  private long nextMillis;
  private Page currentPage;
  private String currentCategory;
  private Product currentProduct;
  private Product cartProduct;
  private int cartQuantity;

  SessionRun(
      long ordinal,
      UserProfile profile,
      List<EventType> steps,
      long startMillis,
      RandomGenerator random) {
    this.ordinal = ordinal;
    this.random = random;
    this.steps = List.copyOf(steps);
    this.nextMillis = startMillis;
    this.sessionId = Uuids.next(random);
    this.location = profile.home();
    this.user =
        new User(
            profile.userId(), profile.anonymousId(), profile.email(), profile.ip(), profile.plan());
    DeviceProfile deviceProfile =
        random.nextDouble() < PRIMARY_DEVICE_SHARE
            ? profile.primaryDevice()
            : Catalog.pickDevice(random);
    this.device = Catalog.devicePart(deviceProfile);
    this.geo = Catalog.geoPart(location, random.nextDouble() < COUNTRY_ONLY_GEO_SHARE);
    if (random.nextDouble() < CAMPAIGN_SHARE) {
      Campaign campaign = Catalog.pick(Catalog.CAMPAIGNS, random);
      this.marketing = Catalog.marketingPart(campaign);
      this.entryReferrer = campaign.referrer();
    } else {
      this.marketing = null;
      this.entryReferrer = Catalog.pick(Catalog.ORGANIC_REFERRERS, random);
    }
  }

  long ordinal() {
    return ordinal;
  }

  long nextMillis() {
    return nextMillis;
  }

  boolean hasMore() {
    return done < steps.size();
  }

  int remainingSteps() {
    return steps.size() - done;
  }

  /**
   * Emits the next planned event, stamped no later than {@code latestMillis}, and schedules the one
   * after it.
   */
  ClickEvent emit(long latestMillis) {
    EventType type = steps.get(done);
    Instant time = Instant.ofEpochMilli(Math.min(nextMillis, latestMillis));
    done++;
    ClickEvent event = build(type, time, new Session(sessionId, done));
    nextMillis += gapMillis();
    return event;
  }

  private ClickEvent build(EventType type, Instant time, Session session) {
    Map<String, String> properties = Map.of();
    Commerce commerce = null;
    switch (type) {
      case PAGE_VIEW -> navigate(done == 1 ? landingPage() : categoryPage());
      case SEARCH -> {
        String query = Catalog.pick(Catalog.SEARCH_QUERIES, random);
        navigate(
            "/search",
            "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
            "Search results");
        properties = Map.of("query", query);
      }
      case CLICK -> properties = Map.of("element_id", Catalog.pick(Catalog.CLICK_TARGETS, random));
      case SCROLL -> properties = Map.of("depth_pct", String.valueOf(25 * (1 + random.nextInt(4))));
      case PRODUCT_VIEW -> {
        String category =
            currentCategory != null ? currentCategory : Catalog.pick(Catalog.CATEGORIES, random);
        currentProduct = Catalog.pickProduct(category, random);
        navigate("/p/" + currentProduct.id(), "/p/" + currentProduct.id(), currentProduct.name());
        commerce = commerce(currentProduct, 1);
      }
      case ADD_TO_CART -> {
        cartProduct = currentProduct;
        cartQuantity = random.nextDouble() < 0.7 ? 1 : 2 + random.nextInt(2);
        commerce = commerce(cartProduct, cartQuantity);
      }
      case CHECKOUT -> {
        navigate("/checkout", "/checkout", "Checkout");
        commerce = commerce(cartProduct, cartQuantity);
      }
      case PURCHASE -> {
        navigate("/checkout/complete", "/checkout/complete", "Thank you for your order");
        commerce = commerce(cartProduct, cartQuantity);
        properties = Map.of("order_id", "ord-" + Uuids.next(random));
      }
    }
    return new ClickEvent(
        Uuids.next(random),
        type,
        time,
        EventContract.SCHEMA_VERSION,
        user,
        session,
        device,
        geo,
        currentPage,
        marketing,
        commerce,
        properties);
  }

  private String landingPage() {
    if (random.nextDouble() < 0.6) {
      currentCategory = null;
      return "/";
    }
    return categoryPage();
  }

  private String categoryPage() {
    currentCategory = Catalog.pick(Catalog.CATEGORIES, random);
    return "/c/" + currentCategory;
  }

  private void navigate(String path) {
    String title =
        path.equals("/") ? "Clickflow Outdoor" : "Clickflow Outdoor - " + path.substring(3);
    navigate(path, path, title);
  }

  private void navigate(String path, String pathAndQuery, String title) {
    String referrer = currentPage == null ? entryReferrer : currentPage.url();
    currentPage = new Page(Catalog.SHOP + pathAndQuery, path, title, referrer);
  }

  private Commerce commerce(Product product, int quantity) {
    return new Commerce(
        product.id(), location.localPrice(product.usdPrice()), location.currency(), quantity);
  }

  /** Seconds to a minute between a visitor's events, mostly short. */
  private long gapMillis() {
    long extra = (long) (random.nextExponential() * MEAN_EXTRA_GAP_MILLIS);
    return Math.min(MAX_GAP_MILLIS, MIN_GAP_MILLIS + extra);
  }
}
