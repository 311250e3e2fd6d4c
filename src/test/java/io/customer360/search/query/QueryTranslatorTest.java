package io.customer360.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of queries (spec §4) and the Elasticsearch JSON they translate to. */
class QueryTranslatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String SCHEMA =
      """
      {"tier": {"type": "string", "contactlabProperties": {"indexed": true}},
       "points": {"type": "integer", "contactlabProperties": {"indexed": true}},
       "vip": {"type": "boolean", "contactlabProperties": {"indexed": true}},
       "labels": {"type": "array", "items": {"type": "string"},
                  "contactlabProperties": {"indexed": true}},
       "note": {"type": "string", "contactlabProperties": {"indexed": false}}}""";

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

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "EQUALS on a base string",
            simple(atomic("base.firstName", "EQUALS", "\"Anna\"")),
            "{\"term\":{\"base.firstName\":\"Anna\"}}"),
        Arguments.of(
            "NOT_EQUALS is the complement of EQUALS",
            simple(atomic("base.address.city", "NOT_EQUALS", "\"Milano\"")),
            "{\"bool\":{\"must_not\":[{\"term\":{\"base.address.city\":\"Milano\"}}]}}"),
        Arguments.of(
            "BETWEEN on a date",
            simple(atomic("base.dob", "BETWEEN", "[\"1980-01-01\",\"1989-12-31\"]")),
            "{\"range\":{\"base.dob\":{\"gte\":\"1980-01-01\",\"lte\":\"1989-12-31\"}}}"),
        Arguments.of(
            "GT on a system number",
            simple(atomic("intId", "GT", "10")),
            "{\"range\":{\"intId\":{\"gt\":10}}}"),
        Arguments.of(
            "GTE on a system date with date math",
            simple(atomic("updatedAt", "GTE", "\"now-30d/d\"")),
            "{\"range\":{\"updatedAt\":{\"gte\":\"now-30d/d\"}}}"),
        Arguments.of(
            "LT on a base integer",
            simple(atomic("base.educations.startYear", "LT", "2000")),
            "{\"range\":{\"base.educations.startYear\":{\"lt\":2000}}}"),
        Arguments.of(
            "LTE on a consent date",
            simple(atomic("consents.disclaimer.date", "LTE", "\"2024-01-01T00:00:00Z\"")),
            "{\"range\":{\"consents.disclaimer.date\":{\"lte\":\"2024-01-01T00:00:00Z\"}}}"),
        Arguments.of(
            "IS_NULL",
            simple(atomic("base.contacts.email", "IS_NULL", null)),
            "{\"bool\":{\"must_not\":[{\"exists\":{\"field\":\"base.contacts.email\"}}]}}"),
        Arguments.of(
            "IS_NOT_NULL",
            simple(atomic("externalId", "IS_NOT_NULL", null)),
            "{\"exists\":{\"field\":\"externalId\"}}"),
        Arguments.of(
            "IN on tags",
            simple(atomic("tags.manual", "IN", "[\"vip\",\"gold\"]")),
            "{\"terms\":{\"tags.manual\":[\"vip\",\"gold\"]}}"),
        Arguments.of(
            "NOT_IN on tags",
            simple(atomic("tags.auto", "NOT_IN", "[\"x\"]")),
            "{\"bool\":{\"must_not\":[{\"terms\":{\"tags.auto\":[\"x\"]}}]}}"),
        Arguments.of(
            "LIKE becomes a case-insensitive wildcard with escapes",
            simple(atomic("base.lastName", "LIKE", "\"ro_s%*\"")),
            "{\"wildcard\":{\"base.lastName\":{\"value\":\"ro?s*\\\\*\","
                + "\"case_insensitive\":true}}}"),
        Arguments.of(
            "EQUALS on a consent boolean",
            simple(atomic("consents.marketing.automatic.email.status", "EQUALS", "true")),
            "{\"term\":{\"consents.marketing.automatic.email.status\":true}}"),
        Arguments.of(
            "EQUALS on an extended string: one nested query on name and s",
            simple(atomic("extended.tier", "EQUALS", "\"gold\"")),
            nested("extended", "tier", "{\"term\":{\"extended.s\":\"gold\"}}")),
        Arguments.of(
            "BETWEEN on an extended integer compares n",
            simple(atomic("extended.points", "BETWEEN", "[1,5]")),
            nested("extended", "points", "{\"range\":{\"extended.n\":{\"gte\":1,\"lte\":5}}}")),
        Arguments.of(
            "a range of dates on an extended string compares d",
            simple(atomic("extended.tier", "GT", "\"2024-01-01\"")),
            nested("extended", "tier", "{\"range\":{\"extended.d\":{\"gt\":\"2024-01-01\"}}}")),
        Arguments.of(
            "NOT_EQUALS on an extended boolean wraps the nested query in must_not",
            simple(atomic("extended.vip", "NOT_EQUALS", "true")),
            "{\"bool\":{\"must_not\":["
                + nested("extended", "vip", "{\"term\":{\"extended.b\":true}}")
                + "]}}"),
        Arguments.of(
            "IS_NULL on an extended property: no entry of that name",
            simple(atomic("extended.labels", "IS_NULL", null)),
            "{\"bool\":{\"must_not\":[{\"nested\":{\"path\":\"extended\",\"query\":"
                + "{\"term\":{\"extended.name\":\"labels\"}}}}]}}"),
        Arguments.of(
            "composite and / or, nested",
            simple(
                "{\"type\":\"composite\",\"conjunction\":\"and\",\"conditions\":["
                    + atomic("base.contacts.email", "IS_NOT_NULL", null)
                    + ",{\"type\":\"composite\",\"conjunction\":\"or\",\"conditions\":["
                    + atomic("base.gender", "EQUALS", "\"f\"")
                    + ","
                    + atomic("enabled", "EQUALS", "false")
                    + "]}]}"),
            "{\"bool\":{\"must\":[{\"exists\":{\"field\":\"base.contacts.email\"}},"
                + "{\"bool\":{\"should\":[{\"term\":{\"base.gender\":\"f\"}},"
                + "{\"term\":{\"enabled\":false}}],\"minimum_should_match\":1}}]}}"),
        Arguments.of(
            "combined INTERSECT, UNION and EXCEPT, nested",
            "{\"name\":\"c\",\"query\":{\"type\":\"combined\",\"conjunction\":\"EXCEPT\","
                + "\"queries\":[{\"type\":\"combined\",\"conjunction\":\"UNION\",\"queries\":["
                + simpleQuery(atomic("tags.manual", "EQUALS", "\"a\""))
                + ","
                + simpleQuery(atomic("tags.manual", "EQUALS", "\"b\""))
                + "]},{\"type\":\"combined\",\"conjunction\":\"INTERSECT\",\"queries\":["
                + simpleQuery(atomic("base.address.country", "EQUALS", "\"IT\""))
                + ","
                + simpleQuery(atomic("enabled", "EQUALS", "true"))
                + "]}]}}",
            "{\"bool\":{\"must\":[{\"bool\":{\"should\":[{\"term\":{\"tags.manual\":\"a\"}},"
                + "{\"term\":{\"tags.manual\":\"b\"}}],\"minimum_should_match\":1}}],"
                + "\"must_not\":[{\"bool\":{\"must\":[{\"term\":{\"base.address.country\":\"IT\"}},"
                + "{\"term\":{\"enabled\":true}}]}}]}}"),
        Arguments.of(
            "did: the condition plus a terms filter on memberIds",
            "{\"name\":\"q4\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
                + atomic("base.address.city", "EQUALS", "\"Milano\"")
                + "},\"did\":{\"event\":{\"name\":\"completedOrder\"},\"condition\":"
                + atomic("properties.amount.total", "GT", "100")
                + ",\"timeframe\":"
                + atomic("date", "GTE", "\"2024-01-01T00:00:00Z\"")
                + "}}}",
            "{\"bool\":{\"must\":[{\"term\":{\"base.address.city\":\"Milano\"}},"
                + "{\"terms\":{\"memberIds\":[\"c1\",\"c2\"]}}]}}"));
  }

  private static String simpleQuery(String condition) {
    return "{\"type\":\"simple\",\"are\":{\"condition\":" + condition + "}}";
  }

  private static String nested(String path, String name, String value) {
    return "{\"nested\":{\"path\":\""
        + path
        + "\",\"query\":{\"bool\":{\"filter\":[{\"term\":{\""
        + path
        + ".name\":\""
        + name
        + "\"}},"
        + value
        + "]}}}}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void translates(String title, String query, String expected) throws Exception {
    SearchQuery parsed = QueryParser.parse(query, JSON.readTree(SCHEMA));
    JsonNode actual = QueryTranslator.customerQuery(parsed.query(), did -> List.of("c1", "c2"));
    assertEquals(JSON.readTree(expected), actual);
  }

  @Test
  void didSearchesTheEventsOfTheWorkspaceAndCollectsCustomerIds() throws Exception {
    UUID ws = UUID.fromString("00000000-0000-4000-8000-000000000001");
    SearchQuery parsed =
        QueryParser.parse(
            "{\"name\":\"d\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":"
                + "\"viewedPage\"},\"condition\":"
                + atomic("properties.url", "LIKE", "\"%shop%\"")
                + ",\"timeframe\":"
                + atomic("date", "BETWEEN", "[\"2024-01-01\",\"now\"]")
                + "}}}",
            null);
    var did = QueryTranslator.dids(parsed.query()).get(0);
    assertEquals(
        JSON.readTree(
            "{\"size\":0,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"workspaceId\":\""
                + ws
                + "\"}},"
                + "{\"term\":{\"type\":\"viewedPage\"}},"
                + nested(
                    "properties",
                    "url",
                    "{\"wildcard\":{\"properties.s\":{\"value\":\"*shop*\",\"case_insensitive\":true}}}")
                + ",{\"range\":{\"date\":{\"gte\":\"2024-01-01\",\"lte\":\"now\"}}}]}},"
                + "\"aggs\":{\"customers\":{\"composite\":{\"size\":10000,\"sources\":["
                + "{\"customerId\":{\"terms\":{\"field\":\"customerId\"}}}]}}}}"),
        QueryTranslator.didSearch(ws, did, 10000));
    assertEquals(
        List.of("a", "b"),
        QueryTranslator.didIds(
            JSON.readTree(
                "{\"aggregations\":{\"customers\":{\"buckets\":[{\"key\":{\"customerId\":\"a\"}},"
                    + "{\"key\":{\"customerId\":\"b\"}}]}}}")));
    assertEquals(
        JSON.readTree("{\"bool\":{\"must_not\":[{\"match_all\":{}}]}}"),
        QueryTranslator.customerQuery(parsed.query(), d -> List.of()));
  }

  @Test
  void customerSearchFiltersWorkspaceNodeAndKindAndCountsTheNodeApart() throws Exception {
    UUID ws = UUID.fromString("00000000-0000-4000-8000-000000000001");
    UUID node = UUID.fromString("00000000-0000-4000-8000-000000000002");
    var body =
        QueryTranslator.customerSearch(
            new QueryTranslator.CustomerSearch(
                ws,
                node,
                "ENTRY",
                List.of("m1"),
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree("{\"term\":{\"enabled\":true}}"),
                SearchSort.parse("extended.points,desc", JSON.readTree(SCHEMA)).clauses(),
                20,
                10,
                10000));
    String scope =
        "{\"term\":{\"workspaceId\":\""
            + ws
            + "\"}},{\"term\":{\"nodeId\":\""
            + node
            + "\"}},"
            + "{\"term\":{\"kind\":\"ENTRY\"}}";
    assertEquals(
        JSON.readTree(
            "{\"from\":20,\"size\":10,\"track_total_hits\":10000,\"_source\":false,"
                + "\"query\":{\"bool\":{\"filter\":["
                + scope
                + ",{\"terms\":{\"memberIds\":[\"m1\"]}},{\"term\":{\"enabled\":true}}]}},"
                + "\"sort\":[{\"extended.n\":{\"order\":\"desc\",\"nested\":{\"path\":\"extended\","
                + "\"filter\":{\"term\":{\"extended.name\":\"points\"}}}}},"
                + "{\"id\":{\"order\":\"desc\"}}]}"),
        body);
    assertEquals(
        JSON.readTree("{\"bool\":{\"filter\":[" + scope + "]}}"),
        QueryTranslator.customerScope(ws, node, "ENTRY"));
  }

  @Test
  void customerCountFiltersWorkspaceNodeKindAndTheQuery() throws Exception {
    UUID ws = UUID.fromString("00000000-0000-4000-8000-000000000001");
    UUID node = UUID.fromString("00000000-0000-4000-8000-000000000002");
    String scope =
        "{\"term\":{\"workspaceId\":\""
            + ws
            + "\"}},{\"term\":{\"nodeId\":\""
            + node
            + "\"}},"
            + "{\"term\":{\"kind\":\"UNIFIED\"}}";
    assertEquals(
        JSON.readTree("{\"bool\":{\"filter\":[" + scope + ",{\"term\":{\"enabled\":true}}]}}"),
        QueryTranslator.customerCount(
            ws,
            node,
            "UNIFIED",
            (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree("{\"term\":{\"enabled\":true}}")));
    assertEquals(
        JSON.readTree("{\"bool\":{\"filter\":[" + scope + "]}}"),
        QueryTranslator.customerCount(ws, node, "UNIFIED", null));
  }

  @Test
  void sortsByAnyIndexedFieldWithTheIdTieBreak() throws Exception {
    assertEquals(
        JSON.readTree(
            "[{\"updatedAt\":{\"order\":\"desc\",\"unmapped_type\":\"date\"}},"
                + "{\"id\":{\"order\":\"desc\"}}]"),
        SearchSort.parse(null, null).clauses());
    assertEquals(
        JSON.readTree(
            "[{\"base.lastName\":{\"order\":\"asc\",\"unmapped_type\":\"keyword\"}},"
                + "{\"id\":{\"order\":\"asc\"}}]"),
        SearchSort.parse("base.lastName", null).clauses());
    assertEquals(
        JSON.readTree("[{\"id\":{\"order\":\"desc\"}}]"),
        SearchSort.parse("id,desc", null).clauses());
  }

  @org.junit.jupiter.api.Test
  void likeEscapesAndNfcValues() {
    org.junit.jupiter.api.Assertions.assertEquals("100%*", QueryTranslator.wildcard("100\\%%"));
    org.junit.jupiter.api.Assertions.assertEquals("a_?", QueryTranslator.wildcard("a\\__"));
    org.junit.jupiter.api.Assertions.assertEquals("\\\\*", QueryTranslator.wildcard("\\\\%"));
    org.junit.jupiter.api.Assertions.assertEquals(
        "\u00c9lodie",
        QueryTranslator.nfc(com.fasterxml.jackson.databind.node.TextNode.valueOf("E\u0301lodie"))
            .asText());
  }
}
