package io.customer360.event;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Entry customers and session bindings made through the public API, as a client makes them. */
final class EventFixtures {

  private EventFixtures() {}

  /** A new entry customer of the node with this external id; returns its id. */
  static UUID customer(String workspaceId, String nodeId, String externalId) {
    return customer(workspaceId, nodeId, externalId, null);
  }

  /** A new entry customer with these consents (customer schema {@code consents}). */
  static UUID customer(
      String workspaceId, String nodeId, String externalId, Map<String, Object> consents) {
    Map<String, Object> body = new HashMap<>();
    body.put("nodeId", nodeId);
    body.put("externalId", externalId);
    if (consents != null) {
      body.put("consents", consents);
    }
    String id =
        asAdmin()
            .body(body)
            .post(ws(workspaceId) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return UUID.fromString(id);
  }

  /** Binds a session to a customer, which hands its anonymous events over. */
  static void bindSession(String workspaceId, UUID customerId, String session) {
    asAdmin()
        .body(Map.of("value", session))
        .post(ws(workspaceId) + "/customers/" + customerId + "/sessions")
        .then()
        .statusCode(201);
  }

  /** The events of a customer id (entry or unified), as a client searches them. */
  static String events(String workspaceId) {
    return ws(workspaceId) + "/events";
  }

  static String id() {
    return UUID.randomUUID().toString();
  }
}
