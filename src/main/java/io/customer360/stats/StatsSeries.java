package io.customer360.stats;

import io.customer360.event.EventContext;
import io.customer360.event.EventType;
import io.customer360.search.StatsAggregations.BucketCount;
import io.customer360.stats.StatsResponses.ContextSeries;
import io.customer360.stats.StatsResponses.Point;
import io.customer360.stats.StatsResponses.Series;
import io.customer360.stream.ChangeLogStats;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time series from bucket counts (pure functions): every bucket of the range in order, those
 * without a count with 0 ({@link StatsRange#buckets}); series by event type sorted by type name, by
 * type and context sorted by type then context. Event types and contexts come back from the index
 * lowercased and are answered in their wire spelling (e.g. {@code completedOrder}, {@code WEB}).
 */
final class StatsSeries {

  private static final Map<String, String> TYPES = canonical(EventType.values());
  private static final Map<String, String> CONTEXTS = canonical(EventContext.values());

  private StatsSeries() {}

  /** One value per bucket of the range: the counts summed per bucket, 0 where there is none. */
  static List<Point> points(List<BucketCount> counts, StatsRange range, ZoneId zone, StatsMode m) {
    Map<LocalDate, Long> byBucket = new HashMap<>();
    counts.forEach(c -> byBucket.merge(c.bucket(), c.count(), Long::sum));
    return fill(byBucket, range, zone, m);
  }

  /** {@link #points} of daily change-log counts. */
  static List<Point> changePoints(
      List<ChangeLogStats.BucketCount> counts, StatsRange range, ZoneId zone) {
    Map<LocalDate, Long> byBucket = new HashMap<>();
    counts.forEach(c -> byBucket.merge(c.bucket(), c.count(), Long::sum));
    return fill(byBucket, range, zone, StatsMode.DAILY);
  }

  /** One series per event type (the first key) with any count, by type name. */
  static List<Series> byType(List<BucketCount> counts, StatsRange range, ZoneId zone, StatsMode m) {
    Map<String, Map<LocalDate, Long>> byType = new TreeMap<>();
    for (BucketCount c : counts) {
      byType
          .computeIfAbsent(type(c.keys().get(0)), k -> new HashMap<>())
          .merge(c.bucket(), c.count(), Long::sum);
    }
    List<Series> out = new ArrayList<>();
    byType.forEach((type, buckets) -> out.add(Series.of(type, fill(buckets, range, zone, m))));
    return out;
  }

  /** One daily series per event type of the change-log counts, by type name. */
  static List<Series> changesByType(
      List<ChangeLogStats.BucketCount> counts, StatsRange range, ZoneId zone) {
    Map<String, Map<LocalDate, Long>> byType = new TreeMap<>();
    for (ChangeLogStats.BucketCount c : counts) {
      byType
          .computeIfAbsent(type(c.type()), k -> new HashMap<>())
          .merge(c.bucket(), c.count(), Long::sum);
    }
    List<Series> out = new ArrayList<>();
    byType.forEach(
        (type, buckets) -> out.add(Series.of(type, fill(buckets, range, zone, StatsMode.DAILY))));
    return out;
  }

  /** One daily series per event type and context (the two keys), by type then context. */
  static List<ContextSeries> byTypeAndContext(
      List<BucketCount> counts, StatsRange range, ZoneId zone) {
    Map<List<String>, Map<LocalDate, Long>> series =
        new TreeMap<>(
            Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
    for (BucketCount c : counts) {
      series
          .computeIfAbsent(
              List.of(type(c.keys().get(0)), context(c.keys().get(1))), k -> new HashMap<>())
          .merge(c.bucket(), c.count(), Long::sum);
    }
    List<ContextSeries> out = new ArrayList<>();
    series.forEach(
        (k, buckets) ->
            out.add(
                new ContextSeries(
                    k.get(0),
                    k.get(1),
                    StatsResponses.TIMESERIES,
                    fill(buckets, range, zone, StatsMode.DAILY))));
    return out;
  }

  private static List<Point> fill(
      Map<LocalDate, Long> byBucket, StatsRange range, ZoneId zone, StatsMode m) {
    List<Point> out = new ArrayList<>();
    for (LocalDate b : range.buckets(zone, m)) {
      out.add(new Point(b.toString(), byBucket.getOrDefault(b, 0L)));
    }
    return out;
  }

  /** An event type's wire spelling from the index's lowercased keyword. */
  static String type(String indexed) {
    return TYPES.getOrDefault(indexed.toLowerCase(Locale.ROOT), indexed);
  }

  /** An event context's wire spelling from the index's lowercased keyword. */
  static String context(String indexed) {
    return CONTEXTS.getOrDefault(indexed.toLowerCase(Locale.ROOT), indexed);
  }

  private static Map<String, String> canonical(Enum<?>[] values) {
    Map<String, String> out = new HashMap<>();
    for (Enum<?> v : values) {
      out.put(v.name().toLowerCase(Locale.ROOT), v.name());
    }
    return Map.copyOf(out);
  }
}
