package io.customer360.retention;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import java.time.OffsetDateTime;
import java.util.Map;

/** Customers and dated events for the retention tests, written over the API. */
final class RetentionFixtures {

  private RetentionFixtures() {}

  /** Creates a customer of the entry node with the external id; returns its id. */
  static String customer(String workspace, String node, String externalId) {
    return asAdmin()
        .body(Map.of("nodeId", node, "externalId", externalId))
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A page view dated {@code date}, stored ({@link #event}). */
  static String pageView(String workspace, String customerId, OffsetDateTime date) {
    return event(workspace, customerId, "viewedPage", date);
  }

  /**
   * Posts an event of the type ({@code viewedPage} or {@code searched}) dated {@code date} and
   * waits until it is stored (ingest answers 202); returns its id.
   */
  static String event(String workspace, String customerId, String type, OffsetDateTime date) {
    Map<String, Object> properties =
        type.equals("searched")
            ? Map.of("keyword", "shoes")
            : Map.of("url", "https://shop.example/p/1", "title", "Shoes", "path", "/p/1");
    String id =
        asAdmin()
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
                    properties))
            .post(ws(workspace) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    for (int i = 0;
        i < 100 && asAdmin().get(ws(workspace) + "/events/" + id).statusCode() != 200;
        i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    asAdmin().get(ws(workspace) + "/events/" + id).then().statusCode(200);
    return id;
  }
}
