package io.clickflow.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The clickstream event contract shared by the producer (which must emit valid events) and the
 * pipeline (whose Bronze schema must match it field by field). The JSON Schema resource is the
 * single source of truth; both sides test against it.
 */
public final class EventContract {

  /** The schema version every event of this contract carries in {@code schema_version}. */
  public static final int SCHEMA_VERSION = 1;

  /** Classpath location of the JSON Schema. */
  public static final String SCHEMA_RESOURCE =
      "/io/clickflow/contract/clickstream-event.v1.schema.json";

  /** Event types in funnel order first, then the ones that can happen anywhere in a session. */
  public static final List<String> EVENT_TYPES =
      List.of(
          "page_view",
          "product_view",
          "add_to_cart",
          "checkout",
          "purchase",
          "search",
          "click",
          "scroll");

  private EventContract() {}

  /** Returns the JSON Schema text. */
  public static String schemaJson() {
    try (InputStream in = EventContract.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("event schema missing from classpath: " + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("read event schema " + SCHEMA_RESOURCE, e);
    }
  }
}
