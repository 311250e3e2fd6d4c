package io.customer360.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.customer360.common.ApiException;
import io.customer360.stats.StatsRange.Span;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranges, their defaults and maxima, and calendar buckets in a time zone (pure). */
class StatsRangeTest {

  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final Instant NOW = Instant.parse("2024-04-15T10:20:30.456789Z");

  private static StatsRange resolve(String start, String end, Span byDefault, Span max) {
    return StatsRange.resolve(start, end, ROME, NOW, byDefault, max);
  }

  @ParameterizedTest
  @CsvSource({
    // start as sent, the instant it means in Rome
    "2024-03-31, 2024-03-30T23:00:00Z",
    "2024-04-01, 2024-03-31T22:00:00Z",
    "2024-03-31T00:00:00+01:00, 2024-03-30T23:00:00Z",
    "2024-03-31T00:00:00 01:00, 2024-03-30T23:00:00Z",
    "2024-03-31T12:00:00Z, 2024-03-31T12:00:00Z",
    "2024-03-31t12:00:00z, 2024-03-31T12:00:00Z",
    "2024-03-31T12:00:00.123456Z, 2024-03-31T12:00:00.123Z",
    "2024-03-31T12:00, 2024-03-31T10:00:00Z",
    "2024-01-15T12:00:00, 2024-01-15T11:00:00Z",
    " 2024-03-31 , 2024-03-30T23:00:00Z"
  })
  void startTakesDateTimesWithOrWithoutOffsetAndDates(String raw, String expected) {
    assertEquals(Instant.parse(expected), StatsRange.parse("start", raw, ROME, false));
  }

  @Test
  void aDateAsEndIsTheLastMillisecondOfThatDay() {
    // 2024-03-31 lasted 23 hours in Rome
    assertEquals(
        Instant.parse("2024-03-31T21:59:59.999Z"),
        StatsRange.parse("end", "2024-03-31", ROME, true));
    assertEquals(
        Instant.parse("2024-10-27T22:59:59.999Z"),
        StatsRange.parse("end", "2024-10-27", ROME, true));
  }

  @ParameterizedTest
  @CsvSource({
    "yesterday",
    "2024-13-01",
    "2024-02-30",
    "2024-03-31T25:00:00Z",
    "31/03/2024",
    "1969-12-31"
  })
  void malformedOrOutOfRangeValuesAnswer400NamingTheParameter(String raw) {
    ApiException e =
        assertThrows(ApiException.class, () -> StatsRange.parse("start", raw, ROME, false));
    assertEquals(400, e.status());
    assertEquals("start", e.errors().get(0).path());
  }

  @Test
  void defaultsEndNowAndStartTheSpanBeforeInTheWorkspacesCalendar() {
    StatsRange month = resolve(null, null, Span.MONTH, Span.YEAR);
    assertEquals(Instant.parse("2024-04-15T10:20:30.456Z"), month.end());
    // a month before 12:20 CEST (+02:00) is 12:20 CET (+01:00): 11:20Z
    assertEquals(Instant.parse("2024-03-15T11:20:30.456Z"), month.start());
    StatsRange year = resolve(" ", "", Span.YEAR, Span.YEAR);
    assertEquals(Instant.parse("2023-04-15T10:20:30.456Z"), year.start());
    StatsRange fromEnd = resolve(null, "2024-03-31", Span.MONTH, Span.YEAR);
    assertEquals(Instant.parse("2024-02-29T22:59:59.999Z"), fromEnd.start());
    assertEquals(Instant.parse("2024-04-15T10:20:30.457Z"), month.until());
  }

  @Test
  void startAfterEndAnswers400NamingStart() {
    ApiException e =
        assertThrows(
            ApiException.class, () -> resolve("2024-04-02", "2024-04-01", Span.MONTH, Span.YEAR));
    assertEquals("start", e.errors().get(0).path());
    // a start in the future with the default end (now)
    e = assertThrows(ApiException.class, () -> resolve("2024-04-16", null, Span.MONTH, Span.YEAR));
    assertEquals("start", e.errors().get(0).path());
    // one instant is a range
    StatsRange point =
        resolve("2024-04-01T00:00:00Z", "2024-04-01T00:00:00Z", Span.MONTH, Span.YEAR);
    assertEquals(point.start(), point.end());
  }

  @Test
  void rangesUpToTheMaximumAreAllowedAndLongerOnesAnswer400() {
    resolve("2023-04-01", "2024-03-31", Span.MONTH, Span.YEAR);
    // a start on a day the end's month lacks: the span reaches to the end of that month
    resolve("2024-02-29", "2025-02-28", Span.MONTH, Span.YEAR);
    resolve("2026-01-31", "2026-02-28", Span.MONTH, Span.MONTH);
    assertEquals(
        "end",
        assertThrows(
                ApiException.class,
                () -> resolve("2026-01-31", "2026-03-01", Span.MONTH, Span.MONTH))
            .errors()
            .get(0)
            .path());
    resolve("2023-04-01T00:00:00+02:00", "2024-04-01T00:00:00+02:00", Span.MONTH, Span.YEAR);
    ApiException e =
        assertThrows(
            ApiException.class, () -> resolve("2023-04-01", "2024-04-01", Span.MONTH, Span.YEAR));
    assertEquals("end", e.errors().get(0).path());
    assertEquals("the range from start to end must not exceed 1 year", e.errors().get(0).message());
    resolve("2024-03-01", "2024-03-31", Span.MONTH, Span.MONTH);
    e =
        assertThrows(
            ApiException.class, () -> resolve("2024-03-01", "2024-04-01", Span.MONTH, Span.MONTH));
    assertEquals(
        "the range from start to end must not exceed 1 month", e.errors().get(0).message());
    // with end left to now, the parameter to change is start
    e = assertThrows(ApiException.class, () -> resolve("2024-03-14", null, Span.MONTH, Span.MONTH));
    assertEquals("start", e.errors().get(0).path());
  }

  @Test
  void dailyBucketsFollowTheZonesDaysAcrossDaylightSavingChanges() {
    StatsRange range =
        new StatsRange(
            Instant.parse("2024-03-30T22:30:00Z"), Instant.parse("2024-04-01T21:59:59.999Z"));
    assertEquals(
        List.of(
            LocalDate.parse("2024-03-30"),
            LocalDate.parse("2024-03-31"),
            LocalDate.parse("2024-04-01")),
        range.buckets(ROME, StatsMode.DAILY));
    assertEquals(
        LocalDate.parse("2024-03-31"),
        StatsRange.bucket(Instant.parse("2024-03-30T23:00:00Z"), ROME, StatsMode.DAILY));
    assertEquals(
        LocalDate.parse("2024-03-30"),
        StatsRange.bucket(Instant.parse("2024-03-30T22:59:59.999Z"), ROME, StatsMode.DAILY));
    assertEquals(
        LocalDate.parse("2024-04-01"),
        StatsRange.bucket(Instant.parse("2024-03-31T22:00:00Z"), ROME, StatsMode.DAILY));
    // the same instants in London (GMT, then BST from 01:00 UTC on 2024-03-31)
    assertEquals(
        LocalDate.parse("2024-03-30"),
        StatsRange.bucket(Instant.parse("2024-03-30T23:00:00Z"), LONDON, StatsMode.DAILY));
    assertEquals(
        LocalDate.parse("2024-04-01"),
        StatsRange.bucket(Instant.parse("2024-03-31T23:00:00Z"), LONDON, StatsMode.DAILY));
    // autumn: 2024-10-27 lasted 25 hours in Rome
    assertEquals(
        LocalDate.parse("2024-10-27"),
        StatsRange.bucket(Instant.parse("2024-10-27T22:59:59Z"), ROME, StatsMode.DAILY));
    assertEquals(
        LocalDate.parse("2024-10-28"),
        StatsRange.bucket(Instant.parse("2024-10-27T23:00:00Z"), ROME, StatsMode.DAILY));
  }

  @Test
  void weeksStartOnMondayAndMonthsOnTheFirst() {
    // Sunday 2024-03-31 23:30 CEST and Monday 2024-04-01 00:30 CEST
    assertEquals(
        LocalDate.parse("2024-03-25"),
        StatsRange.bucket(Instant.parse("2024-03-31T21:30:00Z"), ROME, StatsMode.WEEKLY));
    assertEquals(
        LocalDate.parse("2024-04-01"),
        StatsRange.bucket(Instant.parse("2024-03-31T22:30:00Z"), ROME, StatsMode.WEEKLY));
    assertEquals(
        LocalDate.parse("2024-04-01"),
        StatsRange.bucket(Instant.parse("2024-03-31T22:30:00Z"), ROME, StatsMode.MONTHLY));
    assertEquals(
        LocalDate.parse("2024-03-01"),
        StatsRange.bucket(Instant.parse("2024-03-31T21:30:00Z"), ROME, StatsMode.MONTHLY));
    StatsRange range =
        new StatsRange(
            Instant.parse("2024-01-31T12:00:00Z"), Instant.parse("2024-03-01T12:00:00Z"));
    assertEquals(
        List.of(
            LocalDate.parse("2024-01-01"),
            LocalDate.parse("2024-02-01"),
            LocalDate.parse("2024-03-01")),
        range.buckets(ROME, StatsMode.MONTHLY));
    assertEquals(
        List.of(
            LocalDate.parse("2024-01-29"),
            LocalDate.parse("2024-02-05"),
            LocalDate.parse("2024-02-12"),
            LocalDate.parse("2024-02-19"),
            LocalDate.parse("2024-02-26")),
        range.buckets(ROME, StatsMode.WEEKLY));
    // a year of days: every day from the one holding start to the one holding end
    StatsRange year = resolve(null, null, Span.YEAR, Span.YEAR);
    assertEquals(367, year.buckets(ROME, StatsMode.DAILY).size());
  }
}
