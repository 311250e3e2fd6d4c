package io.customer360.search;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.search.CustomerProfiles.Overview;
import io.customer360.search.CustomerProfiles.ProfileFilter;
import io.customer360.search.CustomerProfiles.ProfilePage;
import io.customer360.search.query.QueryParser;
import io.customer360.search.query.SearchQuery;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The read model of customer profiles over the customer index ({@link CustomerProfiles}), fed by
 * writes over the native API: the activity summary of entry and unified customers (kept current as
 * events come and go), {@code extendedSource}, the profile GET and its refusals, profile pages
 * (prefix, tag, segment with a did clause, paging) and the overview counts.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerProfilesTest {

  @Inject CustomerProfiles profiles;
  @Inject NodeService nodes;
  @Inject SearchIndexer indexer;

  // ------------------------------------------------------------------------------ activity

  @Test
  void activitySummarisesTheEventsOfEntryAndUnifiedCustomersAndFollowsNewAndDeletedEvents() {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, shop, stores);
    String anna = customer(w, shop, "anna", Map.of("contacts", Map.of("email", "a@example.com")));
    String annie =
        customer(w, stores, "annie", Map.of("contacts", Map.of("email", "A@example.com")));
    String bob = customer(w, shop, "bob", Map.of("contacts", Map.of("email", "b@example.com")));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    order(w, anna, now.minus(10, ChronoUnit.DAYS), 100.25);
    String annaView = viewedPage(w, anna, now.minus(2, ChronoUnit.DAYS));
    order(w, annie, now.minus(5, ChronoUnit.DAYS), 50);
    orderWithoutAmount(w, annie, now.minus(6, ChronoUnit.DAYS));
    SearchSync.awaitIndexed();

    Node shopNode = node(w, shop);
    Node storesNode = node(w, stores);
    Node aggregateNode = node(w, aggregate);
    assertActivity(profile(w, shopNode, anna), now.minus(2, ChronoUnit.DAYS), 100.25, 2);
    assertActivity(profile(w, storesNode, annie), now.minus(5, ChronoUnit.DAYS), 50.0, 2);
    assertActivity(profile(w, shopNode, bob), null, null, 0);
    String unified = unifiedOf(w, aggregateNode, "a@example.com");
    assertActivity(profile(w, aggregateNode, unified), now.minus(2, ChronoUnit.DAYS), 150.25, 4);

    // a new event reaches its customer and the unified customer holding it
    order(w, annie, now.minus(1, ChronoUnit.DAYS), 9.75);
    order(w, bob, now.minus(3, ChronoUnit.DAYS), 20);
    SearchSync.awaitIndexed();
    assertActivity(profile(w, storesNode, annie), now.minus(1, ChronoUnit.DAYS), 59.75, 3);
    assertActivity(profile(w, shopNode, bob), now.minus(3, ChronoUnit.DAYS), 20.0, 1);
    assertActivity(profile(w, aggregateNode, unified), now.minus(1, ChronoUnit.DAYS), 160.0, 5);

    // a deleted event leaves the summaries
    asAdmin().delete(ws(w) + "/events/" + annaView).then().statusCode(204);
    SearchSync.awaitIndexed();
    assertActivity(profile(w, shopNode, anna), now.minus(10, ChronoUnit.DAYS), 100.25, 1);
    assertActivity(profile(w, aggregateNode, unified), now.minus(1, ChronoUnit.DAYS), 160.0, 4);

    Overview overview =
        profiles
            .overview(
                UUID.fromString(w),
                aggregateNode,
                now.minus(2, ChronoUnit.DAYS),
                now.minus(1, ChronoUnit.DAYS))
            .await()
            .indefinitely();
    assertEquals(2, overview.total(), "two unified customers: anna+annie, bob");
    assertEquals(1, overview.active(), "only the unified one had an event in the last 2 days");
  }

  @Test
  void theDocumentKeepsTheWholeExtendedObjectButNotTheTypedValues() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    // only CLAB_OPERATOR may mark a property indexed
    as(Tokens.operator())
        .body(
            Map.of(
                "tier",
                Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)),
                "notes",
                Map.of("type", "string")))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    String id =
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "x-1",
                "extended",
                Map.of("tier", "gold", "notes", "likes green")));
    SearchSync.awaitIndexed();

    ObjectNode doc = profile(w, node(w, node), id);
    assertEquals("gold", doc.path("extendedSource").path("tier").asText());
    assertEquals("likes green", doc.path("extendedSource").path("notes").asText());
    assertFalse(doc.has("extended"), "typed values are left out");
    JsonNode stored = SearchIndex.get(SearchIndex.customers(), id, w);
    assertEquals(1, stored.path("extended").size(), "only the indexed property is typed");
    assertEquals(
        0,
        SearchIndex.count(
            SearchIndex.customers(), w, "{\"term\":{\"extendedSource.notes\":\"likes green\"}}"),
        "extendedSource is not searchable");
  }

  /**
   * An index built from an older mapping (version 1, no activity) is rebuilt when the indexer
   * starts leading: the alias moves to a new index of the current mapping, and documents written
   * before carry their activity.
   */
  @Test
  void anIndexBuiltFromAnOlderMappingIsRebuiltWithTheActivity() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String id = customer(w, node, "old-1", Map.of("firstName", "Olga"));
    viewedPage(w, id, Instant.now());
    SearchSync.awaitIndexed();
    String before = SearchIndex.concrete(SearchIndex.customers());

    indexer.pause();
    try {
      // the index as an earlier build left it: mapping version 1, documents without activity
      JsonNode meta =
          SearchIndex.call("PUT", "/" + before + "/_mapping", "{\"_meta\":{\"version\":1}}");
      assertTrue(meta.path("acknowledged").asBoolean(), meta.toString());
      ObjectNode doc = (ObjectNode) SearchIndex.get(SearchIndex.customers(), id, w);
      doc.remove("activity");
      SearchIndex.call(
          "PUT", "/" + before + "/_doc/" + id + "?routing=" + w + "&refresh=true", doc.toString());
      assertFalse(SearchIndex.get(SearchIndex.customers(), id, w).has("activity"));
    } finally {
      indexer.resume();
    }

    SearchIndex.await(
        "the alias points at a rebuilt index",
        SearchIndexerTest.WAIT,
        () -> !before.equals(SearchIndex.concrete(SearchIndex.customers())));
    String after = SearchIndex.concrete(SearchIndex.customers());
    assertEquals(
        SearchMappings.VERSION,
        SearchIndex.call("GET", "/" + after + "/_mapping", null)
            .path(after)
            .path("mappings")
            .path("_meta")
            .path("version")
            .asInt());
    SearchSync.awaitIndexed();
    assertEquals(1, profile(w, node(w, node), id).path("activity").path("eventCount").asLong());
  }

  // ------------------------------------------------------------------------------ profile

  @Test
  void profileRefusesOtherWorkspacesNodesKindsAndDeletedDocuments() {
    String w = Api.createWorkspace();
    String other = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, shop, stores);
    String newAggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "New",
                    "entryNodes",
                    List.of(shop),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(w) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String otherNode = Api.createEntryNode(other);
    String anna = customer(w, shop, "anna", Map.of("contacts", Map.of("email", "a@example.com")));
    SearchSync.awaitIndexed();
    Node shopNode = node(w, shop);
    Node aggregateNode = node(w, aggregate);
    String unified = unifiedOf(w, aggregateNode, "a@example.com");
    UUID ws = UUID.fromString(w);

    assertTrue(find(w, shopNode, anna).isPresent());
    assertTrue(find(w, aggregateNode, unified).isPresent());
    assertTrue(find(other, node(other, otherNode), anna).isEmpty(), "another workspace");
    assertTrue(find(w, node(w, stores), anna).isEmpty(), "another node");
    assertTrue(find(w, aggregateNode, anna).isEmpty(), "an entry customer on the aggregate");
    assertTrue(find(w, shopNode, unified).isEmpty(), "a unified customer on an entry node");
    assertTrue(find(w, shopNode, UUID.randomUUID().toString()).isEmpty(), "unknown id");

    // documents that only differ in kind or deleted (written straight into the index)
    String sameKind = plant(w, shop, "ENTRY", 0);
    String wrongKind = plant(w, shop, "UNIFIED", 0);
    String deleted = plant(w, shop, "ENTRY", 1);
    assertTrue(find(w, shopNode, sameKind).isPresent(), "the planted control document");
    assertTrue(find(w, shopNode, wrongKind).isEmpty(), "another kind");
    assertTrue(find(w, shopNode, deleted).isEmpty(), "deleted");
    assertEquals(
        2,
        profiles
            .overview(ws, shopNode, Instant.EPOCH, Instant.EPOCH)
            .await()
            .indefinitely()
            .total(),
        "anna and the planted ENTRY document count, the deleted and UNIFIED ones do not");

    ApiException refused =
        assertThrows(
            ApiException.class,
            () -> profiles.profile(ws, node(w, newAggregate), UUID.fromString(anna)));
    assertEquals(400, refused.status());
  }

  // ------------------------------------------------------------------------------ pages

  @Test
  void profilesFilterByPrefixTagAndSegmentAndPageNewestFirst() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String other = Api.createEntryNode(w);
    List<String> created = new ArrayList<>();
    created.add(
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "p-1",
                "base",
                Map.of("firstName", "Émilie", "lastName", "Martin"),
                "tags",
                Map.of("manual", List.of("vip")))));
    created.add(
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "p-2",
                "base",
                Map.of(
                    "firstName",
                    "Paul",
                    "lastName",
                    "Zoë-Müller",
                    "address",
                    Map.of("city", "Milano")),
                "tags",
                Map.of("auto", List.of("Gold")))));
    created.add(
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "p-3",
                "base",
                Map.of(
                    "firstName",
                    "Carla",
                    "contacts",
                    Map.of("email", "Jean.Dupont@Example.com"),
                    "address",
                    Map.of("city", "Milano")))));
    created.add(
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "p-4",
                "base",
                Map.of("firstName", "Dario", "contacts", Map.of("phone", "+39 02 555 1234")))));
    created.add(create(w, Map.of("nodeId", node, "externalId", "p-5")));
    create(
        w,
        Map.of(
            "nodeId",
            other,
            "externalId",
            "o-1",
            "base",
            Map.of("firstName", "Emil", "address", Map.of("city", "Milano")),
            "tags",
            Map.of("manual", List.of("vip"))));
    viewedPage(w, created.get(1), Instant.now());
    SearchSync.awaitIndexed();
    Node n = node(w, node);

    assertEquals(List.of(created.get(0)), ids(page(w, n, "emi", null, null, 0, 10)));
    assertEquals(List.of(created.get(0)), ids(page(w, n, "ÉMI", null, null, 0, 10)));
    assertEquals(List.of(created.get(1)), ids(page(w, n, "zoe-MU", null, null, 0, 10)));
    assertEquals(List.of(created.get(1)), ids(page(w, n, "Zoë", null, null, 0, 10)));
    assertEquals(List.of(created.get(2)), ids(page(w, n, "JEAN.dup", null, null, 0, 10)));
    assertEquals(List.of(created.get(3)), ids(page(w, n, "+39 02", null, null, 0, 10)));
    assertEquals(List.of(), ids(page(w, n, "mil", null, null, 0, 10)), "not a name field");
    assertEquals(List.of(), ids(page(w, n, "emilie martin", null, null, 0, 10)));

    assertEquals(List.of(created.get(0)), ids(page(w, n, null, null, "vip", 0, 10)));
    assertEquals(List.of(created.get(1)), ids(page(w, n, null, null, "gold", 0, 10)));
    assertEquals(List.of(), ids(page(w, n, null, null, "vi", 0, 10)), "whole tags only");

    SearchQuery milano =
        parse(
            "{\"name\":\"s\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
                + "{\"type\":\"atomic\",\"attribute\":\"base.address.city\","
                + "\"operator\":\"EQUALS\",\"value\":\"Milano\"}}}}");
    assertEquals(
        List.of(created.get(2), created.get(1)), ids(page(w, n, null, milano, null, 0, 10)));
    SearchQuery milanoViewers =
        parse(
            "{\"name\":\"s\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
                + "{\"type\":\"atomic\",\"attribute\":\"base.address.city\","
                + "\"operator\":\"EQUALS\",\"value\":\"Milano\"}},"
                + "\"did\":{\"event\":{\"name\":\"viewedPage\"}}}}");
    assertEquals(List.of(created.get(1)), ids(page(w, n, null, milanoViewers, null, 0, 10)));
    assertEquals(List.of(), ids(page(w, n, "carla", milanoViewers, null, 0, 10)), "and-ed");

    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    ProfilePage first = page(w, n, null, null, null, 0, 2);
    ProfilePage second = page(w, n, null, null, null, 1, 2);
    ProfilePage third = page(w, n, null, null, null, 2, 2);
    assertEquals(5, first.total());
    assertEquals(5, third.total());
    assertEquals(newestFirst.subList(0, 2), ids(first));
    assertEquals(newestFirst.subList(2, 4), ids(second));
    assertEquals(newestFirst.subList(4, 5), ids(third));
    assertFalse(first.documents().get(0).has("extended"));
    assertTrue(first.documents().get(0).has("activity"));

    ApiException beyond =
        assertThrows(
            ApiException.class,
            () ->
                profiles.profiles(
                    UUID.fromString(w),
                    n,
                    new ProfileFilter(null, null, null),
                    new PageRequest(1000, 10)));
    assertEquals(400, beyond.status());
    assertEquals("page", beyond.errors().get(0).path());
  }

  // ------------------------------------------------------------------------------ overview

  @Test
  void overviewCountsTotalActiveNewAndChannelReach() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String elsewhere = Api.createEntryNode(w);
    Instant now = Instant.now();
    // c1: registered before the threshold, e-mail consented, last event 100 days ago
    Map<String, Object> c1 =
        body(
            node,
            "c1",
            Map.of("contacts", Map.of("email", "c1@example.com")),
            consents(Map.of("email", consent(true, false, false))));
    String id1 = create(w, c1);
    order(w, id1, now.minus(100, ChronoUnit.DAYS), 10);
    sleep(20);
    // c2: e-mail opted out (status false), mobile with SMS objection; event 10 days ago
    String id2 =
        asAdmin()
            .body(
                body(
                    node,
                    "c2",
                    Map.of(
                        "contacts",
                        Map.of("email", "c2@example.com", "mobilePhone", "+393331111111")),
                    consents(
                        Map.of(
                            "email",
                            consent(false, false, false),
                            "sms",
                            consent(true, false, true)))))
            .post(ws(w) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String threshold =
        asAdmin()
            .get(ws(w) + "/customers/" + id2)
            .then()
            .statusCode(200)
            .extract()
            .path("registeredAt");
    viewedPage(w, id2, now.minus(10, ChronoUnit.DAYS));
    // c3: mobile without consents, a push device; events now and long ago
    String id3 =
        create(
            w,
            body(
                node,
                "c3",
                Map.of(
                    "contacts",
                    Map.of(
                        "mobilePhone",
                        "+393332222222",
                        "mobileDevices",
                        List.of(device("tok-3", "APN")))),
                null));
    viewedPage(w, id3, now.minus(200, ChronoUnit.DAYS));
    viewedPage(w, id3, now.minus(1, ChronoUnit.HOURS));
    // c4: e-mail without consents; a push device but push limited; never active
    create(
        w,
        body(
            node,
            "c4",
            Map.of(
                "contacts",
                Map.of(
                    "email", "c4@example.com", "mobileDevices", List.of(device("tok-4", "GCM")))),
            consents(Map.of("push", consent(true, true, false)))));
    // c5: devices that cannot receive push (no service; blank token), push consented
    create(
        w,
        body(
            node,
            "c5",
            Map.of(
                "contacts",
                Map.of(
                    "mobileDevices",
                    List.of(
                        Map.of("identifier", "tok-5", "appId", "app", "type", "IOS"),
                        Map.of(
                            "identifier",
                            "",
                            "appId",
                            "app",
                            "type",
                            "IOS",
                            "notificationService",
                            "APN")))),
            consents(Map.of("push", consent(true, false, false)))));
    // c6 in another node: never counted
    create(
        w,
        body(
            elsewhere,
            "c6",
            Map.of(
                "contacts",
                Map.of(
                    "email",
                    "c6@example.com",
                    "mobilePhone",
                    "+393333333333",
                    "mobileDevices",
                    List.of(device("tok-6", "APN")))),
            null));
    SearchSync.awaitIndexed();

    Overview o =
        profiles
            .overview(
                UUID.fromString(w),
                node(w, node),
                now.minus(90, ChronoUnit.DAYS),
                Instant.parse(threshold))
            .await()
            .indefinitely();
    assertEquals(new Overview(5, 2, 4, 2, 1, 1), o);
  }

  // ------------------------------------------------------------------------------ helpers

  private Node node(String w, String id) {
    return nodes.find(UUID.fromString(w), UUID.fromString(id)).await().indefinitely();
  }

  private Optional<ObjectNode> find(String w, Node node, String id) {
    return profiles.profile(UUID.fromString(w), node, UUID.fromString(id)).await().indefinitely();
  }

  private ObjectNode profile(String w, Node node, String id) {
    return find(w, node, id)
        .orElseThrow(() -> new AssertionError("no profile " + id + " on node " + node.id()));
  }

  private ProfilePage page(
      String w, Node node, String prefix, SearchQuery segment, String tag, int page, int size) {
    return profiles
        .profiles(
            UUID.fromString(w),
            node,
            new ProfileFilter(prefix, segment, tag),
            new PageRequest(page, size))
        .await()
        .indefinitely();
  }

  private static List<String> ids(ProfilePage page) {
    return page.documents().stream().map(d -> d.path("id").asText()).toList();
  }

  private static SearchQuery parse(String query) {
    return QueryParser.parse(query, null);
  }

  /** The id of the aggregate node's unified customer holding that e-mail (from the index). */
  private String unifiedOf(String w, Node aggregate, String email) {
    ProfilePage page = page(w, aggregate, email, null, null, 0, 10);
    assertEquals(1, page.documents().size(), "one unified customer with " + email);
    return page.documents().get(0).path("id").asText();
  }

  private static void assertActivity(
      ObjectNode doc, Instant lastEventAt, Double lifetimeValue, long eventCount) {
    JsonNode a = doc.path("activity");
    assertEquals(eventCount, a.path("eventCount").asLong(), "eventCount of " + doc);
    if (lastEventAt == null) {
      assertTrue(a.path("lastEventAt").isNull(), "no lastEventAt: " + a);
    } else {
      assertEquals(lastEventAt, Instant.parse(a.path("lastEventAt").asText()), a.toString());
    }
    if (lifetimeValue == null) {
      assertTrue(a.path("lifetimeValue").isNull(), "no lifetimeValue: " + a);
    } else {
      assertEquals(lifetimeValue, a.path("lifetimeValue").asDouble(), 1e-9, a.toString());
    }
  }

  /** Writes a document straight into the customer index (no row behind it). */
  private static String plant(String w, String node, String kind, int deleted) {
    String id = UUID.randomUUID().toString();
    String doc =
        "{\"id\":\""
            + id
            + "\",\"workspaceId\":\""
            + w
            + "\",\"nodeId\":\""
            + node
            + "\",\"kind\":\""
            + kind
            + "\",\"deleted\":"
            + deleted
            + ",\"registeredAt\":\"2020-01-01T00:00:00Z\"}";
    JsonNode answer =
        SearchIndex.call(
            "PUT",
            "/" + SearchIndex.customers() + "/_doc/" + id + "?routing=" + w + "&refresh=true",
            doc);
    assertEquals("created", answer.path("result").asText(), answer.toString());
    return id;
  }

  private static String customer(String w, String node, String externalId, Object base) {
    return create(w, Map.of("nodeId", node, "externalId", externalId, "base", base));
  }

  private static String create(String w, Map<String, Object> body) {
    return SearchIndexerTest.customer(w, body);
  }

  private static Map<String, Object> body(
      String node, String externalId, Map<String, Object> base, Map<String, Object> consents) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", node);
    body.put("externalId", externalId);
    body.put("base", base);
    if (consents != null) {
      body.put("consents", consents);
    }
    return body;
  }

  private static Map<String, Object> consents(Map<String, Object> automatic) {
    return Map.of("marketing", Map.of("automatic", automatic));
  }

  private static Map<String, Object> consent(
      boolean status, boolean limitation, boolean objection) {
    return Map.of("status", status, "limitation", limitation, "objection", objection);
  }

  private static Map<String, Object> device(String token, String service) {
    return Map.of(
        "identifier", token, "appId", "app", "type", "IOS", "notificationService", service);
  }

  private static String event(
      String w, String customerId, String type, Instant date, Object props) {
    return asAdmin()
        .body(
            Map.of(
                "customerId",
                customerId,
                "type",
                type,
                "context",
                "WEB",
                "date",
                date.toString(),
                "properties",
                props))
        .post(ws(w) + "/events")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static String viewedPage(String w, String customerId, Instant date) {
    return event(w, customerId, "viewedPage", date, Map.of("url", "https://shop.example/"));
  }

  private static String order(String w, String customerId, Instant date, double total) {
    return event(
        w,
        customerId,
        "completedOrder",
        date,
        Map.of("orderId", "o-" + UUID.randomUUID(), "amount", Map.of("total", total)));
  }

  private static String orderWithoutAmount(String w, String customerId, Instant date) {
    return event(w, customerId, "completedOrder", date, Map.of("orderId", "o-none"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
