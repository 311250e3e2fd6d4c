package io.customer360.search;

import static io.customer360.search.SearchIndex.await;
import static io.customer360.search.SearchIndex.count;
import static io.customer360.search.SearchIndex.customers;
import static io.customer360.search.SearchIndex.events;
import static io.customer360.search.SearchIndex.get;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Writes made over the API reach the Elasticsearch indices (issue 7, item 1), read straight from
 * Elasticsearch with routing by workspace: customers appear, change and disappear; events carry
 * their properties as nested typed values; a unified customer carries its members; forget and
 * emptying a node remove the documents.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SearchIndexerTest {

  /**
   * Generous: the change-log horizon waits for every older transaction of the PostgreSQL cluster,
   * and a shared test server may run long ones in other databases.
   */
  static final Duration WAIT = Duration.ofSeconds(180);

  static String customer(String workspace, Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static String event(String workspace, String customerId, Map<String, Object> properties) {
    return asAdmin()
        .body(
            Map.of(
                "customerId",
                customerId,
                "type",
                "viewedPage",
                "context",
                "WEB",
                "properties",
                properties))
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  static JsonNode awaitDoc(String index, String id, String workspace, String what) {
    JsonNode[] found = new JsonNode[1];
    try {
      await(what, WAIT, () -> (found[0] = get(index, id, workspace)) != null);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; Elasticsearch answers "
              + SearchIndex.call("GET", "/" + index + "/_doc/" + id + "?routing=" + workspace, null)
              + "; status "
              + asAdmin().get(Api.HUB + "/search/status").asString(),
          e);
    }
    return found[0];
  }

  @Test
  void customersAppearChangeAndDisappearWithOnlyIndexedExtendedProperties() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    as(Tokens.operator())
        .body(
            Map.of(
                "tier",
                Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)),
                "score",
                Map.of("type", "number", "contactlabProperties", Map.of("indexed", true)),
                "note",
                Map.of("type", "string", "contactlabProperties", Map.of("indexed", false))))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    String id =
        customer(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ext-1",
                "base",
                Map.of(
                    "firstName",
                    "Émile",
                    "lastName",
                    "Zoë-Müller",
                    "dob",
                    "1980-02-03",
                    "contacts",
                    Map.of("email", "Emile@Example.com")),
                "extended",
                Map.of("tier", "gold", "score", 7.5, "note", "private"),
                "tags",
                Map.of("manual", List.of("vip"))));

    JsonNode doc = awaitDoc(customers(), id, w, "the customer is indexed");
    assertEquals("ENTRY", doc.path("kind").asText());
    assertEquals(id, doc.path("memberIds").get(0).asText());
    assertEquals(node, doc.path("nodeId").asText());
    assertEquals(w, doc.path("workspaceId").asText());
    assertEquals(1, doc.path("version").asInt());
    assertEquals("emile", doc.path("folded").path("firstName").asText());
    assertEquals("zoe-muller", doc.path("folded").path("lastName").asText());
    assertEquals("emile@example.com", doc.path("folded").path("email").asText());
    assertEquals("Emile@Example.com", doc.path("base").path("contacts").path("email").asText());
    Set<String> names = new HashSet<>();
    doc.path("extended").forEach(e -> names.add(e.path("name").asText()));
    assertEquals(Set.of("tier", "score"), names, "only indexed extended properties");
    assertFalse(doc.has("extra"));

    await(
        "searchable by the case-insensitive e-mail, the prefix of the folded name and the tag",
        WAIT,
        () ->
            count(customers(), w, "{\"term\":{\"base.contacts.email\":\"EMILE@example.COM\"}}") == 1
                && count(customers(), w, "{\"prefix\":{\"folded.lastName\":\"zoe\"}}") == 1
                && count(customers(), w, "{\"term\":{\"tags.manual\":\"VIP\"}}") == 1
                && count(
                        customers(),
                        w,
                        "{\"nested\":{\"path\":\"extended\",\"query\":{\"bool\":{\"filter\":["
                            + "{\"term\":{\"extended.name\":\"score\"}},"
                            + "{\"range\":{\"extended.n\":{\"gt\":7}}}]}}}}")
                    == 1
                && count(customers(), w, "{\"range\":{\"base.dob\":{\"lt\":\"1981-01-01\"}}}")
                    == 1);

    asAdmin()
        .body(Map.of("base", Map.of("lastName", "Dupont")))
        .patch(ws(w) + "/customers/" + id)
        .then()
        .statusCode(200);
    await(
        "the change is indexed",
        WAIT,
        () -> "Dupont".equals(get(customers(), id, w).path("base").path("lastName").asText()));
    assertEquals(2, get(customers(), id, w).path("version").asInt());

    asAdmin().delete(ws(w) + "/customers/" + id).then().statusCode(200);
    await("the deleted customer leaves the index", WAIT, () -> get(customers(), id, w) == null);
  }

  @Test
  void eventsCarryTheirPropertiesAsNestedTypedValues() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String c = customer(w, Map.of("nodeId", node, "externalId", "e-1"));
    String e =
        event(w, c, Map.of("url", "https://shop.example/p/1", "title", "Shoes", "path", "/p/1"));
    JsonNode doc = awaitDoc(events(), e, w, "the event is indexed");
    assertEquals(c, doc.path("customerId").asText());
    assertEquals("viewedPage", doc.path("type").asText());
    assertEquals("WEB", doc.path("context").asText());
    assertNotNull(doc.path("date").asText(null));
    await(
        "the event is searchable by a nested property",
        WAIT,
        () ->
            count(
                    events(),
                    w,
                    "{\"nested\":{\"path\":\"properties\",\"query\":{\"bool\":{\"filter\":["
                        + "{\"term\":{\"properties.name\":\"title\"}},"
                        + "{\"term\":{\"properties.s\":\"SHOES\"}}]}}}}")
                == 1);
  }

  @Test
  void aUnifiedCustomerCarriesItsMembersAndTheAggregateNode() {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, shop, stores);
    String anna =
        customer(
            w,
            Map.of(
                "nodeId",
                shop,
                "externalId",
                "anna",
                "base",
                Map.of("firstName", "Anna", "contacts", Map.of("email", "a@example.com"))));
    String annie =
        customer(
            w,
            Map.of(
                "nodeId",
                stores,
                "externalId",
                "annie",
                "base",
                Map.of("lastName", "Rossi", "contacts", Map.of("email", "A@example.com"))));
    String unified =
        "{\"bool\":{\"filter\":[{\"term\":{\"kind\":\"UNIFIED\"}},"
            + "{\"term\":{\"nodeId\":\""
            + aggregate
            + "\"}}]}}";
    await(
        "one unified customer with both members",
        WAIT,
        () -> {
          JsonNode hits = SearchIndex.search(customers(), w, unified).path("hits").path("hits");
          if (hits.size() != 1) {
            return false;
          }
          Set<String> members = new HashSet<>();
          hits.get(0).path("_source").path("memberIds").forEach(m -> members.add(m.asText()));
          return members.equals(Set.of(anna, annie));
        });
    JsonNode doc =
        SearchIndex.search(customers(), w, unified)
            .path("hits")
            .path("hits")
            .get(0)
            .path("_source");
    assertEquals("Anna", doc.path("base").path("firstName").asText(), "merged from one member");
    assertEquals("Rossi", doc.path("base").path("lastName").asText(), "and from the other");
    assertTrue(doc.path("version").asLong() > 1_000_000_000_000_000L, "microseconds");
    assertEquals(2, count(customers(), w, "{\"term\":{\"kind\":\"ENTRY\"}}"));
  }

  @Test
  void forgetRemovesTheCustomerAndItsEvents() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String c = customer(w, Map.of("nodeId", node, "externalId", "f-1"));
    String e1 = event(w, c, Map.of("url", "https://shop.example/a", "title", "A", "path", "/a"));
    String e2 = event(w, c, Map.of("url", "https://shop.example/b", "title", "B", "path", "/b"));
    awaitDoc(events(), e1, w, "the first event is indexed");
    awaitDoc(events(), e2, w, "the second event is indexed");
    awaitDoc(customers(), c, w, "the customer is indexed");

    asAdmin().post(ws(w) + "/customers/" + c + "/forget").then().statusCode(204);

    await(
        "the forgotten customer and its events leave the indices",
        WAIT,
        () ->
            get(customers(), c, w) == null
                && get(events(), e1, w) == null
                && get(events(), e2, w) == null);
  }

  @Test
  void emptyingANodeRemovesItsDocuments() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String other = Api.createEntryNode(w);
    String a = customer(w, Map.of("nodeId", node, "externalId", "a"));
    String b = customer(w, Map.of("nodeId", node, "externalId", "b"));
    String kept = customer(w, Map.of("nodeId", other, "externalId", "k"));
    String e = event(w, a, Map.of("url", "https://shop.example/a", "title", "A", "path", "/a"));
    awaitDoc(events(), e, w, "the event is indexed");
    awaitDoc(customers(), b, w, "the customers are indexed");

    asAdmin()
        .delete(ws(w) + "/configuration/nodes/entries/" + node + "/data")
        .then()
        .statusCode(204);

    await(
        "the node's customers and events leave the indices",
        WAIT,
        () ->
            get(customers(), a, w) == null
                && get(customers(), b, w) == null
                && get(events(), e, w) == null);
    assertNotNull(get(customers(), kept, w), "another node's customer stays");
  }
}
