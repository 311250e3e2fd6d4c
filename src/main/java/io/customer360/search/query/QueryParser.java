package io.customer360.search.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.ApiException;
import io.customer360.search.query.Attribute.Type;
import io.customer360.search.query.SearchQuery.Atomic;
import io.customer360.search.query.SearchQuery.Combined;
import io.customer360.search.query.SearchQuery.Composite;
import io.customer360.search.query.SearchQuery.Condition;
import io.customer360.search.query.SearchQuery.Did;
import io.customer360.search.query.SearchQuery.Node;
import io.customer360.search.query.SearchQuery.Operator;
import io.customer360.search.query.SearchQuery.SetOperation;
import io.customer360.search.query.SearchQuery.Simple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses the {@code query} parameter of CU1 (a JSON string, spec §4) into a {@link SearchQuery}.
 * Every refusal is a 400 whose {@code errors[0].path} is the JSON path inside the parameter (e.g.
 * {@code query.query.queries[1].are.condition.conditions[0].value}) and whose message names the
 * rule: malformed JSON, an unknown or missing key, an unknown attribute, an operator that does not
 * apply to the attribute's type, the wrong number of values, a value of the wrong type. Bounded: at
 * most {@value #MAX_DEPTH} levels of nested queries and conditions, {@value #MAX_CONDITIONS} atomic
 * conditions and {@value #MAX_VALUES} values in one IN/NOT_IN list.
 */
public final class QueryParser {

  /** Deepest nesting of combined queries plus composite conditions. */
  public static final int MAX_DEPTH = 10;

  /** Most atomic conditions in one query (did conditions included). */
  public static final int MAX_CONDITIONS = 200;

  /** Most values of one IN or NOT_IN condition. */
  public static final int MAX_VALUES = 1000;

  /** The name of the parameter, the root of every error path. */
  public static final String ROOT = "query";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Elasticsearch date math anchored at now: {@code now}, {@code now-30d}, {@code now-1M/d}. */
  private static final Pattern DATE_MATH =
      Pattern.compile("now([+-][0-9]{1,6}[yMwdhHms])*(/[yMwdhHms])?");

  private final JsonNode extendedSchema;
  private int conditions;

  private QueryParser(JsonNode extendedSchema) {
    this.extendedSchema = extendedSchema;
  }

  /**
   * The parsed query of {@code text}, with {@code extended.*} attributes typed by {@code
   * extendedSchema} (the workspace's customer extended-properties schema; null or missing: none).
   * Fails 400 as described on the class.
   */
  public static SearchQuery parse(String text, JsonNode extendedSchema) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(ROOT, "must be a JSON object (" + e.getOriginalMessage() + ")");
    }
    if (root == null || root.isMissingNode()) {
      throw ApiException.badRequest(ROOT, "must be a JSON object");
    }
    return new QueryParser(extendedSchema).top(root);
  }

  private SearchQuery top(JsonNode root) {
    requireObject(root, ROOT, Set.of("name", "query"));
    JsonNode name = root.get("name");
    if (name == null || !name.isTextual()) {
      throw fail(ROOT + ".name", "is required and must be a string");
    }
    return new SearchQuery(name.asText(), query(required(root, "query", ROOT), ROOT + ".query", 1));
  }

  private Node query(JsonNode q, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw fail(path, "nests deeper than " + MAX_DEPTH + " levels of queries and conditions");
    }
    if (!q.isObject()) {
      throw fail(path, "must be an object (a simple or combined query)");
    }
    String type = text(required(q, "type", path), path + ".type");
    return switch (type) {
      case "simple" -> simple(q, path, depth);
      case "combined" -> combined(q, path, depth);
      default -> throw fail(path + ".type", "must be simple or combined");
    };
  }

  private Simple simple(JsonNode q, String path, int depth) {
    requireObject(q, path, Set.of("type", "name", "are", "did"));
    JsonNode are = q.get("are");
    JsonNode did = q.get("did");
    if (absent(are) && absent(did)) {
      throw fail(path + ".are", "is required (or a did clause)");
    }
    Condition condition = null;
    if (!absent(are)) {
      requireObject(are, path + ".are", Set.of("condition"));
      condition =
          condition(
              required(are, "condition", path + ".are"),
              path + ".are.condition",
              depth,
              this::customerAttribute);
    }
    return new Simple(condition, absent(did) ? null : did(did, path + ".did", depth));
  }

  private Combined combined(JsonNode q, String path, int depth) {
    requireObject(q, path, Set.of("type", "name", "conjunction", "queries"));
    String conjunction = text(required(q, "conjunction", path), path + ".conjunction");
    SetOperation op;
    try {
      op = SetOperation.valueOf(conjunction);
    } catch (IllegalArgumentException e) {
      throw fail(path + ".conjunction", "must be INTERSECT, UNION or EXCEPT");
    }
    JsonNode queries = required(q, "queries", path);
    if (!queries.isArray() || queries.isEmpty()) {
      throw fail(path + ".queries", "must be a non-empty array of queries");
    }
    List<Node> parsed = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      parsed.add(query(queries.get(i), path + ".queries[" + i + "]", depth + 1));
    }
    return new Combined(op, parsed);
  }

  private Did did(JsonNode did, String path, int depth) {
    requireObject(did, path, Set.of("event", "condition", "timeframe"));
    JsonNode event = required(did, "event", path);
    requireObject(event, path + ".event", Set.of("name"));
    String type = text(required(event, "name", path + ".event"), path + ".event.name");
    if (io.customer360.event.EventType.parse(type) == null) {
      throw fail(
          path + ".event.name", "must be an event type (spec §3 EventType, e.g. viewedPage)");
    }
    JsonNode condition = did.get("condition");
    JsonNode timeframe = did.get("timeframe");
    if (!absent(condition)) {
      checkEventEnums(condition, path + ".condition");
    }
    return new Did(
        type,
        absent(condition)
            ? null
            : condition(condition, path + ".condition", depth, QueryParser::eventAttribute),
        absent(timeframe)
            ? null
            : condition(timeframe, path + ".timeframe", depth, QueryParser::timeAttribute));
  }

  private Condition condition(
      JsonNode c, String path, int depth, Function<String, Attribute> attributes) {
    if (depth > MAX_DEPTH) {
      throw fail(path, "nests deeper than " + MAX_DEPTH + " levels of queries and conditions");
    }
    if (!c.isObject()) {
      throw fail(path, "must be an object (an atomic or composite condition)");
    }
    String type = text(required(c, "type", path), path + ".type");
    return switch (type) {
      case "atomic" -> atomic(c, path, attributes);
      case "composite" -> composite(c, path, depth, attributes);
      default -> throw fail(path + ".type", "must be atomic or composite");
    };
  }

  private Composite composite(
      JsonNode c, String path, int depth, Function<String, Attribute> attributes) {
    requireObject(c, path, Set.of("type", "conjunction", "conditions"));
    String conjunction = text(required(c, "conjunction", path), path + ".conjunction");
    if (!conjunction.equals("and") && !conjunction.equals("or")) {
      throw fail(path + ".conjunction", "must be and or or");
    }
    JsonNode list = required(c, "conditions", path);
    if (!list.isArray() || list.isEmpty()) {
      throw fail(path + ".conditions", "must be a non-empty array of conditions");
    }
    List<Condition> parsed = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      parsed.add(condition(list.get(i), path + ".conditions[" + i + "]", depth + 1, attributes));
    }
    return new Composite(conjunction.equals("and"), parsed);
  }

  private Atomic atomic(JsonNode c, String path, Function<String, Attribute> attributes) {
    if (++conditions > MAX_CONDITIONS) {
      throw fail(path, "the query holds more than " + MAX_CONDITIONS + " conditions");
    }
    requireObject(c, path, Set.of("type", "attribute", "operator", "value"));
    String name = text(required(c, "attribute", path), path + ".attribute");
    Attribute attribute;
    try {
      attribute = attributes.apply(name);
    } catch (IllegalArgumentException e) {
      throw fail(path + ".attribute", e.getMessage());
    }
    String opText = text(required(c, "operator", path), path + ".operator");
    Operator op;
    try {
      op = Operator.valueOf(opText);
    } catch (IllegalArgumentException e) {
      throw fail(
          path + ".operator",
          "must be one of EQUALS, NOT_EQUALS, BETWEEN, GTE, GT, LTE, LT, IS_NULL, IS_NOT_NULL, IN,"
              + " NOT_IN, LIKE");
    }
    checkApplies(attribute, op, path + ".operator");
    return new Atomic(attribute, op, value(c.get("value"), attribute, op, path + ".value"));
  }

  /** Refuses operators that make no sense for the type: order on booleans, LIKE on non-strings. */
  private static void checkApplies(Attribute a, Operator op, String path) {
    if (op.isRange() && a.type() == Type.BOOLEAN) {
      throw fail(path, op + " does not apply to the boolean attribute " + a.path());
    }
    if (op == Operator.LIKE
        && a.type() != Type.STRING
        && a.type() != Type.ID
        && a.type() != Type.ANY) {
      throw fail(path, "LIKE applies to string attributes only; " + a.path() + " is not one");
    }
  }

  private static JsonNode value(JsonNode v, Attribute a, Operator op, String path) {
    if (op.takesNoValue()) {
      if (!absent(v)) {
        throw fail(path, op + " takes no value");
      }
      return null;
    }
    if (absent(v)) {
      throw fail(path, "is required by " + op);
    }
    if (op.takesArray()) {
      if (!v.isArray()) {
        throw fail(
            path,
            op == Operator.BETWEEN
                ? "BETWEEN takes an array [from, to]"
                : op + " takes a non-empty array of values");
      }
      if (op == Operator.BETWEEN && v.size() != 2) {
        throw fail(path, "BETWEEN takes exactly two values [from, to]");
      }
      if (v.isEmpty() || v.size() > MAX_VALUES) {
        throw fail(path, op + " takes 1 to " + MAX_VALUES + " values");
      }
      String kind = null;
      for (int i = 0; i < v.size(); i++) {
        scalar(v.get(i), a, op, path + "[" + i + "]");
        String k = v.get(i).getNodeType().name();
        if (kind != null && !kind.equals(k)) {
          throw fail(path + "[" + i + "]", "all values must have the same type");
        }
        kind = k;
      }
      if (op == Operator.BETWEEN && reversed(v.get(0), v.get(1))) {
        throw fail(path, "BETWEEN takes [from, to] with from not after to");
      }
      return v;
    }
    if (v.isArray()) {
      throw fail(path, op + " takes a single value, not an array (use IN for several)");
    }
    scalar(v, a, op, path);
    return v;
  }

  /**
   * Whether a BETWEEN range is empty by construction: two numbers, or two ISO 8601 dates or
   * date-times, with {@code from} after {@code to}. Date math and other strings are not compared.
   */
  static boolean reversed(JsonNode from, JsonNode to) {
    if (from.isNumber() && to.isNumber()) {
      return from.decimalValue().compareTo(to.decimalValue()) > 0;
    }
    if (from.isTextual() && to.isTextual()) {
      java.time.Instant a = instant(from.asText());
      java.time.Instant b = instant(to.asText());
      return a != null && b != null && a.isAfter(b);
    }
    return false;
  }

  private static java.time.Instant instant(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static void scalar(JsonNode v, Attribute a, Operator op, String path) {
    String what = a.path() + " is " + a.type().name().toLowerCase();
    switch (a.type()) {
      case STRING -> {
        if (!v.isTextual()) {
          throw fail(path, "must be a string: " + what);
        }
      }
      case ID -> {
        if (!v.isTextual() || (op != Operator.LIKE && !isUuid(v.asText()))) {
          throw fail(path, "must be a UUID string: " + what);
        }
      }
      case NUMBER -> {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          throw fail(path, "must be a finite number: " + what);
        }
        withinRange(v, path);
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw fail(path, "must be true or false: " + what);
        }
      }
      case DATE -> {
        if (!v.isTextual() || !isDate(v.asText())) {
          throw fail(
              path,
              "must be an ISO 8601 date or date-time (e.g. 2024-01-31 or"
                  + " 2024-01-31T10:00:00Z) or date math such as now-30d: "
                  + what);
        }
      }
      case ANY -> {
        if (!(v.isTextual() || v.isBoolean() || (v.isNumber() && Double.isFinite(v.asDouble())))) {
          throw fail(path, "must be a string, a finite number or a boolean");
        }
        if (v.isBoolean() && op.isRange()) {
          throw fail(path, op + " does not compare booleans");
        }
        if (op == Operator.LIKE && !v.isTextual()) {
          throw fail(path, "LIKE takes a string pattern");
        }
        if (v.isNumber()) {
          withinRange(v, path);
        }
      }
      default -> throw new IllegalStateException(a.type().name());
    }
    if (op == Operator.LIKE && v.asText().length() > MAX_PATTERN) {
      throw fail(path, "a LIKE pattern has at most " + MAX_PATTERN + " characters");
    }
  }

  /** Longest LIKE pattern (base strings hold at most 255 characters, spec §1.12). */
  private static final int MAX_PATTERN = 255;

  /** Largest magnitude of a number in a condition: the index's 64-bit integer range. */
  private static final double MAX_NUMBER = 9.2e18;

  private static void withinRange(JsonNode v, String path) {
    if (Math.abs(v.asDouble()) > MAX_NUMBER) {
      throw fail(path, "must lie within the 64-bit integer range (at most 9.2e18 in magnitude)");
    }
  }

  /** Whether {@code s} is an ISO date, an ISO date-time (with or without offset) or date math. */
  public static boolean isDate(String s) {
    if (DATE_MATH.matcher(s).matches()) {
      return true;
    }
    try {
      if (s.length() == 10) {
        LocalDate.parse(s);
      } else if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        OffsetDateTime.parse(s.matches(".*[+-]\\d\\d\\d\\d$") ? withColon(s) : s);
      } else {
        LocalDateTime.parse(s);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String withColon(String s) {
    return s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2);
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Attribute customerAttribute(String name) {
    return AttributeCatalogue.customer(name, extendedSchema);
  }

  /**
   * The values compared with an event's {@code context} or {@code mode} in a did condition are
   * values of their enums (spec §3 EventContext, event mode), else 400 naming the value.
   */
  private static void checkEventEnums(JsonNode c, String path) {
    if (!c.isObject()) {
      return;
    }
    JsonNode conditions = c.get("conditions");
    if (conditions != null && conditions.isArray()) {
      for (int i = 0; i < conditions.size(); i++) {
        checkEventEnums(conditions.get(i), path + ".conditions[" + i + "]");
      }
      return;
    }
    String attribute = c.path("attribute").asText("");
    Set<String> allowed =
        switch (attribute) {
          case "context" -> names(io.customer360.event.EventContext.values());
          case "mode" -> names(io.customer360.event.EventMode.values());
          default -> null;
        };
    JsonNode value = c.get("value");
    if (allowed == null || value == null) {
      return;
    }
    List<JsonNode> values = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(values::add);
    } else {
      values.add(value);
    }
    for (int i = 0; i < values.size(); i++) {
      JsonNode v = values.get(i);
      if (v.isTextual() && !allowed.contains(v.asText())) {
        throw fail(
            path + ".value" + (value.isArray() ? "[" + i + "]" : ""),
            "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static Set<String> names(Enum<?>[] values) {
    Set<String> out = new java.util.HashSet<>();
    for (Enum<?> e : values) {
      out.add(e.name());
    }
    return out;
  }

  private static Attribute eventAttribute(String name) {
    return AttributeCatalogue.event(name);
  }

  private static Attribute timeAttribute(String name) {
    Attribute a = AttributeCatalogue.event(name);
    if (a.type() != Type.DATE) {
      throw new IllegalArgumentException("a timeframe compares the event's date only");
    }
    return a;
  }

  private static void requireObject(JsonNode node, String path, Set<String> allowed) {
    if (!node.isObject()) {
      throw fail(path, "must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw fail(
            path + "." + key,
            "is not allowed here; allowed keys: "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static JsonNode required(JsonNode node, String key, String path) {
    JsonNode v = node.get(key);
    if (absent(v)) {
      throw fail(path + "." + key, "is required");
    }
    return v;
  }

  private static String text(JsonNode v, String path) {
    if (!v.isTextual()) {
      throw fail(path, "must be a string");
    }
    return v.asText();
  }

  private static boolean absent(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode();
  }

  private static ApiException fail(String path, String rule) {
    return ApiException.badRequest(path, rule);
  }
}
