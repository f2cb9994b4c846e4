package io.clickflow.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.producer.event.ClickEvent;
import io.clickflow.producer.event.EventWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Turns events into NDJSON lines and breaks some of them on purpose, as {@link FaultRates} asks. It
 * keeps exact counts of what it injected. The rules that keep faults apart are on {@link
 * FaultRates}.
 */
final class FaultInjector {

  /** Duplicates replay a few events later, as an at-least-once client retry would. */
  private static final int MAX_DUPLICATE_DELAY_EVENTS = 20;

  private static final String[][] CASE_MISMATCH_PATHS = {
    {"event_type"}, {"page"}, {"device"}, {"user", "plan"}, {"geo", "country"}
  };

  /** In the order {@link FaultRates} documents: first hit wins. */
  private static final Fault[] CONTENT_FAULTS = {
    Fault.MALFORMED, Fault.UNKNOWN_FIELD, Fault.TYPE_MISMATCH, Fault.CASE_MISMATCH
  };

  private record Replay(long dueAfterEvent, long order, byte[] line) {}

  private final FaultRates rates;
  private final RandomGenerator random;
  private final ObjectMapper mapper;
  private final ProducerMetrics metrics;
  private final EventWriter writer = new EventWriter();
  private final Map<Fault, Long> counts = new EnumMap<>(Fault.class);
  private final PriorityQueue<Replay> replays =
      new PriorityQueue<>(
          Comparator.comparingLong(Replay::dueAfterEvent).thenComparingLong(Replay::order));
  private long events;
  private long replaysScheduled;

  FaultInjector(
      FaultRates rates, RandomGenerator random, ObjectMapper mapper, ProducerMetrics metrics) {
    this.rates = rates;
    this.random = random;
    this.mapper = mapper;
    this.metrics = metrics;
    for (Fault fault : Fault.values()) {
      counts.put(fault, 0L);
    }
  }

  /**
   * Writes the lines for this event: its own, then any duplicates that are now due. Clean lines go
   * straight from the {@link EventWriter}'s buffer to {@code out}; only duplicates are copied.
   */
  void write(ClickEvent event, LineSink out) throws InterruptedException {
    events++;
    Fault content = drawContentFault();
    ClickEvent toWrite = event;
    if (content != Fault.MALFORMED && draw(Fault.LATE)) {
      toWrite = event.withEventTime(event.eventTime().minus(rates.lateDelay()));
      count(Fault.LATE);
    }
    if (content == null) {
      writer.write(toWrite);
      out.line(writer.array(), 0, writer.length());
      if (toWrite == event && draw(Fault.DUPLICATE)) {
        long delay = random.nextInt(MAX_DUPLICATE_DELAY_EVENTS + 1);
        replays.add(new Replay(events + delay, replaysScheduled++, writer.toByteArray()));
        count(Fault.DUPLICATE);
      }
    } else {
      byte[] line = broken(toWrite, content);
      count(content);
      out.line(line, 0, line.length);
    }
    while (!replays.isEmpty() && replays.peek().dueAfterEvent() <= events) {
      byte[] line = replays.poll().line();
      out.line(line, 0, line.length);
    }
  }

  /** Writes the duplicates still waiting when the run ends, so every counted one exists. */
  void writeRemaining(LineSink out) throws InterruptedException {
    while (!replays.isEmpty()) {
      byte[] line = replays.poll().line();
      out.line(line, 0, line.length);
    }
  }

  Map<Fault, Long> counts() {
    return new EnumMap<>(counts);
  }

  private Fault drawContentFault() {
    for (Fault fault : CONTENT_FAULTS) {
      if (draw(fault)) {
        return fault;
      }
    }
    return null;
  }

  private boolean draw(Fault fault) {
    double rate = rates.rate(fault);
    return rate > 0 && random.nextDouble() < rate;
  }

  private void count(Fault fault) {
    counts.merge(fault, 1L, Long::sum);
    metrics.recordFault(fault);
  }

  private byte[] json(JsonNode value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("serialise event as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private byte[] broken(ClickEvent event, Fault fault) {
    if (fault == Fault.MALFORMED) {
      writer.write(event);
      String whole = new String(writer.array(), 0, writer.length(), StandardCharsets.UTF_8);
      // A strict prefix of a JSON object never parses. Cutting in the second half keeps the
      // event_id, so distinct broken lines stay distinct and can be traced in a corrupt-record
      // table.
      int cut = whole.length() / 2 + random.nextInt(whole.length() - whole.length() / 2);
      return whole.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    }
    ObjectNode node = mapper.valueToTree(event);
    switch (fault) {
      case UNKNOWN_FIELD -> addUnknownField(node);
      case TYPE_MISMATCH -> mistypeValue(node);
      case CASE_MISMATCH -> recaseKey(node);
      default -> throw new IllegalArgumentException("not a content fault: " + fault);
    }
    return json(node);
  }

  private void addUnknownField(ObjectNode node) {
    switch (random.nextInt(4)) {
      case 0 -> node.put("experiment", "checkout_v" + (2 + random.nextInt(3)));
      case 1 -> node.put("client_version", "4." + random.nextInt(10) + "." + random.nextInt(30));
      case 2 -> object(node, "device").put("screen_width", 360 + 40 * random.nextInt(40));
      default -> object(node, "page").put("load_time_ms", 80 + random.nextInt(3000));
    }
  }

  /** Numbers sent as strings, the most common type drift from hand-written tracking code. */
  private void mistypeValue(ObjectNode node) {
    List<Runnable> options = new ArrayList<>(4);
    ObjectNode session = object(node, "session");
    options.add(() -> session.put("sequence", session.get("sequence").asText()));
    options.add(() -> node.put("schema_version", node.get("schema_version").asText()));
    JsonNode commerce = node.get("commerce");
    if (commerce instanceof ObjectNode commerceNode) {
      options.add(
          () ->
              commerceNode.put("price", commerceNode.get("price").decimalValue().toPlainString()));
      options.add(() -> commerceNode.put("quantity", commerceNode.get("quantity").asText()));
    }
    options.get(random.nextInt(options.size())).run();
  }

  private void recaseKey(ObjectNode node) {
    String[] path = CASE_MISMATCH_PATHS[random.nextInt(CASE_MISMATCH_PATHS.length)];
    ObjectNode parent = node;
    for (int i = 0; i < path.length - 1; i++) {
      parent = object(parent, path[i]);
    }
    String key = path[path.length - 1];
    renameKeepingOrder(parent, key, titleCase(key));
  }

  private static void renameKeepingOrder(ObjectNode parent, String from, String to) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = parent.fields(); it.hasNext(); ) {
      entries.add(it.next());
    }
    parent.removeAll();
    for (Map.Entry<String, JsonNode> entry : entries) {
      parent.set(entry.getKey().equals(from) ? to : entry.getKey(), entry.getValue());
    }
  }

  /** {@code event_type} becomes {@code Event_Type}. */
  private static String titleCase(String key) {
    StringBuilder result = new StringBuilder(key.length());
    boolean startOfWord = true;
    for (char c : key.toCharArray()) {
      result.append(startOfWord ? Character.toUpperCase(c) : c);
      startOfWord = c == '_';
    }
    return result.toString();
  }

  private static ObjectNode object(ObjectNode parent, String key) {
    return (ObjectNode) parent.get(key);
  }
}
