package io.customer360.node;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Emptying an entry node goes through the features that own its data (issue 14, item 1): the
 * events, the customers and their places in unified customers go, each with its change-log row; a
 * unified customer that keeps members of another node survives, restamped.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class EntryNodeEmptyingTest {

  @Inject Pool pool;

  @Test
  void removesCustomersEventsAndUnifiedCustomersAndLogsEachChange() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String stores = Api.createEntryNode(workspace);
    String aggregate = activeAggregate(workspace, shop, stores);
    String token = Api.createSource(workspace, shop, stores, aggregate).get("token");

    String anna = customer(workspace, token, shop, "anna", "shared@example.com");
    String bob = customer(workspace, token, shop, "bob", "bob@example.com");
    String carl = customer(workspace, token, stores, "carl", "shared@example.com");
    String event = event(workspace, anna);
    String shared = unifiedOf(workspace, token, carl, aggregate);
    String bobsAlone = unifiedOf(workspace, token, bob, aggregate);

    asAdmin()
        .delete(ws(workspace) + "/configuration/nodes/entries/" + shop + "/data")
        .then()
        .statusCode(204);

    as(token).get(ws(workspace) + "/customers/" + anna).then().statusCode(404);
    as(token).get(ws(workspace) + "/customers/" + bob).then().statusCode(404);
    as(token).get(ws(workspace) + "/customers/" + carl).then().statusCode(200);
    asAdmin().get(ws(workspace) + "/events/" + event).then().statusCode(404);
    as(token).get(ws(workspace) + "/customers/" + bobsAlone).then().statusCode(404);
    as(token)
        .queryParam("size", 0)
        .get(ws(workspace) + "/customers/" + shared + "/entry-customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(1));
    SearchSync.awaitIndexed();
    as(token)
        .queryParam("nodeId", aggregate)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(1));

    assertThat(
        changes(workspace, "CUSTOMER", "DELETE"),
        containsInAnyOrder(UUID.fromString(anna), UUID.fromString(bob)));
    assertThat(changes(workspace, "EVENT", "DELETE"), hasItems(UUID.fromString(event)));
    assertThat(
        changes(workspace, "UNIFIED_CUSTOMER", "DELETE"), hasItems(UUID.fromString(bobsAlone)));
    assertThat(changes(workspace, "UNIFIED_CUSTOMER", "UPDATE"), hasItems(UUID.fromString(shared)));
  }

  @Test
  void eventsOnlyKeepsTheCustomers() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String token = Api.createSource(workspace, shop).get("token");
    String anna = customer(workspace, token, shop, "anna", "anna@example.com");
    String event = event(workspace, anna);

    asAdmin()
        .queryParam("eventsOnly", true)
        .delete(ws(workspace) + "/configuration/nodes/entries/" + shop + "/data")
        .then()
        .statusCode(204);

    asAdmin().get(ws(workspace) + "/events/" + event).then().statusCode(404);
    as(token).get(ws(workspace) + "/customers/" + anna).then().statusCode(200);
    assertThat(changes(workspace, "EVENT", "DELETE"), hasItems(UUID.fromString(event)));
  }

  private static String activeAggregate(String workspace, String... entries) {
    String id =
        asAdmin()
            .body(
                Map.of(
                    "name", "Everyone",
                    "entryNodes", List.of(entries),
                    "matchingProperties",
                        Map.of(
                            "properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + id + "/state")
        .then()
        .statusCode(200);
    return id;
  }

  private static String customer(
      String workspace, String token, String node, String externalId, String email) {
    return as(token)
        .body(
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId,
                "base",
                Map.of("contacts", Map.of("email", email))))
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** Posts an event of the customer and waits until it can be read (ingest answers 202). */
  private static String event(String workspace, String customerId) {
    String id =
        asAdmin()
            .body(
                Map.of(
                    "customerId",
                    customerId,
                    "type",
                    "viewedPage",
                    "context",
                    "WEB",
                    "properties",
                    Map.of("url", "https://shop.example/p/1", "title", "Shoes", "path", "/p/1")))
            .post(ws(workspace) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    for (int i = 0;
        i < 50 && asAdmin().get(ws(workspace) + "/events/" + id).statusCode() != 200;
        i++) {
      sleep();
    }
    asAdmin().get(ws(workspace) + "/events/" + id).then().statusCode(200);
    return id;
  }

  /** The unified customer (of the aggregate) that holds the entry customer. */
  private String unifiedOf(String workspace, String token, String customer, String aggregate) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 50 && rows.isEmpty(); i++) {
      rows.clear();
      pool.preparedQuery(
              "select unified_id from unified_member where customer_id = $1"
                  + " and aggregate_node_id = $2")
          .execute(Tuple.of(UUID.fromString(customer), UUID.fromString(aggregate)))
          .await()
          .indefinitely()
          .forEach(rows::add);
      if (rows.isEmpty()) {
        sleep();
      }
    }
    String id = rows.get(0).getUUID("unified_id").toString();
    as(token).get(ws(workspace) + "/customers/" + id).then().statusCode(200);
    return id;
  }

  private List<UUID> changes(String workspace, String entity, String operation) {
    List<UUID> out = new ArrayList<>();
    pool.preparedQuery(
            "select entity_id from change_log where workspace_id = $1 and entity = $2"
                + " and operation = $3")
        .execute(Tuple.of(UUID.fromString(workspace), entity, operation))
        .await()
        .indefinitely()
        .forEach(r -> out.add(r.getUUID("entity_id")));
    return out;
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
