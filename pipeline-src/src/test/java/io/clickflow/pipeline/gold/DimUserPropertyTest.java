package io.clickflow.pipeline.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickflow.contract.LakehouseLayout;
import io.clickflow.pipeline.SharedSpark;
import io.clickflow.pipeline.runtime.DeltaPathTableStore;
import io.clickflow.pipeline.runtime.PipelineContext;
import io.clickflow.pipeline.runtime.PipelineSettings;
import io.clickflow.pipeline.runtime.TableStore;
import io.clickflow.pipeline.silver.SilverEvents;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random attribute histories, delivered out of order in several batches with duplicates and
 * same-instant ties, or mostly in order with a few late ones, end as the SCD2 history a plain-Java
 * reference computes from all events.
 */
class DimUserPropertyTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final StructType SILVER =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("plan", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("email_sha256", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("city", DataTypes.StringType);

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  record Event(
      String id,
      String user,
      Instant time,
      String plan,
      String country,
      String email,
      String city) {
    Row row() {
      return RowFactory.create(id, user, Timestamp.from(time), plan, country, email, null, city);
    }

    List<String> attributes() {
      return java.util.Arrays.asList(plan, country, email);
    }
  }

  /** A version: tracked attributes, then the untracked city. */
  record Version(String user, Instant start, Instant end, List<String> attributes, String city) {}

  @ParameterizedTest
  @CsvSource({"1, false", "2, false", "3, false", "4, true", "5, true"})
  void incrementalMergesEqualTheReferenceHistory(long seed, boolean mostlyInOrder) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String user = "u" + random.nextInt(6);
      // Few distinct instants and values, so ties, repeats and reverts are common.
      Instant time = T0.plusSeconds(60L * random.nextInt(40));
      events.add(
          new Event(
              "e" + String.format("%04d", i),
              user,
              time,
              List.of("free", "pro").get(random.nextInt(2)),
              List.of("DE", "FR").get(random.nextInt(2)),
              random.nextInt(4) == 0 ? null : "h" + random.nextInt(2),
              // Untracked: changes often, must never start a version.
              List.of("Berlin", "Paris", "Lyon").get(random.nextInt(3))));
    }
    List<Event> arrival = new ArrayList<>(events);
    if (mostlyInOrder) {
      // Most batches only extend each user's history (no Silver read-back); a few events come late.
      arrival.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
      for (int i = 0; i < 8; i++) {
        arrival.add(arrival.remove(random.nextInt(arrival.size() / 2)));
      }
    } else {
      Collections.shuffle(arrival, new java.util.Random(seed));
    }
    arrival.addAll(arrival.subList(0, 10));

    TableStore store =
        new DeltaPathTableStore(spark, new LakehouseLayout(dir.resolve("lake").toString()));
    PipelineContext ctx =
        new PipelineContext(
            spark,
            store,
            new PipelineSettings(dir.toString(), "10 minutes", 0, 0, null, false),
            Clock.systemUTC());
    DimUser dim = new DimUser();
    SparkSession batchSession = spark.newSession();
    int batches = 4;
    int size = (arrival.size() + batches - 1) / batches;
    for (int b = 0; b < batches; b++) {
      List<Event> chunk = arrival.subList(b * size, Math.min(arrival.size(), (b + 1) * size));
      Dataset<Row> rows = spark.createDataFrame(chunk.stream().map(Event::row).toList(), SILVER);
      store.append(rows, SilverEvents.NAME, "silver-test", b, false);
      // foreachBatch hands each batch over in a session of its own, and the batch function works
      // in that session; so does this test.
      dim.writeBatch(
          batchSession.createDataFrame(chunk.stream().map(Event::row).toList(), SILVER),
          b,
          ctx.inSession(batchSession));
    }
    List<Version> before = actual(store);
    Dataset<Row> replay =
        spark.createDataFrame(arrival.subList(0, size).stream().map(Event::row).toList(), SILVER);
    dim.writeBatch(replay, 0, ctx);

    assertThat(before).containsExactlyElementsOf(reference(events));
    assertThat(actual(store)).as("re-processing a batch changes nothing").isEqualTo(before);
    assertThat(
            store
                .read(DimUser.NAME)
                .filter("is_current")
                .groupBy("user_id")
                .count()
                .filter("count <> 1")
                .count())
        .isZero();
  }

  private static List<Version> actual(TableStore store) {
    return store.read(DimUser.NAME).orderBy("user_id", "__START_AT").collectAsList().stream()
        .map(
            r ->
                new Version(
                    r.getAs("user_id"),
                    r.<Timestamp>getAs("__START_AT").toInstant(),
                    r.getAs("__END_AT") == null ? null : r.<Timestamp>getAs("__END_AT").toInstant(),
                    java.util.Arrays.asList(
                        r.<String>getAs("plan"),
                        r.<String>getAs("country"),
                        r.getAs("email_sha256")),
                    r.getAs("city")))
        .toList();
  }

  /**
   * SCD2 by hand: the last event of each instant wins (by event id), then changes start versions; a
   * version's city is that of its last instant.
   */
  static List<Version> reference(List<Event> events) {
    Map<String, List<Event>> byUser =
        events.stream()
            .collect(Collectors.groupingBy(Event::user, TreeMap::new, Collectors.toList()));
    List<Version> versions = new ArrayList<>();
    byUser.forEach(
        (user, list) -> {
          TreeMap<Instant, Event> lastPerInstant = new TreeMap<>();
          for (Event e : list) {
            lastPerInstant.merge(e.time(), e, (a, b) -> a.id().compareTo(b.id()) >= 0 ? a : b);
          }
          List<Event> starts = new ArrayList<>();
          for (Event e : lastPerInstant.values()) {
            if (starts.isEmpty()
                || !Objects.equals(starts.get(starts.size() - 1).attributes(), e.attributes())) {
              starts.add(e);
            }
          }
          for (int i = 0; i < starts.size(); i++) {
            Instant end = i + 1 < starts.size() ? starts.get(i + 1).time() : null;
            Event last =
                (end == null
                        ? lastPerInstant.tailMap(starts.get(i).time(), true)
                        : lastPerInstant.subMap(starts.get(i).time(), true, end, false))
                    .lastEntry()
                    .getValue();
            versions.add(
                new Version(
                    user, starts.get(i).time(), end, starts.get(i).attributes(), last.city()));
          }
        });
    versions.sort(Comparator.comparing(Version::user).thenComparing(Version::start));
    return versions;
  }
}
