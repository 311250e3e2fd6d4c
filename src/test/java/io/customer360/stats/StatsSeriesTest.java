package io.customer360.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.search.StatsAggregations.BucketCount;
import io.customer360.stats.StatsResponses.ContextSeries;
import io.customer360.stats.StatsResponses.Point;
import io.customer360.stats.StatsResponses.Series;
import io.customer360.stream.ChangeLogStats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Series from bucket counts: every bucket present, canonical names, order (pure). */
class StatsSeriesTest {

  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  static final StatsRange RANGE =
      new StatsRange(
          Instant.parse("2024-03-29T23:00:00Z"), Instant.parse("2024-04-01T21:59:59.999Z"));

  private static BucketCount count(String day, long n, String... keys) {
    return new BucketCount(List.of(keys), LocalDate.parse(day), n);
  }

  private static List<Long> values(List<Point> points) {
    return points.stream().map(Point::value).toList();
  }

  @Test
  void everyBucketOfTheRangeIsAnsweredEmptyOnesWithZero() {
    List<Point> points =
        StatsSeries.points(
            List.of(count("2024-03-31", 4), count("2024-03-31", 1)), RANGE, ROME, StatsMode.DAILY);
    assertEquals(
        List.of("2024-03-30", "2024-03-31", "2024-04-01"),
        points.stream().map(Point::datetime).toList());
    assertEquals(List.of(0L, 5L, 0L), values(points));
    List<Point> changes =
        StatsSeries.changePoints(
            List.of(new ChangeLogStats.BucketCount(LocalDate.parse("2024-04-01"), null, 2)),
            RANGE,
            ROME);
    assertEquals(List.of(0L, 0L, 2L), values(changes));
  }

  @Test
  void seriesByTypeUseTheWireSpellingAndComeByName() {
    List<Series> series =
        StatsSeries.byType(
            List.of(
                count("2024-03-30", 1, "viewedpage"),
                count("2024-04-01", 2, "completedorder"),
                count("2024-03-31", 3, "viewedpage")),
            RANGE,
            ROME,
            StatsMode.DAILY);
    assertEquals(
        List.of("completedOrder", "viewedPage"), series.stream().map(Series::category).toList());
    assertEquals(List.of(0L, 0L, 2L), values(series.get(0).values()));
    assertEquals(List.of(1L, 3L, 0L), values(series.get(1).values()));
    assertEquals("timeseries", series.get(0).type());
  }

  @Test
  void seriesByTypeAndContextComeByTypeThenContext() {
    List<ContextSeries> series =
        StatsSeries.byTypeAndContext(
            List.of(
                count("2024-03-30", 1, "viewedpage", "web"),
                count("2024-03-30", 1, "viewedpage", "mobile"),
                count("2024-03-31", 2, "abandonedcart", "ecommerce"),
                count("2024-03-31", 1, "viewedpage", "web")),
            RANGE,
            ROME);
    assertEquals(
        List.of("abandonedCart/ECOMMERCE", "viewedPage/MOBILE", "viewedPage/WEB"),
        series.stream().map(s -> s.category() + "/" + s.context()).toList());
    assertEquals(List.of(1L, 1L, 0L), values(series.get(2).values()));
  }
}
