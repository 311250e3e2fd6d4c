package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anonymous events brought back by a session reach the customer once the session is bound. */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SessionBringBackOverApiTest {

  String workspace;
  String node;
  String token;

  @BeforeEach
  void workspaceWithASource() {
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
    token = Api.createSource(workspace, node).get("token");
  }

  private String anonymousEvent(String session) {
    return as(token)
        .body(
            Map.of(
                "bringBackProperties",
                Map.of("type", "SESSION_ID", "value", session, "nodeId", node),
                "type",
                "viewedPage",
                "context",
                "WEB",
                "properties",
                Map.of("url", "https://shop.example/landing")))
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  @Test
  void aCustomerCreatedWithTheSessionGetsItsEarlierEvents() {
    String event = anonymousEvent("sess-create-1");
    String customer =
        as(token)
            .queryParam("sessionId", "sess-create-1")
            .body(Map.of("nodeId", node, "externalId", "visitor-1"))
            .post(ws(workspace) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(token)
        .queryParam("customerId", customer)
        .get(ws(workspace) + "/events")
        .then()
        .statusCode(200)
        .body("elements.id", hasItem(event));
    as(token).get(ws(workspace) + "/events/" + event).then().body("customerId", equalTo(customer));
    as(token)
        .get(ws(workspace) + "/customers/" + customer + "/export")
        .then()
        .statusCode(200)
        .body("customer.id", equalTo(customer))
        .body("events.id", hasItem(event));
    // Once bound, later events with the same session go straight to the customer.
    String later = anonymousEvent("sess-create-1");
    as(token).get(ws(workspace) + "/events/" + later).then().body("customerId", equalTo(customer));
  }

  @Test
  void aSessionAddedToACustomerLaterAlsoAttachesTheEvents() {
    String customer =
        as(token)
            .body(Map.of("nodeId", node, "externalId", "visitor-2"))
            .post(ws(workspace) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String first = anonymousEvent("sess-later-2");
    String second = anonymousEvent("sess-later-2");
    as(token)
        .body(Map.of("value", "sess-later-2"))
        .post(ws(workspace) + "/customers/" + customer + "/sessions")
        .then()
        .statusCode(201);
    as(token)
        .queryParam("customerId", customer)
        .get(ws(workspace) + "/events")
        .then()
        .statusCode(200)
        .body("elements", hasSize(2))
        .body("elements.id", hasItem(first))
        .body("elements.id", hasItem(second));
  }
}
