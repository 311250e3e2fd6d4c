package io.customer360.node;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class NodeConfigurationTest {

  String workspace;

  @BeforeEach
  void freshWorkspace() {
    workspace = Api.createWorkspace();
  }

  private Map<String, Object> entry(String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("description", "Shop customers");
    body.put("imageUrl", "https://cdn.example.com/logo.png");
    body.put(
        "uniqueCustomer",
        Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false));
    body.put("mandatoryProperties", List.of("base.contacts.email"));
    return body;
  }

  @Test
  void createsGetsModifiesAndListsEntryNodes() {
    String id =
        asAdmin()
            .body(entry("Shop"))
            .post(ws(workspace) + "/configuration/nodes/entries")
            .then()
            .statusCode(201)
            .body("id", notNullValue())
            .body("uniqueCustomer.properties", equalTo(List.of("base.contacts.email")))
            .body("mandatoryProperties", equalTo(List.of("base.contacts.email")))
            .extract()
            .path("id");

    Map<String, Object> changed = entry("Shop renamed");
    changed.put("id", id);
    asAdmin()
        .body(changed)
        .put(ws(workspace) + "/configuration/nodes/entries/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Shop renamed"));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/entries/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Shop renamed"))
        .body("imageUrl", equalTo("https://cdn.example.com/logo.png"));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(200)
        .body("elements.id", equalTo(List.of(id)))
        .body("page.totalElements", equalTo(1));
    // The deprecated matching-policy routes read and write the same policy.
    asAdmin()
        .get(
            ws(workspace)
                + "/configuration/nodes/entries/"
                + id
                + "/unique-customer-matching-policy")
        .then()
        .statusCode(200)
        .body("properties", equalTo(List.of("base.contacts.email")))
        .body("caseSensitive", equalTo(false));
    asAdmin()
        .body(Map.of("properties", List.of("externalId"), "caseSensitive", true))
        .put(
            ws(workspace)
                + "/configuration/nodes/entries/"
                + id
                + "/unique-customer-matching-policy")
        .then()
        .statusCode(200)
        .body("properties", equalTo(List.of("externalId")));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/entries/" + id)
        .then()
        .body("uniqueCustomer.properties", equalTo(List.of("externalId")))
        .body("uniqueCustomer.caseSensitive", equalTo(true));
  }

  @Test
  void entryNodesWithoutAPolicyGetTheWorkspaceDefault() {
    asAdmin()
        .get(ws(workspace) + "/configuration/unique-customer-matching-policy")
        .then()
        .statusCode(200)
        .body("properties", equalTo(List.of("externalId")));
    asAdmin()
        .body(Map.of("properties", List.of("base.contacts.mobilePhone"), "caseSensitive", false))
        .put(ws(workspace) + "/configuration/unique-customer-matching-policy")
        .then()
        .statusCode(200);
    asAdmin()
        .body(Map.of("name", "Defaulted"))
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(201)
        .body("uniqueCustomer.properties", equalTo(List.of("base.contacts.mobilePhone")));
  }

  @Test
  void refusesBadEntryNodes() {
    Map<String, Object> body = entry("Bad");
    body.put(
        "uniqueCustomer", Map.of("properties", List.of("base.shoeSize"), "caseSensitive", false));
    body.put("mandatoryProperties", List.of("nowhere"));
    body.put("imageUrl", "not a url");
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("imageUrl"));
    body.put("imageUrl", null);
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(400)
        .body(
            "errors.path",
            containsInAnyOrder("uniqueCustomer.properties[0]", "mandatoryProperties[0]"));
    asAdmin()
        .body(Map.of("description", "no name"))
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("name"));
    Map<String, Object> withSource = entry("Prioritised");
    withSource.put("sourcePriority", List.of(UUID.randomUUID()));
    asAdmin()
        .body(withSource)
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("sourcePriority"));
    String id = Api.createEntryNode(workspace);
    Map<String, Object> wrongId = entry("x");
    wrongId.put("id", UUID.randomUUID());
    asAdmin()
        .body(wrongId)
        .put(ws(workspace) + "/configuration/nodes/entries/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/entries/" + UUID.randomUUID())
        .then()
        .statusCode(404);
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/entries/123")
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found 123"));
  }

  @Test
  void aggregateNodesStartNewAndOnlyMoveToActive() {
    String a = Api.createEntryNode(workspace);
    String b = Api.createEntryNode(workspace);
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Everyone");
    body.put("entryNodes", List.of(a, b));
    body.put(
        "matchingProperties",
        Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false));
    body.put(
        "exclusionFilters",
        List.of(Map.of("property", "base.contacts.email", "pattern", ".*@test\\.invalid")));
    String id =
        asAdmin()
            .body(body)
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .body("state", equalTo("NEW"))
            .body("entryNodes", containsInAnyOrder(a, b))
            .body("exclusionFilters", hasSize(1))
            .extract()
            .path("id");

    // entryNodes and matchingProperties are immutable; other fields change.
    Map<String, Object> changed = new HashMap<>(body);
    changed.put("entryNodes", List.of(a));
    changed.put(
        "matchingProperties", Map.of("properties", List.of("externalId"), "caseSensitive", true));
    asAdmin()
        .body(changed)
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id)
        .then()
        .statusCode(400)
        .body("errors.path", containsInAnyOrder("entryNodes", "matchingProperties"));
    changed = new HashMap<>(body);
    changed.put("name", "Everyone, renamed");
    asAdmin()
        .body(changed)
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Everyone, renamed"))
        .body("state", equalTo("NEW"));

    asAdmin()
        .body(Map.of("state", "LOCKED"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id + "/state")
        .then()
        .statusCode(422)
        .body("errors[0].path", equalTo("state"));
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id + "/state")
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"));
    asAdmin()
        .body(Map.of("state", "NEW"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id + "/state")
        .then()
        .statusCode(422);
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/aggregates/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"))
        .body("activation.status", notNullValue());
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(200)
        .body("elements.id", equalTo(List.of(id)));
  }

  @Test
  void refusesBadAggregateNodes() {
    String entry = Api.createEntryNode(workspace);
    String otherWorkspaceNode = Api.createEntryNode(Api.createWorkspace());
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Bad");
    body.put("entryNodes", List.of(entry, otherWorkspaceNode));
    body.put(
        "matchingProperties",
        Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false));
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("entryNodes"));
    body.put("entryNodes", List.of());
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("entryNodes"));
    body.put("entryNodes", List.of(entry));
    body.put(
        "exclusionFilters",
        java.util.stream.IntStream.range(0, 11)
            .mapToObj(i -> Map.of("property", "base.firstName", "value", "x" + i))
            .toList());
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("exclusionFilters"));
    body.put("exclusionFilters", List.of(Map.of("property", "base.firstName")));
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("exclusionFilters[0]"));
  }

  @Test
  void listsAllNodesFilteredByTypeWithinPagingBounds() {
    String entry = Api.createEntryNode(workspace);
    asAdmin()
        .body(
            Map.of(
                "name", "Agg",
                "entryNodes", List.of(entry),
                "matchingProperties",
                    Map.of("properties", List.of("externalId"), "caseSensitive", false)))
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(201);
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(200)
        .body("elements", hasSize(2))
        .body("elements.nodeType", containsInAnyOrder("ENTRY", "AGGREGATE"));
    asAdmin()
        .queryParam("nodeType", "AGGREGATE")
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements.nodeType", everyItem(equalTo("AGGREGATE")))
        .body("elements[0].properties.state", equalTo("NEW"));
    asAdmin()
        .queryParam("nodeType", "LEAF")
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeType"));
    asAdmin()
        .queryParam("size", 51)
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("size"));
    asAdmin()
        .queryParam("page", 51)
        .get(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("page"));
    asAdmin()
        .queryParam("size", "ten")
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("size"));
  }

  @Test
  void onlyStaffCreatesNodesAndOnlyRwUsersModifyThem() {
    String node = Api.createEntryNode(workspace);
    int user = Api.userId(Tokens.user());
    Api.grant(workspace, user, Map.of(node, "R"));
    as(Tokens.user())
        .get(ws(workspace) + "/configuration/nodes/entries/" + node)
        .then()
        .statusCode(200);
    as(Tokens.user())
        .body(Map.of("name", "Mine"))
        .post(ws(workspace) + "/configuration/nodes/entries")
        .then()
        .statusCode(403);
    Map<String, Object> change = entry("By user");
    change.put("id", node);
    change.put(
        "uniqueCustomer", Map.of("properties", List.of("externalId"), "caseSensitive", false));
    as(Tokens.user())
        .body(change)
        .put(ws(workspace) + "/configuration/nodes/entries/" + node)
        .then()
        .statusCode(403);
    Api.grant(workspace, user, Map.of(node, "RW"));
    as(Tokens.user())
        .body(change)
        .put(ws(workspace) + "/configuration/nodes/entries/" + node)
        .then()
        .statusCode(200)
        .body("name", equalTo("By user"));
  }

  @Test
  void emptiesAnEntryNode() {
    String node = Api.createEntryNode(workspace);
    asAdmin()
        .queryParam("eventsOnly", true)
        .delete(ws(workspace) + "/configuration/nodes/entries/" + node + "/data")
        .then()
        .statusCode(204);
    asAdmin()
        .delete(ws(workspace) + "/configuration/nodes/entries/" + node + "/data")
        .then()
        .statusCode(204);
    asAdmin()
        .delete(ws(workspace) + "/configuration/nodes/entries/" + UUID.randomUUID() + "/data")
        .then()
        .statusCode(404);
  }
}
