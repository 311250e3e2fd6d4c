package io.customer360.identity;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class UnifiedCustomersTest {

  private static final List<String> EMAIL_AND_PHONE =
      List.of("base.contacts.email", "base.contacts.mobilePhone");

  private static String workspace;

  @BeforeEach
  void workspace() {
    if (workspace == null) {
      workspace = Api.createWorkspace();
    }
  }

  // ----------------------------------------------------------------------------- fixtures

  /** Two fresh entry nodes and an ACTIVE aggregate over both: [entryA, entryB, aggregate]. */
  private String[] activeAggregate(boolean caseSensitive, List<Map<String, String>> filters) {
    String a = Api.createEntryNode(workspace);
    String b = Api.createEntryNode(workspace);
    String aggregate = aggregate(List.of(a, b), caseSensitive, filters);
    activate(aggregate);
    return new String[] {a, b, aggregate};
  }

  private String aggregate(
      List<String> entryNodes, boolean caseSensitive, List<Map<String, String>> filters) {
    return asAdmin()
        .body(
            Map.of(
                "name",
                "Unified " + UUID.randomUUID().toString().substring(0, 6),
                "entryNodes",
                entryNodes,
                "matchingProperties",
                Map.of("properties", EMAIL_AND_PHONE, "caseSensitive", caseSensitive),
                "exclusionFilters",
                filters))
        .post(ws(workspace) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private void activate(String aggregate) {
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"));
  }

  private static Map<String, Object> customer(
      String node, String externalId, String email, String phone) {
    Map<String, Object> contacts = new HashMap<>();
    contacts.put("email", email);
    contacts.put("mobilePhone", phone);
    Map<String, Object> body = new HashMap<>();
    body.put("nodeId", node);
    body.put("externalId", externalId);
    body.put("base", Map.of("firstName", "F-" + externalId, "contacts", contacts));
    body.put("tags", Map.of("manual", List.of("t-" + externalId)));
    return body;
  }

  private String write(Map<String, Object> customer) {
    return asAdmin()
        .body(customer)
        .post(ws(workspace) + "/fixtures/entry-customers")
        .then()
        .statusCode(200)
        .extract()
        .path("id");
  }

  private ValidatableResponse unified(String aggregate) {
    return asAdmin()
        .queryParam("nodeId", aggregate)
        .queryParam("size", 100)
        .get(ws(workspace) + "/fixtures/unified")
        .then()
        .statusCode(200);
  }

  private String unifiedOf(String aggregate, String externalId) {
    List<String> ids =
        asAdmin()
            .queryParam("nodeId", aggregate)
            .queryParam("externalId", externalId)
            .get(ws(workspace) + "/fixtures/unified")
            .then()
            .statusCode(200)
            .extract()
            .path("elements.id");
    assertEquals(1, ids.size(), "unified customers holding " + externalId);
    return ids.get(0);
  }

  // -------------------------------------------------------------------------------- tests

  @Test
  void entriesSharingAnEmailAcrossTwoEntryNodesFormOneUnifiedCustomer() {
    String[] n = activeAggregate(false, List.of());
    write(customer(n[0], "ann-shop", "Ann@Example.com", null));
    write(customer(n[1], "ann-crm", " ann@example.COM ", "+393331112222"));
    write(customer(n[1], "bob", "bob@example.com", null));

    unified(n[2])
        .body("elements", hasSize(2))
        .body("page.totalElements", equalTo(2))
        .body("page.maxElements", equalTo(10000));
    String id = unifiedOf(n[2], "ann-crm");
    assertEquals(id, unifiedOf(n[2], "ann-shop"));

    asAdmin()
        .get(ws(workspace) + "/fixtures/unified/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("nodeId", equalTo(n[2]))
        .body("entryCustomers", equalTo(2))
        .body("base.contacts.mobilePhone", equalTo("+393331112222"))
        .body("externalId", equalTo("ann-crm"))
        .body("tags.manual", containsInAnyOrder("t-ann-shop", "t-ann-crm"));
  }

  @Test
  void matchingIsTransitive() {
    String[] n = activeAggregate(false, List.of());
    write(customer(n[0], "a", "shared@example.com", null));
    write(customer(n[1], "c", null, "+390000000002"));
    write(customer(n[1], "b", "shared@example.com", "+390000000002"));
    unified(n[2]).body("elements", hasSize(1)).body("elements[0].entryCustomers", equalTo(3));
  }

  @Test
  void aWriteJoiningTwoUnifiedCustomersMergesThemIntoTheOldest() {
    String[] n = activeAggregate(false, List.of());
    write(customer(n[0], "first", "first@example.com", null));
    write(customer(n[1], "second", null, "+390000000003"));
    String older = unifiedOf(n[2], "first");
    String newer = unifiedOf(n[2], "second");
    unified(n[2]).body("elements", hasSize(2));

    write(customer(n[1], "bridge", "FIRST@example.com", "+390000000003"));

    unified(n[2])
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(older))
        .body("elements[0].entryCustomers", equalTo(3));
    asAdmin()
        .redirects()
        .follow(false)
        .get(ws(workspace) + "/fixtures/unified/" + newer)
        .then()
        .statusCode(301)
        .header("Location", "/hub/v1/workspaces/" + workspace + "/customers/" + older)
        .body("data.mergedInto", equalTo(older))
        .body("message", equalTo("The customer was merged into " + older));
    asAdmin()
        .redirects()
        .follow(false)
        .get(ws(workspace) + "/customers/" + newer + "/entry-customers")
        .then()
        .statusCode(301)
        .header(
            "Location",
            "/hub/v1/workspaces/" + workspace + "/customers/" + older + "/entry-customers");
  }

  @Test
  void changedKeysKeepTheirUnifiedCustomer() {
    String[] n = activeAggregate(false, List.of());
    String id = write(customer(n[0], "mover", "old@example.com", null));
    write(customer(n[1], "stay", "old@example.com", null));
    String before = unifiedOf(n[2], "mover");
    asAdmin()
        .body(customer(n[0], "mover", "new@example.com", null))
        .put(ws(workspace) + "/fixtures/entry-customers/" + id)
        .then()
        .statusCode(200);
    assertEquals(before, unifiedOf(n[2], "mover"));
    // The new value is now a key of that unified customer.
    write(customer(n[1], "late", "new@example.com", null));
    assertEquals(before, unifiedOf(n[2], "late"));
    unified(n[2]).body("elements", hasSize(1));
  }

  @Test
  void exclusionFiltersKeepMatchingEntriesOut() {
    String[] n =
        activeAggregate(
            false,
            List.of(
                Map.of("property", "base.contacts.email", "pattern", ".*@test\\.invalid"),
                Map.of("property", "externalId", "value", "bot")));
    write(customer(n[0], "bot", "real@example.com", null));
    write(customer(n[1], "probe", "probe@test.invalid", null));
    String kept = write(customer(n[0], "kept", "kept@example.com", null));
    unified(n[2]).body("elements", hasSize(1)).body("elements[0].externalId", equalTo("kept"));

    // A member that starts matching a filter leaves; its emptied unified customer goes.
    asAdmin()
        .body(customer(n[0], "kept", "kept@test.invalid", null))
        .put(ws(workspace) + "/fixtures/entry-customers/" + kept)
        .then()
        .statusCode(200);
    unified(n[2]).body("elements", hasSize(0));
  }

  @Test
  void caseSensitiveMatchingKeepsDifferentlyCasedValuesApart() {
    String[] n = activeAggregate(true, List.of());
    write(customer(n[0], "upper", "Ann@Example.com", null));
    write(customer(n[1], "lower", "ann@example.com", null));
    write(customer(n[1], "trimmed", "  Ann@Example.com  ", null));
    unified(n[2]).body("elements", hasSize(2));
    assertEquals(unifiedOf(n[2], "upper"), unifiedOf(n[2], "trimmed"));
  }

  @Test
  void deletingMembersShrinksAndFinallyRemovesTheUnifiedCustomer() {
    String[] n = activeAggregate(false, List.of());
    String one = write(customer(n[0], "one", "pair@example.com", null));
    String two = write(customer(n[1], "two", "pair@example.com", null));
    unified(n[2]).body("elements[0].entryCustomers", equalTo(2));
    asAdmin().delete(ws(workspace) + "/fixtures/entry-customers/" + one).then().statusCode(204);
    unified(n[2])
        .body("elements", hasSize(1))
        .body("elements[0].entryCustomers", equalTo(1))
        .body("elements[0].externalId", equalTo("two"));
    asAdmin().delete(ws(workspace) + "/fixtures/entry-customers/" + two).then().statusCode(204);
    unified(n[2]).body("elements", hasSize(0));
  }

  @Test
  void activationBuildsUnifiedCustomersFromExistingEntriesInTheBackground() throws Exception {
    String a = Api.createEntryNode(workspace);
    String b = Api.createEntryNode(workspace);
    write(customer(a, "x1", "x@example.com", null));
    write(customer(b, "x2", "X@example.com", "+390000000009"));
    write(customer(b, "x3", null, "+390000000009"));
    write(customer(a, "y1", "y@example.com", null));
    String aggregate = aggregate(List.of(a, b), false, List.of());
    unified(aggregate).body("elements", hasSize(0));

    activate(aggregate);
    String status = null;
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      status =
          asAdmin()
              .get(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate)
              .then()
              .statusCode(200)
              .extract()
              .path("activation.status");
      if ("DONE".equals(status)) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals("DONE", status);
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate)
        .then()
        .body("activation.processed", equalTo(4))
        .body("activation.total", equalTo(4));
    unified(aggregate).body("elements", hasSize(2));
    assertEquals(unifiedOf(aggregate, "x1"), unifiedOf(aggregate, "x3"));

    // Writes after the build are maintained live.
    write(customer(a, "y2", "Y@example.com", null));
    assertEquals(unifiedOf(aggregate, "y1"), unifiedOf(aggregate, "y2"));
  }

  @Test
  void listsTheEntryCustomersOfAUnifiedCustomerPageByPage() {
    String[] n = activeAggregate(false, List.of());
    write(customer(n[0], "p1", "paged@example.com", null));
    write(customer(n[1], "p2", "paged@example.com", null));
    write(customer(n[1], "p3", "paged@example.com", null));
    String id = unifiedOf(n[2], "p1");
    String path = ws(workspace) + "/customers/" + id + "/entry-customers";

    asAdmin()
        .queryParam("page", 0)
        .queryParam("size", 2)
        .get(path)
        .then()
        .statusCode(200)
        .body("elements", hasSize(2))
        .body("elements[0].externalId", equalTo("p1"))
        .body("elements[0].nodeId", equalTo(n[0]))
        .body("elements[0].base.contacts.email", equalTo("paged@example.com"))
        .body("elements[0].version", equalTo(1))
        .body("page.totalElements", equalTo(3))
        .body("page.totalPages", equalTo(2))
        .body("page.maxElements", equalTo(10000));
    asAdmin()
        .queryParam("page", 1)
        .queryParam("size", 2)
        .get(path)
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].externalId", equalTo("p3"));
    asAdmin()
        .queryParam("size", 101)
        .get(path)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("size"));

    // A user who may read only the first entry node sees only its entry customers.
    int user = Api.userId(Tokens.user());
    Api.grant(workspace, user, Map.of(n[0], "R"));
    as(Tokens.user())
        .get(path)
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].externalId", equalTo("p1"));
  }

  @Test
  void anotherWorkspaceCannotSeeAUnifiedCustomer() {
    String[] n = activeAggregate(false, List.of());
    write(customer(n[0], "private", "private@example.com", null));
    String id = unifiedOf(n[2], "private");
    String other = Api.createWorkspace();
    asAdmin()
        .get(ws(other) + "/customers/" + id + "/entry-customers")
        .then()
        .statusCode(404)
        .body("message", equalTo("Customer not found"));
    asAdmin().get(ws(other) + "/fixtures/unified/" + id).then().statusCode(404);
    asAdmin()
        .get(ws(workspace) + "/customers/" + UUID.randomUUID() + "/entry-customers")
        .then()
        .statusCode(404);
  }

  @Test
  void concurrentWritesSharingOneEmailEndInExactlyOneUnifiedCustomer() throws Exception {
    String[] n = activeAggregate(false, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String node = n[i % 2];
        String email = (i % 3 == 0 ? " Crowd@Example.com" : "crowd@example.com");
        int k = i;
        calls.add(
            pool.submit(
                () ->
                    asAdmin()
                        .body(customer(node, "crowd-" + k, email, null))
                        .post(ws(workspace) + "/fixtures/entry-customers")
                        .then()
                        .extract()
                        .statusCode()));
      }
      for (Future<Integer> call : calls) {
        assertEquals(200, call.get());
      }
    } finally {
      pool.shutdown();
    }
    unified(n[2])
        .body("elements", hasSize(1))
        .body("elements[0].entryCustomers", equalTo(40))
        .body("elements[0].extra", nullValue());
    assertTrue(true);
  }

  @Test
  void concurrentWritesThatMergeAChainEndInOneUnifiedCustomer() throws Exception {
    String[] n = activeAggregate(false, List.of());
    // Customer i shares its email with one neighbour and its phone with the other, so the
    // parallel writes keep merging unified customers into each other.
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String node = n[i % 2];
        String email = "chain" + (i / 2) + "@example.com";
        String phone = "+3900" + ((i + 1) / 2);
        int k = i;
        calls.add(
            pool.submit(
                () ->
                    asAdmin()
                        .body(customer(node, "chain-" + k, email, phone))
                        .post(ws(workspace) + "/fixtures/entry-customers")
                        .then()
                        .extract()
                        .statusCode()));
      }
      for (Future<Integer> call : calls) {
        assertEquals(200, call.get());
      }
    } finally {
      pool.shutdown();
    }
    unified(n[2]).body("elements", hasSize(1)).body("elements[0].entryCustomers", equalTo(40));
  }
}
