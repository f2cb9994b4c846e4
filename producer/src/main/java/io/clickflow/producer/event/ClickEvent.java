package io.clickflow.producer.event;

import io.clickflow.contract.EventContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One clickstream event as the contract ({@code clickstream-event.v1.schema.json}) defines it.
 * Component names map to the schema's snake_case keys through {@link EventJson}.
 *
 * @param marketing null when the session did not come from a campaign
 * @param commerce present exactly when {@link EventType#carriesCommerce()}
 * @param properties free string map, empty when the event type has no details
 */
public record ClickEvent(
    String eventId,
    EventType eventType,
    Instant eventTime,
    int schemaVersion,
    User user,
    Session session,
    Device device,
    Geo geo,
    Page page,
    Marketing marketing,
    Commerce commerce,
    Map<String, String> properties) {

  public ClickEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(geo, "geo");
    Objects.requireNonNull(page, "page");
    if (schemaVersion != EventContract.SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported schema_version " + schemaVersion);
    }
    if (eventType.carriesCommerce() != (commerce != null)) {
      throw new IllegalArgumentException(
          "commerce must be present exactly on funnel product steps");
    }
    // The contract carries millisecond precision; truncating here keeps every serialisation equal.
    eventTime = eventTime.truncatedTo(ChronoUnit.MILLIS);
    // Sorted, because Map.copyOf iterates in an order that changes from one JVM to the next; with
    // one entry or none there is no order to fix, and most events have no properties.
    properties =
        properties.size() <= 1
            ? Map.copyOf(properties)
            : Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** The same event with another event time, as a late-arriving client would send it. */
  public ClickEvent withEventTime(Instant newTime) {
    return new ClickEvent(
        eventId,
        eventType,
        newTime,
        schemaVersion,
        user,
        session,
        device,
        geo,
        page,
        marketing,
        commerce,
        properties);
  }

  /**
   * @param userId business key, null for anonymous visitors
   * @param email null for anonymous visitors
   */
  public record User(String userId, String anonymousId, String email, String ip, String plan) {
    public User {
      Objects.requireNonNull(anonymousId, "anonymousId");
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(plan, "plan");
    }
  }

  public record Session(String sessionId, int sequence) {
    public Session {
      Objects.requireNonNull(sessionId, "sessionId");
      if (sequence < 1) {
        throw new IllegalArgumentException("session sequence starts at 1, got " + sequence);
      }
    }
  }

  public record Device(String type, String os, String browser, String userAgent) {}

  /**
   * @param region null when the geo lookup only resolved the country
   * @param city null when the geo lookup only resolved the country
   */
  public record Geo(String country, String region, String city) {
    public Geo {
      if (country == null || !country.matches("[A-Z]{2}")) {
        throw new IllegalArgumentException("country must be ISO 3166 alpha-2, got " + country);
      }
    }
  }

  public record Page(String url, String path, String title, String referrer) {
    public Page {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(path, "path");
    }
  }

  public record Marketing(String utmSource, String utmMedium, String utmCampaign) {}

  /** A price with its currency's minor-unit scale, so it serialises as e.g. {@code 12.50}. */
  public record Commerce(String productId, BigDecimal price, String currency, int quantity) {
    public Commerce {
      Objects.requireNonNull(productId, "productId");
      if (price.signum() < 0) {
        throw new IllegalArgumentException("price must not be negative, got " + price);
      }
      if (quantity < 1) {
        throw new IllegalArgumentException("quantity must be at least 1, got " + quantity);
      }
    }
  }
}
