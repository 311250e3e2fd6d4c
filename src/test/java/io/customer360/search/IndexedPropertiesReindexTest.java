package io.customer360.search;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Marking an extended property searchable after customers hold values for it rebuilds the index, so
 * the customers written before the change are found by it (and a property switched off is no longer
 * searchable).
 */
@QuarkusTest
@QuarkusTestResource(RealServices.class)
class IndexedPropertiesReindexTest {

  private static Map<String, Object> note(boolean indexed) {
    return Map.of(
        "note", Map.of("type", "string", "contactlabProperties", Map.of("indexed", indexed)));
  }

  @Test
  void customersWrittenBeforeAPropertyBecameSearchableAreFoundByIt() {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    Api.as(Tokens.operator())
        .body(note(false))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    String id =
        asAdmin()
            .body(
                Map.of(
                    "nodeId",
                    n,
                    "externalId",
                    "before",
                    "base",
                    Map.of("contacts", Map.of("email", "before@example.com")),
                    "extended",
                    Map.of("note", "hello")))
            .post(ws(w) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    SearchSync.awaitIndexed();

    Api.as(Tokens.operator())
        .body(note(true))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    awaitReindexDone();

    String query =
        CustomerSearchTest.query(
            CustomerSearchTest.simple(
                CustomerSearchTest.atomic("extended.note", "EQUALS", "\"hello\"")));
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("query", query)
        .get(ws(w) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(1))
        .body("elements[0].id", equalTo(id));
  }

  private static void awaitReindexDone() {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      var status = asAdmin().get("/hub/v1/search/status");
      String state = status.jsonPath().getString("reindex.state");
      if (status.statusCode() == 200
          && "DONE".equals(state)
          && status.jsonPath().getLong("lagRows") == 0) {
        SearchSync.refresh();
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no reindex finished: " + status.asString());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
