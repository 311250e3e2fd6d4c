package io.customer360.api.customer360;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.customer360.support.SearchSync;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Workspaces, settings and requests of the Customer 360 dialect, as a client makes them. */
final class Customer360Fixtures {

  static final String API = "/api/customer360";

  private Customer360Fixtures() {}

  /** The dialect's base path in a locale. */
  static String api(String locale) {
    return "/" + locale + API;
  }

  /** A request of the dialect as {@code token} in workspace {@code workspaceId}. */
  static RequestSpecification in(String token, String workspaceId) {
    return as(token).header("X-Workspace-Id", workspaceId);
  }

  /** Sets the workspace's isCustomer360 flag and its Customer 360 node (null: the default). */
  static void configure(String workspaceId, boolean enabled, String nodeId) {
    Map<String, Object> body = new HashMap<>();
    body.put("isCustomer360", enabled);
    body.put("customer360NodeId", nodeId);
    asAdmin().body(body).put(ws(workspaceId) + "/configuration").then().statusCode(200);
  }

  /** A new entry customer (admin) with the given body parts; returns its id. */
  static String customer(String workspaceId, String nodeId, Map<String, Object> parts) {
    Map<String, Object> body = new HashMap<>(parts);
    body.put("nodeId", nodeId);
    return asAdmin()
        .body(body)
        .post(ws(workspaceId) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The unified customer holding an entry customer with this e-mail (waits for the indexer). */
  static String unifiedIdByEmail(String workspaceId, String aggregate, String email) {
    SearchSync.awaitIndexed();
    String query =
        "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"name\":\"q\",\"are\":{\"condition\":"
            + "{\"type\":\"atomic\",\"attribute\":\"base.contacts.email\",\"operator\":\"EQUALS\","
            + "\"value\":\""
            + email
            + "\"}}}}";
    return asAdmin()
        .queryParam("nodeId", aggregate)
        .queryParam("query", query)
        .get(ws(workspaceId) + "/customers")
        .then()
        .statusCode(200)
        .extract()
        .path("elements[0].id");
  }

  /** Records an event (202) and returns its id. */
  static String event(String workspaceId, Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post(ws(workspaceId) + "/events")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }
}
