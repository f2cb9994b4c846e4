package io.clickflow.producer.event;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Version-4 UUIDs drawn from a seeded generator, so a run with the same seed repeats its ids.
 * {@link UUID#randomUUID()} would read the system's entropy and break that.
 */
public final class Uuids {

  private Uuids() {}

  /** A lowercase RFC 4122 version-4 UUID string. */
  public static String next(RandomGenerator random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
