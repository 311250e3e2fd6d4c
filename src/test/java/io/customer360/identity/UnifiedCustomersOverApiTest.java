package io.customer360.identity;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity resolution driven by the real customer endpoints, as an integration would use them. */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class UnifiedCustomersOverApiTest {

  String workspace;
  String shop;
  String stores;
  String aggregate;
  String token;

  @BeforeEach
  void activeAggregateOverTwoEntryNodes() {
    workspace = Api.createWorkspace();
    shop = Api.createEntryNode(workspace);
    stores = Api.createEntryNode(workspace);
    aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name", "Everyone",
                    "entryNodes", List.of(shop, stores),
                    "matchingProperties",
                        Map.of(
                            "properties",
                            List.of("base.contacts.email", "base.contacts.mobilePhone"),
                            "caseSensitive",
                            false)))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
    token = Api.createSource(workspace, shop, stores, aggregate).get("token");
  }

  private String create(String node, String externalId, Map<String, Object> contacts) {
    return as(token)
        .body(
            Map.of("nodeId", node, "externalId", externalId, "base", Map.of("contacts", contacts)))
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void fortyParallelCreatesSharingOneEmailAcrossTwoNodesEndAsOneUnifiedCustomer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      String email = n % 3 == 0 ? "Shared@Example.com" : "shared@example.com";
      Callable<Integer> call =
          () ->
              as(token)
                  .body(
                      Map.of(
                          "nodeId",
                          n % 2 == 0 ? shop : stores,
                          "externalId",
                          "parallel-" + n,
                          "base",
                          Map.of("contacts", Map.of("email", email))))
                  .post(ws(workspace) + "/customers")
                  .then()
                  .extract()
                  .statusCode();
      results.add(pool.submit(call));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : results) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses.stream().filter(s -> s != 201).toList(), empty());

    SearchSync.awaitIndexed();
    String unified =
        as(token)
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .statusCode(200)
            .body("page.totalElements", equalTo(1))
            .extract()
            .path("elements[0].id");
    as(token)
        .get(ws(workspace) + "/customers/" + unified)
        .then()
        .statusCode(200)
        .body("nodeId", equalTo(aggregate))
        .body("$", not(hasKey("entryCustomers")));
    as(token)
        .queryParam("page", 0)
        .queryParam("size", 50)
        .get(ws(workspace) + "/customers/" + unified + "/entry-customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(40))
        .body("elements", hasSize(40));
  }

  /**
   * Concurrent creates that each join a different existing unified customer go together in one
   * statement (the set-based join of migration V11): every person still ends with exactly its two
   * entry customers, and no unified customer is created or lost.
   */
  @Test
  void parallelCreatesJoiningDistinctExistingUnifiedCustomersJoinEachItsOwn() throws Exception {
    int people = 24;
    for (int i = 0; i < people; i++) {
      create(shop, "first-" + i, Map.of("email", "person" + i + "@example.com"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(people);
    List<Future<String>> joins = new ArrayList<>();
    for (int i = 0; i < people; i++) {
      int n = i;
      joins.add(
          pool.submit(
              () -> create(stores, "second-" + n, Map.of("email", "Person" + n + "@Example.com"))));
    }
    for (Future<String> f : joins) {
      f.get();
    }
    pool.shutdown();

    SearchSync.awaitIndexed();
    List<String> unified =
        as(token)
            .queryParam("nodeId", aggregate)
            .queryParam("size", 50)
            .get(ws(workspace) + "/customers")
            .then()
            .statusCode(200)
            .body("page.totalElements", equalTo(people))
            .extract()
            .path("elements.id");
    for (String id : unified) {
      as(token)
          .queryParam("size", 0)
          .get(ws(workspace) + "/customers/" + id + "/entry-customers")
          .then()
          .statusCode(200)
          .body("page.totalElements", equalTo(2));
    }
  }

  @Test
  void aCustomerJoiningTwoUnifiedCustomersMergesThemIntoTheOldest() {
    create(shop, "anna", Map.of("email", "anna@example.com"));
    SearchSync.awaitIndexed();
    String first =
        as(token)
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .extract()
            .path("elements[0].id");
    create(stores, "anna-phone", Map.of("mobilePhone", "+393471234567"));
    SearchSync.awaitIndexed();
    as(token)
        .queryParam("nodeId", aggregate)
        .get(ws(workspace) + "/customers")
        .then()
        .body("page.totalElements", equalTo(2));

    // The third customer shares the e-mail of the first and the phone of the second.
    create(stores, "anna-both", Map.of("email", "ANNA@example.com", "mobilePhone", "3471234567"));
    SearchSync.awaitIndexed();
    List<String> remaining =
        as(token)
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .statusCode(200)
            .body("page.totalElements", equalTo(1))
            .extract()
            .path("elements.id");
    assertThat(remaining, equalTo(List.of(first)));
    as(token)
        .get(ws(workspace) + "/customers/" + first)
        .then()
        .statusCode(200)
        .body("base.contacts.mobilePhone", equalTo("3471234567"));
    as(token)
        .queryParam("size", 0)
        .get(ws(workspace) + "/customers/" + first + "/entry-customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(3));
  }

  @Test
  void theIdOfAMergedAwayUnifiedCustomerPointsToTheSurvivor() {
    create(shop, "p1", Map.of("email", "p@example.com"));
    SearchSync.awaitIndexed();
    String survivor =
        as(token)
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .extract()
            .path("elements[0].id");
    create(shop, "p2", Map.of("mobilePhone", "+393330000001"));
    SearchSync.awaitIndexed();
    String victim =
        as(token)
            .queryParam("nodeId", aggregate)
            .queryParam("sort", "registeredAt,desc")
            .get(ws(workspace) + "/customers")
            .then()
            .extract()
            .path("elements[0].id");
    create(stores, "p3", Map.of("email", "p@example.com", "mobilePhone", "+393330000001"));
    RestAssured.given()
        .header("Authorization", "Bearer " + token)
        .redirects()
        .follow(false)
        .get(ws(workspace) + "/customers/" + victim)
        .then()
        .statusCode(301)
        .header("Location", containsString("/customers/" + survivor))
        .body("data.mergedInto", equalTo(survivor));
  }
}
