package io.customer360.stats;

import io.customer360.common.ApiException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The time range of a stats operation, {@code start} to {@code end}, both included, to the
 * millisecond (spec §1.1: {@code start} and {@code end} are date-times; the rules below decide what
 * the spec leaves open).
 *
 * <ul>
 *   <li>{@code start} and {@code end} take an ISO-8601 date-time with an offset ({@code
 *       2024-03-31T22:00:00Z}, {@code 2024-04-01T00:00:00+02:00}), a date-time without an offset
 *       (read in the workspace's time zone; a {@code +} of an offset that arrives as a space,
 *       because the client did not encode it, is read as {@code +}) or a date ({@code 2024-03-31}):
 *       as {@code start} the first instant of that day, as {@code end} its last millisecond, both
 *       in the workspace's time zone. Finer precision than a millisecond is cut off. Anything else
 *       answers 400 naming the parameter.
 *   <li>Defaults: {@code end} is now; {@code start} is {@code end} minus the operation's default
 *       span (one year or one month, in the workspace's calendar).
 *   <li>{@code start} after {@code end} answers 400 naming {@code start}; a range longer than the
 *       operation's maximum (one year; one month for DELETED) answers 400 naming {@code end}, or
 *       {@code start} when {@code end} was left to its default.
 *   <li>Buckets: the calendar day, ISO week (Monday to Sunday) or calendar month in the workspace's
 *       time zone, from the one holding {@code start} to the one holding {@code end}, every one of
 *       them present (empty buckets count 0); the first and the last bucket count only what lies
 *       within the range. A day is 23 or 25 hours long across a daylight-saving change.
 * </ul>
 */
public record StatsRange(Instant start, Instant end) {

  /** A length of calendar time, as the defaults and the maxima of the spec name them. */
  public enum Span {
    MONTH(Period.ofMonths(1), "1 month"),
    YEAR(Period.ofYears(1), "1 year");

    private final Period period;
    private final String text;

    Span(Period period, String text) {
      this.period = period;
      this.text = text;
    }

    /**
     * {@code from} plus this span in the zone's calendar. A day the target month lacks (29 February
     * plus a year, 31 January plus a month) reaches to the end of that month: the span from
     * 2024-02-29 ends on 2025-03-01, so the dates 2024-02-29 to 2025-02-28 are a year.
     */
    Instant after(Instant from, ZoneId zone) {
      ZonedDateTime start = from.atZone(zone);
      ZonedDateTime end = start.plus(period);
      return (end.getDayOfMonth() < start.getDayOfMonth() ? end.plusDays(1) : end).toInstant();
    }

    /** {@code to} minus this span in the zone's calendar. */
    Instant before(Instant to, ZoneId zone) {
      return to.atZone(zone).minus(period).toInstant();
    }
  }

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  /**
   * The range of {@code start} and {@code end} as the client sent them (null or blank: absent),
   * with the defaults filled in; 400 naming the parameter on a malformed value, a {@code start}
   * after {@code end} or a range longer than {@code max}.
   */
  public static StatsRange resolve(
      String start, String end, ZoneId zone, Instant now, Span byDefault, Span max) {
    Instant to = parse("end", end, zone, true);
    boolean endGiven = to != null;
    if (to == null) {
      to = now.truncatedTo(ChronoUnit.MILLIS);
    }
    Instant from = parse("start", start, zone, false);
    if (from == null) {
      from = byDefault.before(to, zone);
    }
    if (from.isAfter(to)) {
      throw ApiException.badRequest("start", "must not be after end");
    }
    if (to.isAfter(max.after(from, zone))) {
      throw ApiException.badRequest(
          endGiven ? "end" : "start", "the range from start to end must not exceed " + max.text);
    }
    return new StatsRange(from, to);
  }

  /**
   * One bound: null when absent; a date is the first instant of the day ({@code endOfDay} false) or
   * its last millisecond (true) in {@code zone}.
   */
  static Instant parse(String name, String raw, ZoneId zone, boolean endOfDay) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    // a "+" of an offset sent unencoded in a query string arrives as a space
    String text = raw.strip().replace(' ', '+');
    Instant at;
    try {
      if (DATE.matcher(text).matches()) {
        LocalDate day = LocalDate.parse(text);
        at =
            endOfDay
                ? day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)
                : day.atStartOfDay(zone).toInstant();
      } else if (hasOffset(text)) {
        at = OffsetDateTime.parse(text).toInstant();
      } else {
        at = LocalDateTime.parse(text).atZone(zone).toInstant();
      }
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          name,
          "must be an ISO-8601 date-time (e.g. 2024-03-31T22:00:00Z) or a date (e.g. 2024-03-31)");
    } catch (DateTimeException | ArithmeticException e) {
      throw ApiException.badRequest(name, "must lie between 1970 and 9999");
    }
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw ApiException.badRequest(name, "must lie between 1970 and 9999");
    }
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean hasOffset(String text) {
    int t = Math.max(text.indexOf('T'), text.indexOf('t'));
    if (t < 0) {
      return false;
    }
    String time = text.substring(t);
    return time.endsWith("Z")
        || time.endsWith("z")
        || time.indexOf('+') > 0
        || time.indexOf('-') > 0;
  }

  /** The first instant after the range (its end plus one millisecond): an exclusive bound. */
  public Instant until() {
    return end.plusMillis(1);
  }

  /** The bucket holding {@code at}: its first day, in {@code zone}. */
  public static LocalDate bucket(Instant at, ZoneId zone, StatsMode mode) {
    LocalDate day = at.atZone(zone).toLocalDate();
    return switch (mode) {
      case DAILY -> day;
      case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> day.withDayOfMonth(1);
    };
  }

  /** Every bucket of the range, in order: the first days of the days, weeks or months. */
  public List<LocalDate> buckets(ZoneId zone, StatsMode mode) {
    LocalDate last = bucket(end, zone, mode);
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate b = bucket(start, zone, mode); !b.isAfter(last); b = next(b, mode)) {
      out.add(b);
    }
    return out;
  }

  private static LocalDate next(LocalDate bucket, StatsMode mode) {
    return switch (mode) {
      case DAILY -> bucket.plusDays(1);
      case WEEKLY -> bucket.plusWeeks(1);
      case MONTHLY -> bucket.plusMonths(1);
    };
  }
}
