package io.customer360.api.customer360;

import io.customer360.common.PageRequest;
import io.customer360.event.EventType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Query parameters of the dialect, read as text so that every malformed value answers 400 naming
 * the parameter with a localized rule (never the framework's 404). Paging: {@code page} counts from
 * 0 (default 0), {@code size} defaults to {@value #DEFAULT_SIZE} and is 1 to {@value #MAX_SIZE};
 * customer and event lists reach at most the search cap of matches (10,000), so {@code page} stops
 * where a page would start beyond it.
 */
public final class Customer360Params {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  /** The seed's channels, the values of the {@code channel} filter. */
  public static final Set<String> CHANNELS =
      Set.of(EventMapper.EMAIL, EventMapper.SMS, EventMapper.PUSH, EventMapper.WEB);

  private Customer360Params() {}

  /** {@code page} and {@code size}; {@code cap} bounds {@code page * size} (0: unbounded). */
  public static PageRequest page(String page, String size, int cap) {
    int s = integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
    int maxPage = cap <= 0 ? Integer.MAX_VALUE / MAX_SIZE : Math.max(0, (cap - 1) / s);
    int p = integer("page", page, 0, 0, maxPage);
    return new PageRequest(p, s);
  }

  static int integer(String name, String raw, int fallback, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to 400
    }
    throw Customer360Exception.badParameter(name, m -> m.ruleIntegerBetween(min, max));
  }

  /** An optional UUID parameter; 400 naming it when malformed. */
  public static UUID uuid(String name, String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // falls through to 400
    }
    throw Customer360Exception.badParameter(name, Customer360Messages::ruleUuid);
  }

  /** A path id: null when malformed (such an id names nothing: 404 by the caller). */
  public static UUID pathId(String raw) {
    try {
      return raw != null && raw.length() == 36 ? UUID.fromString(raw) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** An optional ISO-8601 date-time with offset; 400 naming the parameter when malformed. */
  public static OffsetDateTime dateTime(String name, String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw Customer360Exception.badParameter(name, Customer360Messages::ruleDateTime);
    }
  }

  /** {@code from} must not be after {@code to}: 400 naming {@code from}. */
  public static void requireOrdered(OffsetDateTime from, OffsetDateTime to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw Customer360Exception.badParameter("from", m -> m.ruleNotAfter("to"));
    }
  }

  /**
   * The {@code type} filter: one or more of the dialect's event type names, comma-separated (or the
   * parameter repeated); null when absent; 400 naming {@code type} for an unknown name.
   */
  public static List<EventType> types(List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    List<EventType> out = new ArrayList<>();
    for (String value : raw) {
      for (String name : value.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        EventType t = EventMapper.type(name);
        if (t == null) {
          throw Customer360Exception.badParameter("type", m -> m.ruleOneOf(EventMapper.names()));
        }
        if (!out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The {@code channel} filter: EMAIL, SMS, PUSH or WEB (any case); null when absent. */
  public static String channel(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String c = raw.strip().toUpperCase(Locale.ROOT);
    if (!CHANNELS.contains(c)) {
      throw Customer360Exception.badParameter("channel", m -> m.ruleOneOf("EMAIL, SMS, PUSH, WEB"));
    }
    return c;
  }

  /** A text filter: null when absent or blank, else trimmed; 400 when longer than 255. */
  public static String text(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.strip();
    if (v.length() > 255) {
      throw Customer360Exception.badParameter(name, m -> m.ruleMaxLength(255));
    }
    return v;
  }
}
