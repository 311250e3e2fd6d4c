package io.customer360.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.ApiException;
import io.customer360.search.query.SearchQuery.Combined;
import io.customer360.search.query.SearchQuery.Simple;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Refusals of the query parser: each names the JSON path inside the parameter and the rule. */
class QueryParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String simple(String condition) {
    return "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
        + condition
        + "}}}";
  }

  private static String atomic(String attribute, String operator, String value) {
    return "{\"type\":\"atomic\",\"attribute\":\""
        + attribute
        + "\",\"operator\":\""
        + operator
        + "\""
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }

  static Stream<Arguments> refusals() {
    String c = "query.query.are.condition";
    return Stream.of(
        Arguments.of("not JSON", "{", "query", "must be a JSON object"),
        Arguments.of("an array", "[]", "query", "must be an object"),
        Arguments.of("trailing data", "{\"name\":\"\",\"query\":{}} x", "query", "JSON object"),
        Arguments.of(
            "duplicate key",
            "{\"name\":\"a\",\"name\":\"b\",\"query\":{}}",
            "query",
            "Duplicate field"),
        Arguments.of("no name", "{\"query\":{}}", "query.name", "is required"),
        Arguments.of(
            "unknown top-level key",
            "{\"name\":\"\",\"query\":{},\"x\":1}",
            "query.x",
            "is not allowed"),
        Arguments.of(
            "unknown query type",
            "{\"name\":\"\",\"query\":{\"type\":\"weird\"}}",
            "query.query.type",
            "simple or combined"),
        Arguments.of(
            "simple without are or did",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\"}}",
            "query.query.are",
            "is required"),
        Arguments.of(
            "combined conjunction",
            "{\"name\":\"\",\"query\":{\"type\":\"combined\",\"conjunction\":\"and\","
                + "\"queries\":[]}}",
            "query.query.conjunction",
            "INTERSECT, UNION or EXCEPT"),
        Arguments.of(
            "combined without queries",
            "{\"name\":\"\",\"query\":{\"type\":\"combined\",\"conjunction\":\"UNION\","
                + "\"queries\":[]}}",
            "query.query.queries",
            "non-empty array"),
        Arguments.of(
            "deep path of a wrong value",
            "{\"name\":\"\",\"query\":{\"type\":\"combined\",\"conjunction\":\"UNION\","
                + "\"queries\":[{\"type\":\"simple\",\"are\":{\"condition\":"
                + atomic("enabled", "EQUALS", "true")
                + "}},{\"type\":\"simple\",\"are\":{\"condition\":{\"type\":\"composite\","
                + "\"conjunction\":\"or\",\"conditions\":["
                + atomic("intId", "EQUALS", "\"seven\"")
                + "]}}}]}}",
            "query.query.queries[1].are.condition.conditions[0].value",
            "must be a finite number"),
        Arguments.of(
            "unknown attribute",
            simple(atomic("base.nickname", "EQUALS", "\"x\"")),
            c + ".attribute",
            "is not a searchable attribute"),
        Arguments.of(
            "extended property not in the schema",
            simple(atomic("extended.nope", "EQUALS", "\"x\"")),
            c + ".attribute",
            "is not a property"),
        Arguments.of(
            "extended property not indexed",
            simple(atomic("extended.note", "EQUALS", "\"x\"")),
            c + ".attribute",
            "is not indexed"),
        Arguments.of(
            "unknown operator",
            simple(atomic("base.firstName", "CONTAINS", "\"x\"")),
            c + ".operator",
            "must be one of"),
        Arguments.of(
            "IS_NULL with a value",
            simple(atomic("base.firstName", "IS_NULL", "\"x\"")),
            c + ".value",
            "takes no value"),
        Arguments.of(
            "EQUALS without a value",
            simple(atomic("base.firstName", "EQUALS", null)),
            c + ".value",
            "is required by EQUALS"),
        Arguments.of(
            "EQUALS with an array",
            simple(atomic("base.firstName", "EQUALS", "[\"a\"]")),
            c + ".value",
            "single value"),
        Arguments.of(
            "BETWEEN with one value",
            simple(atomic("base.dob", "BETWEEN", "[\"2000-01-01\"]")),
            c + ".value",
            "exactly two values"),
        Arguments.of(
            "BETWEEN with numbers in reverse order",
            simple(atomic("intId", "BETWEEN", "[10, 1]")),
            c + ".value",
            "from not after to"),
        Arguments.of(
            "BETWEEN with dates in reverse order",
            simple(atomic("base.dob", "BETWEEN", "[\"2001-01-01\", \"2000-01-01T00:00:00Z\"]")),
            c + ".value",
            "from not after to"),
        Arguments.of(
            "BETWEEN with a scalar",
            simple(atomic("intId", "BETWEEN", "3")),
            c + ".value",
            "[from, to]"),
        Arguments.of(
            "IN with an empty array",
            simple(atomic("tags.manual", "IN", "[]")),
            c + ".value",
            "1 to 1000 values"),
        Arguments.of(
            "IN with a wrong element",
            simple(atomic("tags.manual", "IN", "[\"a\",3]")),
            c + ".value[1]",
            "must be a string"),
        Arguments.of(
            "a bad date",
            simple(atomic("base.dob", "GT", "\"yesterday\"")),
            c + ".value",
            "ISO 8601"),
        Arguments.of(
            "a boolean compared by order",
            simple(atomic("enabled", "GT", "true")),
            c + ".operator",
            "does not apply to the boolean"),
        Arguments.of(
            "LIKE on a number",
            simple(atomic("intId", "LIKE", "\"1%\"")),
            c + ".operator",
            "LIKE applies to string attributes only"),
        Arguments.of(
            "a boolean value for a string",
            simple(atomic("base.firstName", "EQUALS", "true")),
            c + ".value",
            "must be a string"),
        Arguments.of(
            "a string for a boolean",
            simple(atomic("consents.profiling.online.status", "EQUALS", "\"true\"")),
            c + ".value",
            "must be true or false"),
        Arguments.of(
            "an id that is no UUID",
            simple(atomic("id", "EQUALS", "\"abc\"")),
            c + ".value",
            "UUID"),
        Arguments.of(
            "unknown key in a condition",
            simple("{\"type\":\"atomic\",\"attribute\":\"id\",\"operator\":\"IS_NULL\",\"x\":1}"),
            c + ".x",
            "is not allowed"),
        Arguments.of(
            "composite conjunction in upper case",
            simple("{\"type\":\"composite\",\"conjunction\":\"AND\",\"conditions\":[]}"),
            c + ".conjunction",
            "and or or"),
        Arguments.of(
            "did without event name",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{}}}}",
            "query.query.did.event.name",
            "is required"),
        Arguments.of(
            "did condition on a customer attribute",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"viewedPage\"},"
                + "\"condition\":"
                + atomic("base.firstName", "EQUALS", "\"a\"")
                + "}}}",
            "query.query.did.condition.attribute",
            "is not an event attribute"),
        Arguments.of(
            "timeframe on something else than the date",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"viewedPage\"},"
                + "\"timeframe\":"
                + atomic("context", "EQUALS", "\"WEB\"")
                + "}}}",
            "query.query.did.timeframe.attribute",
            "date only"),
        Arguments.of(
            "event property of mixed types",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"viewedPage\"},"
                + "\"condition\":"
                + atomic("properties.a", "IN", "[1,\"b\"]")
                + "}}}",
            "query.query.did.condition.value[1]",
            "same type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesNamingThePathAndTheRule(String title, String query, String path, String rule)
      throws Exception {
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> QueryParser.parse(query, JSON.readTree(QueryTranslatorTest.SCHEMA)));
    assertEquals(400, e.status());
    assertEquals(path, e.errors().get(0).path());
    assertTrue(
        e.errors().get(0).message().contains(rule),
        () -> "'" + e.errors().get(0).message() + "' should contain '" + rule + "'");
  }

  @Test
  void boundsDepthAndSize() {
    String condition = atomic("enabled", "EQUALS", "true");
    for (int i = 0; i < QueryParser.MAX_DEPTH; i++) {
      condition =
          "{\"type\":\"composite\",\"conjunction\":\"and\",\"conditions\":[" + condition + "]}";
    }
    String deep = simple(condition);
    ApiException e = assertThrows(ApiException.class, () -> QueryParser.parse(deep, null));
    assertTrue(e.errors().get(0).message().contains("deeper than 10"));

    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= QueryParser.MAX_CONDITIONS; i++) {
      many.append(i == 0 ? "" : ",").append(atomic("enabled", "EQUALS", "true"));
    }
    String wide =
        simple("{\"type\":\"composite\",\"conjunction\":\"or\",\"conditions\":[" + many + "]}");
    e = assertThrows(ApiException.class, () -> QueryParser.parse(wide, null));
    assertEquals("query.query.are.condition.conditions[200]", e.errors().get(0).path());
  }

  @Test
  void parsesTheSpecExamples() {
    SearchQuery q3 =
        QueryParser.parse(
            "{\"name\":\"q3\",\"query\":{\"type\":\"combined\",\"conjunction\":\"EXCEPT\","
                + "\"queries\":[{\"type\":\"simple\",\"are\":{\"condition\":{\"type\":\"atomic\","
                + "\"attribute\":\"tags.manual\",\"operator\":\"IN\",\"value\":[\"vip\"]}}},"
                + "{\"type\":\"simple\",\"name\":\"x\",\"are\":{\"condition\":{\"type\":\"atomic\","
                + "\"attribute\":\"base.address.country\",\"operator\":\"EQUALS\","
                + "\"value\":\"IT\"}}}]}}",
            null);
    assertEquals("q3", q3.name());
    Combined combined = assertInstanceOf(Combined.class, q3.query());
    assertEquals(SearchQuery.SetOperation.EXCEPT, combined.conjunction());
    assertInstanceOf(Simple.class, combined.queries().get(1));
    assertTrue(QueryParser.isDate("2024-01-31T10:00:00.123+01:00"));
    assertTrue(QueryParser.isDate("2024-01-31T10:00:00+0100"));
    assertTrue(QueryParser.isDate("now-1M/d"));
  }
}
