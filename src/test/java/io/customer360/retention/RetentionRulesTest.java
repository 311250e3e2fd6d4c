package io.customer360.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.FieldError;
import io.customer360.event.EventPurge.Expiry;
import io.customer360.node.NodeRetention;
import io.customer360.node.NodeType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which months apply to an event, and how policy bodies are read (RetentionRules). */
class RetentionRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID ENTRY = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID AGG_A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  private static final UUID AGG_B = UUID.fromString("00000000-0000-4000-8000-00000000000b");

  private static NodeRetention entry(boolean enabled, Map<String, Integer> events) {
    return new NodeRetention(ENTRY, UUID.randomUUID(), NodeType.ENTRY, null, enabled, events);
  }

  private static NodeRetention aggregate(UUID id, boolean enabled, Map<String, Integer> events) {
    return new NodeRetention(
        id, UUID.randomUUID(), NodeType.AGGREGATE, List.of(ENTRY), enabled, events);
  }

  /**
   * node: enabled policy months for viewedPage (- = none, off = disabled with 1); aggregates A and
   * B likewise; workspace months; expected.
   */
  @ParameterizedTest(name = "node {0}, aggregates {1}/{2}, workspace {3} -> {4}")
  @CsvSource({
    "-,   -,   -,   12, 12",
    "3,   -,   -,   12, 3",
    "0,   -,   -,   12, 0",
    "off, -,   -,   12, 12",
    "-,   24,  -,   12, 24",
    "-,   24,  6,   12, 24",
    "-,   24,  0,   12, 0",
    "-,   off, -,   12, 12",
    "-,   off, 6,   12, 6",
    "3,   24,  36,  12, 3",
    "-,   -,   -,   0,  0",
  })
  void resolvesNodeThenAggregatesThenWorkspace(
      String node, String a, String b, int workspace, int expected) {
    List<NodeRetention> aggregates = new ArrayList<>();
    if (!a.equals("-")) {
      aggregates.add(aggregate(AGG_A, !a.equals("off"), viewedPage(a)));
    }
    if (!b.equals("-")) {
      aggregates.add(aggregate(AGG_B, !b.equals("off"), viewedPage(b)));
    }
    NodeRetention own =
        node.equals("-") ? entry(false, Map.of()) : entry(!node.equals("off"), viewedPage(node));
    assertEquals(
        expected,
        RetentionRules.months("viewedPage", Map.of("viewedPage", workspace), own, aggregates));
  }

  private static Map<String, Integer> viewedPage(String months) {
    return Map.of("viewedPage", months.equals("off") ? 1 : Integer.parseInt(months));
  }

  @Test
  void aNodePolicyCoversOnlyTheTypesItNames() {
    NodeRetention own = entry(true, Map.of("searched", 2));
    Map<String, Integer> workspace = Map.of("viewedPage", 12, "searched", 6);
    assertEquals(12, RetentionRules.months("viewedPage", workspace, own, List.of()));
    assertEquals(2, RetentionRules.months("searched", workspace, own, List.of()));
    assertEquals(0, RetentionRules.months("loggedIn", workspace, own, List.of()));
  }

  @Test
  void anAggregatesOwnEventsFollowItsPolicyNotOtherAggregates() {
    NodeRetention a = aggregate(AGG_A, true, Map.of("viewedPage", 3));
    assertEquals(3, RetentionRules.months("viewedPage", Map.of("viewedPage", 12), a, List.of()));
  }

  @Test
  void resolvesEveryBuiltInTypeOfEveryNodeAndExpiresOnlyLimitedOnes() {
    NodeRetention own = entry(true, Map.of("searched", 2));
    NodeRetention a = aggregate(AGG_A, true, Map.of("loggedIn", 5));
    var months = RetentionRules.resolve(Map.of("viewedPage", 12), List.of(own, a));
    assertEquals(48, months.get(ENTRY).size());
    assertEquals(12, months.get(ENTRY).get("viewedPage"));
    assertEquals(2, months.get(ENTRY).get("searched"));
    assertEquals(5, months.get(ENTRY).get("loggedIn"));
    assertEquals(0, months.get(AGG_A).get("searched"));
    assertEquals(5, months.get(AGG_A).get("loggedIn"));

    OffsetDateTime now = OffsetDateTime.parse("2026-03-31T10:00:00Z");
    List<Expiry> expiries = RetentionRules.expiries(now, months);
    assertEquals(5, expiries.size());
    assertTrue(
        expiries.contains(
            new Expiry(ENTRY, "searched", OffsetDateTime.parse("2026-01-31T10:00:00Z"))));
    assertTrue(
        expiries.contains(
            new Expiry(ENTRY, "viewedPage", OffsetDateTime.parse("2025-03-31T10:00:00Z"))));
  }

  @ParameterizedTest(name = "{0} minus {1} months is {2}")
  @CsvSource({
    "2026-03-31T10:00:00Z, 1,   2026-02-28T10:00:00Z",
    "2024-03-31T10:00:00Z, 1,   2024-02-29T10:00:00Z",
    "2026-01-15T00:00:00Z, 12,  2025-01-15T00:00:00Z",
    "2026-01-15T01:00:00+02:00, 1, 2025-12-14T23:00:00Z",
    "2026-05-01T00:00:00Z, 240, 2006-05-01T00:00:00Z",
  })
  void cutoffsAreCalendarMonthsInUtc(String now, int months, String cutoff) {
    assertEquals(
        OffsetDateTime.parse(cutoff).toInstant(),
        RetentionRules.cutoff(OffsetDateTime.parse(now), months).toInstant());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"nope\":{\"months\":1}}                | nope",
        "{\"viewedPage\":{\"months\":-1}}         | viewedPage.months",
        "{\"viewedPage\":{\"months\":241}}        | viewedPage.months",
        "{\"viewedPage\":{\"months\":2.5}}        | viewedPage.months",
        "{\"viewedPage\":{\"months\":\"3\"}}      | viewedPage.months",
        "{\"viewedPage\":{\"months\":null}}       | viewedPage.months",
        "{\"viewedPage\":{\"months\":99999999999}} | viewedPage.months",
        "{\"viewedPage\":{}}                      | viewedPage",
        "{\"viewedPage\":{\"months\":1,\"x\":2}}  | viewedPage",
        "{\"viewedPage\":3}                       | viewedPage",
        "[]                                       | body",
      })
  void refusesBadPolicyEntriesNamingThem(String body, String path) throws Exception {
    List<FieldError> errors = new ArrayList<>();
    RetentionRules.parsePolicy(JSON.readTree(body), "", errors);
    assertEquals(List.of(path), errors.stream().map(FieldError::path).toList());
  }

  @Test
  void readsGoodPoliciesAndPrefixesNestedPaths() throws Exception {
    List<FieldError> errors = new ArrayList<>();
    JsonNode body = JSON.readTree("{\"viewedPage\":{\"months\":0},\"searched\":{\"months\":240}}");
    assertEquals(
        Map.of("viewedPage", 0, "searched", 240), RetentionRules.parsePolicy(body, "", errors));
    assertTrue(errors.isEmpty());
    RetentionRules.parsePolicy(JSON.readTree("{\"nope\":{\"months\":1}}"), "events.", errors);
    assertEquals("events.nope", errors.get(0).path());
  }

  @Test
  void theWorkspacePolicyHasEveryBuiltInTypeDefaultingToForever() throws Exception {
    Map<String, Integer> policy =
        RetentionRules.workspacePolicy(JSON.readTree("{\"viewedPage\":{\"months\":7}}"));
    assertEquals(48, policy.size());
    assertEquals(7, policy.get("viewedPage"));
    assertEquals(0, policy.get("completedOrder"));
  }
}
