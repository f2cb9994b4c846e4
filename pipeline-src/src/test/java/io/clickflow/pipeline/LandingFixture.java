package io.clickflow.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds landing files the way the producer lays them out, with hand-picked contents. */
public final class LandingFixture {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path landing;
  private final List<byte[]> lines = new ArrayList<>();
  private int sequence;

  public LandingFixture(Path landing) {
    this.landing = landing;
  }

  /** A valid event; the email and IP are derived from the user id so tests can look for them. */
  public static ObjectNode event(
      String userId, String type, Instant time, String plan, String country) {
    ObjectNode e = JSON.createObjectNode();
    e.put(
        "event_id",
        UUID.nameUUIDFromBytes((userId + type + time).getBytes(StandardCharsets.UTF_8)).toString());
    e.put("event_type", type);
    e.put("event_time", time.toString());
    e.put("schema_version", 1);
    ObjectNode user = e.putObject("user");
    user.put("user_id", userId);
    user.put("anonymous_id", "anon-" + userId);
    user.put("email", emailOf(userId));
    user.put("ip", "198.51.100." + Math.abs(userId.hashCode() % 250));
    user.put("plan", plan);
    e.putObject("session").put("session_id", "s-" + userId).put("sequence", 1);
    e.putObject("device")
        .put("type", "desktop")
        .put("os", "Linux")
        .put("browser", "Firefox")
        .put("user_agent", "Mozilla/5.0");
    e.putObject("geo").put("country", country).put("city", "Somewhere");
    e.putObject("page").put("url", "https://shop.example.test/p").put("path", "/p");
    return e;
  }

  public static String emailOf(String userId) {
    return userId + ".person@example.test";
  }

  public LandingFixture add(ObjectNode event) {
    return addRaw(event.toString());
  }

  public LandingFixture addRaw(String line) {
    return addBytes(line.getBytes(StandardCharsets.UTF_8));
  }

  /** A line as raw bytes, for invalid UTF-8 or a byte order mark; the newline is added. */
  public LandingFixture addBytes(byte[] line) {
    lines.add(line.clone());
    return this;
  }

  /** Publishes the collected lines as one file (temp name, then atomic move) and clears them. */
  public Path publish() {
    try {
      Path dir = landing.resolve("2026/11/22/13");
      Files.createDirectories(dir);
      String name = "p1-%06d.json".formatted(++sequence);
      Path temp = dir.resolve("_" + name);
      try (var out = Files.newOutputStream(temp)) {
        for (byte[] line : lines) {
          out.write(line);
          out.write('\n');
        }
      }
      lines.clear();
      return Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
