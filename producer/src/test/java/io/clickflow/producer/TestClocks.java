package io.clickflow.producer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

public final class TestClocks {

  /** Deliberately not on a whole hour, so hour folders and window bounds are exercised. */
  public static final Instant NOW = Instant.parse("2026-03-14T15:09:26.535Z");

  public static final String HOUR_FOLDER = "2026/03/14/15/";

  private TestClocks() {}

  public static Clock fixed() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
