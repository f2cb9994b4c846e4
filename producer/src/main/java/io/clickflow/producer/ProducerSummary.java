package io.clickflow.producer;

import io.clickflow.producer.sink.LandingPath;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a run wrote, so a pipeline's accounting can be checked against it. Because faults are kept
 * apart (see {@link FaultRates}), these identities hold:
 *
 * <ul>
 *   <li>{@code lines == events + faultCount(DUPLICATE)}
 *   <li>lines that are not JSON: {@link #corruptLines()}
 *   <li>JSON lines with something to rescue: {@link #rescueLines()}
 *   <li>distinct {@code event_id}s among parseable lines: {@code events - corruptLines()}
 * </ul>
 *
 * @param producerIds the producers that wrote, each with its own file sequence
 * @param events distinct events generated
 * @param lines NDJSON lines written, duplicates included
 * @param files published landing files in publish order
 * @param bytes stored bytes of all files (after gzip)
 * @param faults injected faults by kind; every kind present, zero when not injected
 * @param elapsed from the start of the run until its last file was published
 */
public record ProducerSummary(
    List<String> producerIds,
    long events,
    long lines,
    List<LandingPath> files,
    long bytes,
    Map<Fault, Long> faults,
    Duration elapsed) {

  public ProducerSummary {
    producerIds = List.copyOf(producerIds);
    files = List.copyOf(files);
    Objects.requireNonNull(elapsed, "elapsed");
    Map<Fault, Long> complete = new EnumMap<>(Fault.class);
    for (Fault fault : Fault.values()) {
      complete.put(fault, Objects.requireNonNullElse(faults.get(fault), 0L));
    }
    faults = Collections.unmodifiableMap(complete);
  }

  public long faultCount(Fault fault) {
    return faults.get(fault);
  }

  public long corruptLines() {
    return faultCount(Fault.MALFORMED);
  }

  public long rescueLines() {
    return faultCount(Fault.UNKNOWN_FIELD)
        + faultCount(Fault.TYPE_MISMATCH)
        + faultCount(Fault.CASE_MISMATCH);
  }

  /** A "key value" block for a terminal or a script, one fact per line. */
  public String render(String sink) {
    StringBuilder text = new StringBuilder();
    line(text, "sink", sink);
    line(text, "producers", String.join(",", producerIds));
    line(text, "events", events);
    line(text, "lines", lines);
    line(text, "files", files.size());
    line(text, "bytes", bytes);
    line(text, "seconds", String.format(Locale.ROOT, "%.3f", elapsed.toMillis() / 1000.0));
    for (Map.Entry<Fault, Long> entry : faults.entrySet()) {
      line(text, "faults." + entry.getKey().label(), entry.getValue());
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String key, Object value) {
    text.append(String.format(Locale.ROOT, "%-22s %s%n", key, value));
  }
}
