package io.clickflow.producer.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes {@link ClickEvent}s as JSON bytes into one reused buffer: the producer's hot path. It
 * gives byte for byte what {@link EventJson#newMapper()} gives (a test holds it to that), at a
 * fraction of the cost:
 *
 * <ul>
 *   <li>keys are constants, written with their quotes, colon and comma in one copy;
 *   <li>the user, device, geo, page and marketing objects are shared by many events (a session
 *       keeps its user and device, a page stays until the next navigation), so each instance is
 *       serialised once and its bytes are copied afterwards. Records are immutable, so bytes kept
 *       for an instance stay right; a small table keyed by identity holds them;
 *   <li>strings that need no escaping (nearly all) are copied character by character; the others go
 *       through Jackson's own {@link JsonStringEncoder}, so escaping is exactly Jackson's.
 * </ul>
 *
 * <p>Not thread-safe: each generating thread owns one.
 */
public final class EventWriter {

  private static final byte[] EVENT_ID = ascii("{\"event_id\":");
  private static final byte[] EVENT_TYPE = ascii(",\"event_type\":");
  private static final byte[] EVENT_TIME = ascii(",\"event_time\":\"");
  private static final byte[] SCHEMA_VERSION = ascii("\",\"schema_version\":");
  private static final byte[] USER = ascii(",\"user\":");
  private static final byte[] USER_ID = ascii("{\"user_id\":");
  private static final byte[] ANONYMOUS_ID = ascii(",\"anonymous_id\":");
  private static final byte[] EMAIL = ascii(",\"email\":");
  private static final byte[] IP = ascii(",\"ip\":");
  private static final byte[] PLAN = ascii(",\"plan\":");
  private static final byte[] SESSION_ID = ascii(",\"session\":{\"session_id\":");
  private static final byte[] SEQUENCE = ascii(",\"sequence\":");
  private static final byte[] DEVICE = ascii("},\"device\":");
  private static final byte[] TYPE = ascii("{\"type\":");
  private static final byte[] OS = ascii(",\"os\":");
  private static final byte[] BROWSER = ascii(",\"browser\":");
  private static final byte[] USER_AGENT = ascii(",\"user_agent\":");
  private static final byte[] GEO = ascii(",\"geo\":");
  private static final byte[] COUNTRY = ascii("{\"country\":");
  private static final byte[] REGION = ascii(",\"region\":");
  private static final byte[] CITY = ascii(",\"city\":");
  private static final byte[] PAGE = ascii(",\"page\":");
  private static final byte[] URL = ascii("{\"url\":");
  private static final byte[] PATH = ascii(",\"path\":");
  private static final byte[] TITLE = ascii(",\"title\":");
  private static final byte[] REFERRER = ascii(",\"referrer\":");
  private static final byte[] MARKETING = ascii(",\"marketing\":");
  private static final byte[] UTM_SOURCE = ascii("{\"utm_source\":");
  private static final byte[] UTM_MEDIUM = ascii(",\"utm_medium\":");
  private static final byte[] UTM_CAMPAIGN = ascii(",\"utm_campaign\":");
  private static final byte[] COMMERCE = ascii(",\"commerce\":");
  private static final byte[] PRODUCT_ID = ascii("{\"product_id\":");
  private static final byte[] PRICE = ascii(",\"price\":");
  private static final byte[] CURRENCY = ascii(",\"currency\":");
  private static final byte[] QUANTITY = ascii(",\"quantity\":");
  private static final byte[] PROPERTIES = ascii(",\"properties\":{");
  private static final byte[] NULL = ascii("null");

  private static final byte[][] TYPE_NAMES = new byte[EventType.values().length][];

  static {
    for (EventType type : EventType.values()) {
      TYPE_NAMES[type.ordinal()] = ascii('"' + type.wireName() + '"');
    }
  }

  /** Slots of the identity table; a session's objects need a few, collisions only cost a miss. */
  private static final int CACHE_SLOTS = 4096;

  private final Object[] cachedKeys = new Object[CACHE_SLOTS];
  private final byte[][] cachedBytes = new byte[CACHE_SLOTS][];
  private byte[] buffer = new byte[2048];
  private int length;

  /**
   * Serialises one event, without a newline. The result stays valid until the next call: read it
   * with {@link #array()} and {@link #length()}, or copy it with {@link #toByteArray()}.
   */
  public EventWriter write(ClickEvent event) {
    length = 0;
    put(EVENT_ID);
    string(event.eventId());
    put(EVENT_TYPE);
    put(TYPE_NAMES[event.eventType().ordinal()]);
    put(EVENT_TIME);
    ensure(EventTimes.LENGTH);
    EventTimes.format(event.eventTime().toEpochMilli(), buffer, length);
    length += EventTimes.LENGTH;
    put(SCHEMA_VERSION);
    number(event.schemaVersion());

    put(USER);
    ClickEvent.User user = event.user();
    if (!replay(user)) {
      int from = length;
      put(USER_ID);
      string(user.userId());
      put(ANONYMOUS_ID);
      string(user.anonymousId());
      put(EMAIL);
      string(user.email());
      put(IP);
      string(user.ip());
      put(PLAN);
      string(user.plan());
      put((byte) '}');
      remember(user, from);
    }

    put(SESSION_ID);
    string(event.session().sessionId());
    put(SEQUENCE);
    number(event.session().sequence());

    put(DEVICE);
    ClickEvent.Device device = event.device();
    if (!replay(device)) {
      int from = length;
      put(TYPE);
      string(device.type());
      put(OS);
      string(device.os());
      put(BROWSER);
      string(device.browser());
      put(USER_AGENT);
      string(device.userAgent());
      put((byte) '}');
      remember(device, from);
    }

    put(GEO);
    ClickEvent.Geo geo = event.geo();
    if (!replay(geo)) {
      int from = length;
      put(COUNTRY);
      string(geo.country());
      put(REGION);
      string(geo.region());
      put(CITY);
      string(geo.city());
      put((byte) '}');
      remember(geo, from);
    }

    put(PAGE);
    ClickEvent.Page page = event.page();
    if (!replay(page)) {
      int from = length;
      put(URL);
      string(page.url());
      put(PATH);
      string(page.path());
      put(TITLE);
      string(page.title());
      put(REFERRER);
      string(page.referrer());
      put((byte) '}');
      remember(page, from);
    }

    put(MARKETING);
    ClickEvent.Marketing marketing = event.marketing();
    if (marketing == null) {
      put(NULL);
    } else if (!replay(marketing)) {
      int from = length;
      put(UTM_SOURCE);
      string(marketing.utmSource());
      put(UTM_MEDIUM);
      string(marketing.utmMedium());
      put(UTM_CAMPAIGN);
      string(marketing.utmCampaign());
      put((byte) '}');
      remember(marketing, from);
    }

    put(COMMERCE);
    ClickEvent.Commerce commerce = event.commerce();
    if (commerce == null) {
      put(NULL);
    } else {
      put(PRODUCT_ID);
      string(commerce.productId());
      put(PRICE);
      decimal(commerce.price());
      put(CURRENCY);
      string(commerce.currency());
      put(QUANTITY);
      number(commerce.quantity());
      put((byte) '}');
    }

    put(PROPERTIES);
    boolean first = true;
    for (Map.Entry<String, String> property : event.properties().entrySet()) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      string(property.getKey());
      put((byte) ':');
      string(property.getValue());
    }
    put((byte) '}');
    put((byte) '}');
    return this;
  }

  /** The buffer holding the last event's bytes in {@code [0, length())}. */
  public byte[] array() {
    return buffer;
  }

  public int length() {
    return length;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  /** Copies the bytes kept for this very instance, if any. */
  private boolean replay(Object key) {
    int slot = System.identityHashCode(key) & (CACHE_SLOTS - 1);
    if (cachedKeys[slot] != key) {
      return false;
    }
    put(cachedBytes[slot]);
    return true;
  }

  private void remember(Object key, int from) {
    int slot = System.identityHashCode(key) & (CACHE_SLOTS - 1);
    cachedKeys[slot] = key;
    cachedBytes[slot] = Arrays.copyOfRange(buffer, from, length);
  }

  /** A JSON string, or null; escaped exactly as Jackson's generator escapes. */
  private void string(String value) {
    if (value == null) {
      put(NULL);
      return;
    }
    int count = value.length();
    ensure(count + 2);
    int at = length;
    buffer[at++] = '"';
    for (int i = 0; i < count; i++) {
      char c = value.charAt(i);
      // Jackson escapes control characters, '"' and '\'; anything beyond ASCII needs UTF-8.
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        escaped(value);
        return;
      }
      buffer[at++] = (byte) c;
    }
    buffer[at++] = '"';
    length = at;
  }

  /** The rare string that needs escaping or UTF-8, through Jackson's own encoder. */
  private void escaped(String value) {
    put((byte) '"');
    put(JsonStringEncoder.getInstance().quoteAsUTF8(value));
    put((byte) '"');
  }

  private void number(int value) {
    if (value < 0) {
      put(ascii(Integer.toString(value)));
      return;
    }
    int digits = 1;
    for (int rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  /** As Jackson writes a BigDecimal by default: {@link BigDecimal#toString()}. */
  private void decimal(BigDecimal value) {
    put(ascii(value.toString()));
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
