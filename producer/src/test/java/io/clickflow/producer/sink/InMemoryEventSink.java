package io.clickflow.producer.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake sink: files in a map, in first-publish order. It honours the {@link EventSink} contract
 * trivially, since a map put is atomic and replaces.
 */
public final class InMemoryEventSink implements EventSink {

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  @Override
  public void publish(LandingPath path, byte[] content) {
    files.put(path.value(), Arrays.copyOf(content, content.length));
  }

  @Override
  public long lastSequence(String producerId) {
    return files.keySet().stream()
        .mapToLong(k -> LandingPath.sequenceOf(k.substring(k.lastIndexOf('/') + 1), producerId))
        .filter(sequence -> sequence > 0)
        .max()
        .orElse(0);
  }

  @Override
  public String describe() {
    return "memory:";
  }

  public Map<String, byte[]> files() {
    return files;
  }

  /** Every line of every uncompressed file, in publish order. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (byte[] content : files.values()) {
      String text = new String(content, StandardCharsets.UTF_8);
      lines.addAll(text.lines().toList());
    }
    return lines;
  }
}
