package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerPrivacyTest {

  @Inject Pool pool;

  long count(String sql, String value) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(value))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }

  long count(String sql, UUID id) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(id))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }

  /** The change-log rows whose data holds {@code value}, one line each, for failure messages. */
  String mentioning(String value) {
    StringBuilder out = new StringBuilder("change-log rows holding " + value + ":");
    pool.preparedQuery(
            "select \"offset\", txid::text as txid, entity, entity_id, operation, created_at,"
                + " data::text as data"
                + " from change_log where strpos(data::text, $1) > 0 order by \"offset\"")
        .execute(Tuple.of(value))
        .await()
        .indefinitely()
        .forEach(
            r ->
                out.append("\n  #")
                    .append(r.getLong("offset"))
                    .append(' ')
                    .append(r.getString("entity"))
                    .append(' ')
                    .append(r.getUUID("entity_id"))
                    .append(' ')
                    .append(r.getString("operation"))
                    .append(" tx ")
                    .append(r.getString("txid"))
                    .append(" at ")
                    .append(r.getValue("created_at"))
                    .append(": ")
                    .append(r.getString("data")));
    return out.toString();
  }

  @Test
  void exportsTheCustomerWithTheirEvents() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String id =
        createId(w, Map.of("nodeId", node, "externalId", "e1", "base", Map.of("firstName", "A")));
    asAdmin()
        .get(customers(w) + "/" + id + "/export")
        .then()
        .statusCode(200)
        .body("customer.id", equalTo(id))
        .body("customer.base.firstName", equalTo("A"))
        .body("events", hasSize(0));
    asAdmin().get(customers(w) + "/" + UUID.randomUUID() + "/export").then().statusCode(404);
  }

  @Test
  void forgetIsForDposAndAdminsAndRemovesEverything() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    // unique, so that no other test's customer can hold it
    String email = "forget-" + UUID.randomUUID() + "@example.com";
    String id =
        createId(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "e1",
                "base",
                Map.of("contacts", Map.of("email", email))));
    asAdmin()
        .body(Map.of("value", "s-" + UUID.randomUUID()))
        .post(customers(w) + "/" + id + "/sessions")
        .then()
        .statusCode(201);
    for (String url : List.of("https://shop.example/a", "https://shop.example/b")) {
      asAdmin()
          .body(
              Map.of(
                  "customerId",
                  id,
                  "type",
                  "viewedPage",
                  "context",
                  "WEB",
                  "properties",
                  Map.of("url", url, "title", "Page", "path", "/p")))
          .post(Api.ws(w) + "/events")
          .then()
          .statusCode(202);
    }
    asAdmin()
        .get(customers(w) + "/" + id + "/export")
        .then()
        .statusCode(200)
        .body("events", hasSize(2));
    UUID cid = UUID.fromString(id);
    assertEquals(2, count("select count(*) from event where customer_id = $1", cid));
    String mentions = "select count(*) from change_log where strpos(data::text, $1) > 0";
    assertTrue(count(mentions, email) > 0, "the create's change-log row holds the e-mail");
    assertTrue(count(mentions, id) > 2, "the customer's and its events' rows name the customer");
    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(node, "RW"));
    as(user).post(customers(w) + "/" + id + "/forget").then().statusCode(403);
    as(Tokens.operator()).post(customers(w) + "/" + id + "/forget").then().statusCode(403);

    String dpo = Tokens.dpo();
    Api.grant(w, Api.userId(dpo), Map.of(node, "RW"));
    as(dpo).post(customers(w) + "/" + id + "/forget").then().statusCode(204);
    asAdmin().get(customers(w) + "/" + id).then().statusCode(404);
    as(dpo).post(customers(w) + "/" + id + "/forget").then().statusCode(404);

    assertEquals(0, count("select count(*) from event where customer_id = $1", cid));
    assertEquals(0, count("select count(*) from customer_identifier where customer_id = $1", cid));
    assertEquals(0, count("select count(*) from customer_session where customer_id = $1", cid));
    assertEquals(
        1,
        count(
            "select count(*) from consent_log where customer_id = $1 and type = 'FORCED_DELETE'",
            cid));
    assertEquals(
        1,
        count(
            "select count(*) from change_log where entity_id = $1 and operation = 'DELETE'", cid));
    // The right to be forgotten reaches the change log: no row keeps the customer's data, but the
    // rows stay (with null data) so the stream has no gaps.
    assertEquals(0, count(mentions, email), () -> mentioning(email));
    assertEquals(0, count(mentions, id), () -> mentioning(id));
    assertTrue(
        count("select count(*) from change_log where entity_id = $1 and data is null", cid) >= 2);
  }

  /**
   * The change-log rows of the customer's events are redacted even when the event is no longer
   * there to lead to them: an event deleted before the forget left a CREATE row naming the
   * customer.
   */
  @Test
  void forgetRedactsTheRowsOfEventsDeletedBefore() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String id = createId(w, Map.of("nodeId", node, "externalId", "gone-event"));
    String event =
        asAdmin()
            .body(
                Map.of(
                    "customerId",
                    id,
                    "type",
                    "viewedPage",
                    "context",
                    "WEB",
                    "properties",
                    Map.of("url", "https://shop.example/x", "title", "X", "path", "/x")))
            .post(Api.ws(w) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    asAdmin().delete(Api.ws(w) + "/events/" + event).then().statusCode(204);
    String mentions = "select count(*) from change_log where strpos(data::text, $1) > 0";
    assertEquals(
        1,
        count(
            "select count(*) from change_log where entity_id = $1 and operation = 'CREATE'"
                + " and data ->> 'customerId' is not null",
            UUID.fromString(event)),
        "the deleted event's CREATE row still holds the event");
    assertEquals(2, count(mentions, id), () -> mentioning(id));

    asAdmin().post(customers(w) + "/" + id + "/forget").then().statusCode(204);

    assertEquals(0, count(mentions, id), () -> mentioning(id));
  }

  /**
   * Events ingested while the customer is being forgotten are either removed with it or refused
   * (404): none survives the customer, and none is acknowledged without being stored.
   */
  @Test
  void eventsRacingAForgetNeverOutliveTheCustomer() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    for (int round = 0; round < 5; round++) {
      String id =
          createId(
              w,
              Map.of(
                  "nodeId",
                  node,
                  "externalId",
                  "race-" + round,
                  "base",
                  Map.of("contacts", Map.of("email", "race" + round + "@example.com"))));
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newFixedThreadPool(9);
      List<java.util.concurrent.Future<Integer>> posts = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        posts.add(
            threads.submit(
                () ->
                    asAdmin()
                        .body(
                            Map.of(
                                "customerId",
                                id,
                                "type",
                                "viewedPage",
                                "context",
                                "WEB",
                                "properties",
                                Map.of(
                                    "url", "https://shop.example/" + n, "title", "P", "path", "/")))
                        .post(Api.ws(w) + "/events")
                        .statusCode()));
      }
      java.util.concurrent.Future<Integer> forget =
          threads.submit(() -> asAdmin().post(customers(w) + "/" + id + "/forget").statusCode());
      assertEquals(204, forget.get());
      for (java.util.concurrent.Future<Integer> post : posts) {
        int status = post.get();
        assertTrue(status == 202 || status == 404, "an event answers 202 or 404, got " + status);
      }
      threads.shutdown();
      UUID cid = UUID.fromString(id);
      assertEquals(0, count("select count(*) from event where customer_id = $1", cid));
      String email = "race" + round + "@example.com";
      assertEquals(
          0,
          count("select count(*) from change_log where strpos(data::text, $1) > 0", email),
          () -> mentioning(email));
      assertEquals(
          0,
          count("select count(*) from change_log where strpos(data::text, $1) > 0", id),
          () -> mentioning(id));
    }
  }
}
