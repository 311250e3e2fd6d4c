package io.customer360.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.segment.SegmentService.SegmentCount;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import io.customer360.workspace.WorkspaceStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure rules of segments: names, queries, stored queries and the order of the largest. */
class SegmentRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Workspace workspace(String schema) throws Exception {
    ObjectNode config = JSON.createObjectNode();
    if (schema != null) {
      config.set(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES, JSON.readTree(schema));
    }
    return new Workspace(UUID.randomUUID(), "w", "w", 1, "eu1", WorkspaceStatus.ENABLED, config);
  }

  private static final String TIER =
      "{\"tier\":{\"type\":\"string\",\"contactlabProperties\":{\"indexed\":true}}}";

  private static JsonNode simple(String attribute) throws Exception {
    return JSON.readTree(
        "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
            + "{\"type\":\"atomic\",\"attribute\":\""
            + attribute
            + "\",\"operator\":\"EQUALS\",\"value\":\"x\"}}}}");
  }

  static Stream<Arguments> badNames() {
    return Stream.of(
        Arguments.of(null, "is required"),
        Arguments.of("", "must not be blank"),
        Arguments.of(" \t\u2003 ", "must not be blank"),
        Arguments.of("x".repeat(256), "must be at most 255 characters"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void refusesNamesNamingTheField(String name, String rule) {
    ApiException e = assertThrows(ApiException.class, () -> SegmentService.checkName(name));
    assertEquals(400, e.status());
    assertEquals("name", e.errors().get(0).path());
    assertEquals(rule, e.errors().get(0).message());
  }

  @Test
  void namesAreTrimmedAndComparedInNfcIgnoringCase() {
    assertEquals("VIP clients", SegmentService.checkName("  VIP clients \n"));
    assertEquals("x".repeat(255), SegmentService.checkName(" " + "x".repeat(255) + " "));
    assertEquals(SegmentService.nameKey("Zo\u00eb"), SegmentService.nameKey("ZOE\u0308"));
    assertEquals(SegmentService.nameKey("vip"), SegmentService.nameKey("VIP"));
  }

  static Stream<Arguments> badQueries() throws Exception {
    return Stream.of(
        Arguments.of(null, "query", "is required"),
        Arguments.of(JSON.readTree("null"), "query", "is required"),
        Arguments.of(JSON.readTree("\"text\""), "query", null),
        Arguments.of(JSON.readTree("[]"), "query", null),
        Arguments.of(simple("base.nope"), "query.query.are.condition.attribute", null),
        Arguments.of(JSON.readTree("{\"query\":{}}"), "query.name", null),
        Arguments.of(
            JSON.readTree(
                "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
                    + "{\"type\":\"atomic\",\"attribute\":\"base.firstName\","
                    + "\"operator\":\"EQUALS\",\"value\":\""
                    + "x".repeat(SegmentService.MAX_QUERY_CHARS)
                    + "\"}}}}"),
            "query",
            "must not exceed 16384 characters of JSON"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void refusesQueriesNamingThePathInsideThem(JsonNode query, String path, String rule)
      throws Exception {
    JsonNode schema = JSON.readTree(TIER);
    ApiException e =
        assertThrows(ApiException.class, () -> SegmentService.checkQuery(query, schema));
    assertEquals(400, e.status());
    assertEquals(path, e.errors().get(0).path());
    if (rule != null) {
      assertEquals(rule, e.errors().get(0).message());
    }
  }

  @Test
  void acceptsIndexedExtendedPropertiesOnly() throws Exception {
    SegmentService.checkQuery(simple("extended.tier"), JSON.readTree(TIER));
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> SegmentService.checkQuery(simple("extended.tier"), JSON.readTree("{}")));
    assertEquals("query.query.are.condition.attribute", e.errors().get(0).path());
  }

  @Test
  void aStoredQueryThatNoLongerParsesIsAConflictNamingThePath() throws Exception {
    Workspace before = workspace(TIER);
    Segment segment =
        new Segment(
            UUID.randomUUID(),
            before.id(),
            "gold",
            simple("extended.tier"),
            true,
            OffsetDateTime.now(),
            OffsetDateTime.now());
    SegmentService.stored(before, segment);
    Workspace after =
        new Workspace(
            before.id(), "w", "w", 1, "eu1", WorkspaceStatus.ENABLED, JSON.createObjectNode());
    ApiException e = assertThrows(ApiException.class, () -> SegmentService.stored(after, segment));
    assertEquals(409, e.status());
    assertEquals("query.query.are.condition.attribute", e.errors().get(0).path());
    ApiException foreign =
        assertThrows(ApiException.class, () -> SegmentService.stored(workspace(TIER), segment));
    assertEquals(404, foreign.status());
  }

  @Test
  void largestFirstThenByNameThenIdAtMostTheLimit() {
    Segment b = segment("b", "00000000-0000-4000-8000-000000000001");
    Segment a = segment("A", "00000000-0000-4000-8000-000000000002");
    Segment c = segment("c", "00000000-0000-4000-8000-000000000003");
    Segment d = segment("d", "00000000-0000-4000-8000-000000000004");
    List<SegmentCount> all =
        SegmentService.largestFirst(List.of(b, a, c, d), List.of(5L, 5L, 9L, 0L), 10);
    assertEquals(List.of(c, a, b, d), all.stream().map(SegmentCount::segment).toList());
    assertEquals(List.of(9L, 5L, 5L, 0L), all.stream().map(SegmentCount::contactCount).toList());
    assertEquals(
        List.of(c, a),
        SegmentService.largestFirst(List.of(b, a, c, d), List.of(5L, 5L, 9L, 0L), 2).stream()
            .map(SegmentCount::segment)
            .toList());
    assertEquals(List.of(), SegmentService.largestFirst(List.of(b), List.of(1L), 0));
  }

  private static Segment segment(String name, String id) {
    return new Segment(
        UUID.fromString(id),
        UUID.randomUUID(),
        name,
        JSON.createObjectNode(),
        true,
        OffsetDateTime.now(),
        OffsetDateTime.now());
  }
}
