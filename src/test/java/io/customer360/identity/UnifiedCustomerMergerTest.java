package io.customer360.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.identity.UnifiedCustomerMerger.Member;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnifiedCustomerMergerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID NODE_A = UUID.randomUUID();
  private static final UUID NODE_B = UUID.randomUUID();
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2024-01-01T00:00:00Z");

  private static Member member(UUID node, int minutes, String source, String json)
      throws Exception {
    return new Member(
        UUID.randomUUID(), node, (ObjectNode) JSON.readTree(json), T0.plusMinutes(minutes), source);
  }

  @Test
  void theNewestNonNullValueWinsPerProperty() throws Exception {
    Member old =
        member(
            NODE_A,
            0,
            null,
            "{\"externalId\": \"e1\", \"base\": {\"firstName\": \"Ann\", \"lastName\": \"Old\","
                + " \"contacts\": {\"email\": \"a@x.com\"}}}");
    Member recent =
        member(
            NODE_B,
            5,
            null,
            "{\"externalId\": null, \"base\": {\"lastName\": \"New\", \"firstName\": null,"
                + " \"contacts\": {\"mobilePhone\": \"+39\"}}}");
    ObjectNode merged = UnifiedCustomerMerger.merge(List.of(recent, old), Map.of());
    assertEquals("e1", merged.path("externalId").asText());
    assertEquals("Ann", merged.path("base").path("firstName").asText());
    assertEquals("New", merged.path("base").path("lastName").asText());
    assertEquals("a@x.com", merged.path("base").path("contacts").path("email").asText());
    assertEquals("+39", merged.path("base").path("contacts").path("mobilePhone").asText());
  }

  @Test
  void collectionsAreUnionedAndObjectsWithIdsKeptOncePerId() throws Exception {
    Member old =
        member(
            NODE_A,
            0,
            null,
            "{\"tags\": {\"manual\": [\"vip\", \"a\"]}, \"base\": {\"subscriptions\":"
                + " [{\"id\": \"news\", \"subscribed\": true}, {\"id\": \"promo\", \"subscribed\": true}]}}");
    Member recent =
        member(
            NODE_B,
            5,
            null,
            "{\"tags\": {\"manual\": [\"a\", \"b\"]}, \"base\": {\"subscriptions\":"
                + " [{\"id\": \"news\", \"subscribed\": false}]}}");
    ObjectNode merged = UnifiedCustomerMerger.merge(List.of(old, recent), Map.of());
    assertEquals(JSON.readTree("[\"vip\", \"a\", \"b\"]"), merged.path("tags").path("manual"));
    assertEquals(
        JSON.readTree(
            "[{\"id\": \"news\", \"subscribed\": false}, {\"id\": \"promo\", \"subscribed\": true}]"),
        merged.path("base").path("subscriptions"));
  }

  @Test
  void aPrioritisedSourceWinsOverRecency() throws Exception {
    UUID crm = UUID.randomUUID();
    UUID shop = UUID.randomUUID();
    Member fromCrm = member(NODE_A, 0, crm.toString(), "{\"base\": {\"lastName\": \"Crm\"}}");
    Member fromShop = member(NODE_A, 10, shop.toString(), "{\"base\": {\"lastName\": \"Shop\"}}");
    Member unlisted = member(NODE_A, 20, null, "{\"base\": {\"lastName\": \"Other\"}}");
    Map<UUID, List<UUID>> priority = Map.of(NODE_A, List.of(crm, shop));
    assertEquals(
        "Crm",
        UnifiedCustomerMerger.merge(List.of(fromShop, unlisted, fromCrm), priority)
            .path("base")
            .path("lastName")
            .asText());
    assertEquals(
        "Shop",
        UnifiedCustomerMerger.merge(List.of(fromShop, unlisted), priority)
            .path("base")
            .path("lastName")
            .asText());
    assertEquals(
        "Other",
        UnifiedCustomerMerger.merge(List.of(fromShop, unlisted), Map.of())
            .path("base")
            .path("lastName")
            .asText());
  }

  @Test
  void onlyCustomerPropertiesAreMerged() throws Exception {
    Member m =
        member(
            NODE_A,
            0,
            null,
            "{\"id\": \"x\", \"nodeId\": \"y\", \"version\": 3, \"extended\": {\"points\": 4},"
                + " \"extra\": \"free\"}");
    ObjectNode merged = UnifiedCustomerMerger.merge(List.of(m), Map.of());
    assertEquals(JSON.readTree("{\"extended\": {\"points\": 4}, \"extra\": \"free\"}"), merged);
  }
}
