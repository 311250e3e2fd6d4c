package io.customer360.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.common.Ids;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The filters of a K2 request (spec §1.11), parsed and checked; null means "any".
 *
 * <ul>
 *   <li>{@code customerId}: a UUID (else 400); an entry customer, or a unified customer standing
 *       for its members.
 *   <li>{@code uniqueKey}: a JSON object holding the unique-customer property values of an entry
 *       node, shaped like a customer ({@code {"base":{"contacts":{"email":"…"}}}}) or with dotted
 *       paths as keys ({@code {"base.contacts.email":"…"}}); anything else 400.
 *   <li>{@code startDate}, {@code endDate}: a date {@code YYYY-MM-DD} (a whole day in UTC, both
 *       bounds inclusive) or an ISO-8601 date-time with offset (that instant, inclusive); else 400
 *       naming the parameter; a start after the end 400 naming {@code startDate}.
 *   <li>{@code type}: one {@link ConsentEventType}, or several comma-separated; else 400.
 *   <li>{@code property}: a dotted path ({@code consents.marketing.automatic.email}); entries of
 *       that property and of every property below it match ({@link ConsentChanges#propertiesAt}:
 *       the three values of that consent). The leading {@code consents.} may be left out and a
 *       JSONPath {@code $.} is ignored; a path that is malformed, longer than 255 characters or
 *       names no consent value answers 400.
 *   <li>{@code sort}: {@code date}, {@code date,asc} or {@code date,desc} (ids break ties in the
 *       same direction); default {@code date,desc}, newest first; {@code date} alone is ascending,
 *       as in the customer search. Else 400.
 *   <li>{@code nodes}: comma-separated node ids; a malformed one answers 404 "node not found" like
 *       an unknown one (spec §5).
 * </ul>
 *
 * @param properties the properties entries may carry ({@code property}), in schema order
 * @param until the exclusive upper bound of {@code date}
 */
public record ConsentLogQuery(
    UUID customerId,
    ObjectNode uniqueKey,
    List<UUID> nodes,
    List<ConsentEventType> types,
    List<String> properties,
    OffsetDateTime from,
    OffsetDateTime until,
    boolean ascending) {

  static final int MAX_PROPERTY = 255;

  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  static final String SORT_RULE = "must be date, date,asc or date,desc";

  /** Parses the raw query parameters; every malformed one is named in one 400. */
  public static ConsentLogQuery parse(
      String customerId,
      String uniqueKey,
      String startDate,
      String endDate,
      String type,
      String property,
      String sort,
      String nodes,
      ObjectMapper mapper) {
    List<UUID> nodeIds = nodes(nodes);
    List<FieldError> errors = new ArrayList<>();
    UUID customer = customer(customerId, errors);
    ObjectNode key = uniqueKey(uniqueKey, mapper, errors);
    OffsetDateTime from = bound(startDate, "startDate", false, errors);
    OffsetDateTime until = bound(endDate, "endDate", true, errors);
    if (from != null && until != null && !from.isBefore(until)) {
      errors.add(new FieldError("startDate", "must not be after endDate"));
    }
    List<ConsentEventType> types = types(type, errors);
    List<String> properties = properties(property, errors);
    boolean ascending = ascending(sort, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return new ConsentLogQuery(customer, key, nodeIds, types, properties, from, until, ascending);
  }

  private static UUID customer(String raw, List<FieldError> errors) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Ids.uuid("customerId", raw);
    } catch (ApiException e) {
      errors.add(new FieldError("customerId", "must be a UUID"));
      return null;
    }
  }

  /** The node ids of {@code nodes}, in order, without repeats; null when absent. */
  static List<UUID> nodes(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Set<UUID> out = new LinkedHashSet<>();
    for (String id : raw.split(",", -1)) {
      out.add(Ids.nodeId(id.trim()));
    }
    return List.copyOf(out);
  }

  /**
   * The unique-key values as a customer-shaped object: dotted keys are expanded ({@code
   * {"base.contacts.email":"x"}} → {@code {"base":{"contacts":{"email":"x"}}}}).
   */
  static ObjectNode uniqueKey(String raw, ObjectMapper mapper, List<FieldError> errors) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    JsonNode parsed;
    try {
      parsed = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject() || parsed.isEmpty()) {
      errors.add(
          new FieldError(
              "uniqueKey",
              "must be a JSON object holding the values of the unique-customer properties,"
                  + " e.g. {\"externalId\":\"c-1\"}"));
      return null;
    }
    ObjectNode out = mapper.createObjectNode();
    for (Map.Entry<String, JsonNode> e : parsed.properties()) {
      put(out, e.getKey().split("\\."), e.getValue(), mapper);
    }
    return out;
  }

  private static void put(ObjectNode target, String[] path, JsonNode value, ObjectMapper mapper) {
    ObjectNode at = target;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next = at.get(path[i]);
      if (next == null || !next.isObject()) {
        next = mapper.createObjectNode();
        at.set(path[i], next);
      }
      at = (ObjectNode) next;
    }
    JsonNode old = at.get(path[path.length - 1]);
    if (old != null && old.isObject() && value.isObject()) {
      ((ObjectNode) old).setAll((ObjectNode) value);
    } else {
      at.set(path[path.length - 1], value);
    }
  }

  /**
   * A date bound: a date is the start of that day in UTC ({@code upper}: of the next day, so the
   * day is included); a date-time is that instant ({@code upper}: plus one microsecond, the
   * database's resolution, so the instant is included).
   */
  static OffsetDateTime bound(String raw, String param, boolean upper, List<FieldError> errors) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (raw.length() == 10) {
        LocalDate day = LocalDate.parse(raw);
        return (upper ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      OffsetDateTime at = OffsetDateTime.parse(raw).withOffsetSameInstant(ZoneOffset.UTC);
      return upper ? at.plusNanos(1_000) : at;
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              param, "must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset"));
      return null;
    }
  }

  static List<ConsentEventType> types(String raw, List<FieldError> errors) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Set<ConsentEventType> out = new LinkedHashSet<>();
    for (String name : raw.split(",", -1)) {
      ConsentEventType t = typeOf(name.trim());
      if (t == null) {
        errors.add(
            new FieldError("type", "must be one of " + Arrays.toString(ConsentEventType.values())));
        return null;
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  private static ConsentEventType typeOf(String name) {
    for (ConsentEventType t : ConsentEventType.values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The properties at or below the path {@code raw}; null when absent. */
  static List<String> properties(String raw, List<FieldError> errors) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String path = raw.startsWith("$.") ? raw.substring(2) : raw;
    if (!path.equals(ConsentChanges.ROOT) && !path.startsWith(ConsentChanges.ROOT + ".")) {
      path = ConsentChanges.ROOT + "." + path;
    }
    if (path.length() > MAX_PROPERTY || !PATH.matcher(path).matches()) {
      errors.add(
          new FieldError(
              "property",
              "must be a dotted property path of at most "
                  + MAX_PROPERTY
                  + " characters, e.g. consents.marketing.automatic.email"));
      return null;
    }
    List<String> out = ConsentChanges.propertiesAt(path);
    if (out.isEmpty()) {
      errors.add(
          new FieldError(
              "property", "names no consent value, e.g. consents.marketing.automatic.email"));
      return null;
    }
    return out;
  }

  /** Whether the sort is ascending; newest first when absent. */
  static boolean ascending(String raw, List<FieldError> errors) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    String[] parts = raw.split(",", -1);
    String field = parts[0].trim();
    String direction =
        parts.length > 1 ? parts[1].trim().toLowerCase(java.util.Locale.ROOT) : "asc";
    if (!"date".equals(field) || parts.length > 2 || !Set.of("asc", "desc").contains(direction)) {
      errors.add(new FieldError("sort", SORT_RULE));
      return false;
    }
    return "asc".equals(direction);
  }
}
