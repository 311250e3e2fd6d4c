package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerAccessTest {

  static String wsA;
  static String wsB;
  static String nodeX;
  static String nodeY;
  static String nodeB;
  static String sourceX;
  static String sourceB;

  @BeforeEach
  void setUp() {
    if (wsA != null) {
      return;
    }
    wsA = Api.createWorkspace();
    wsB = Api.createWorkspace();
    nodeX = Api.createEntryNode(wsA);
    nodeY = Api.createEntryNode(wsA);
    nodeB = Api.createEntryNode(wsB);
    sourceX = Api.createSource(wsA, nodeX).get("token");
    sourceB = Api.createSource(wsB, nodeB).get("token");
  }

  static String ext() {
    return "ext-" + UUID.randomUUID();
  }

  @Test
  void aSourceWritesAndReadsCustomersOfItsNode() {
    String id =
        as(sourceX)
            .body(Map.of("nodeId", nodeX, "externalId", ext()))
            .post(customers(wsA))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(sourceX).get(customers(wsA) + "/" + id).then().statusCode(200).body("id", equalTo(id));
  }

  @Test
  void aSourceLimitedToOneNodeCannotWriteAnother() {
    as(sourceX)
        .body(Map.of("nodeId", nodeY, "externalId", ext()))
        .post(customers(wsA))
        .then()
        .statusCode(403);
    String other = createId(wsA, Map.of("nodeId", nodeY, "externalId", ext()));
    as(sourceX)
        .body(Map.of("base", Map.of("firstName", "X")))
        .patch(customers(wsA) + "/" + other)
        .then()
        .statusCode(403);
    as(sourceX).get(customers(wsA) + "/" + other).then().statusCode(403);
    as(sourceX).queryParam("nodeId", nodeY).get(customers(wsA)).then().statusCode(403);
  }

  @Test
  void anotherWorkspacesCustomerIsNotFound() {
    String ofB = createId(wsB, Map.of("nodeId", nodeB, "externalId", ext()));
    as(sourceX).get(customers(wsA) + "/" + ofB).then().statusCode(404);
    as(sourceX).get(customers(wsB) + "/" + ofB).then().statusCode(403);
    as(sourceX)
        .body(Map.of("base", Map.of("firstName", "X")))
        .patch(customers(wsA) + "/" + ofB)
        .then()
        .statusCode(404);
    as(sourceX).delete(customers(wsA) + "/" + ofB).then().statusCode(404);
    as(sourceB).get(customers(wsB) + "/" + ofB).then().statusCode(200);
    asAdmin()
        .body(Map.of("nodeId", nodeB, "externalId", ext()))
        .post(customers(wsA))
        .then()
        .statusCode(404);
  }

  @Test
  void anonymousCallersAreRefused() {
    given()
        .contentType("application/json")
        .body(Map.of("nodeId", nodeX, "externalId", ext()))
        .post(customers(wsA))
        .then()
        .statusCode(401);
  }

  @Test
  void aUserNeedsReadWriteOnTheNode() {
    String user = Tokens.user();
    int userId = Api.userId(user);
    Api.grant(wsA, userId, Map.of(nodeX, "RW", nodeY, "R"));
    as(user)
        .body(Map.of("nodeId", nodeX, "externalId", ext()))
        .post(customers(wsA))
        .then()
        .statusCode(201);
    as(user)
        .body(Map.of("nodeId", nodeY, "externalId", ext()))
        .post(customers(wsA))
        .then()
        .statusCode(403);
    String onY = createId(wsA, Map.of("nodeId", nodeY, "externalId", ext()));
    as(user).get(customers(wsA) + "/" + onY).then().statusCode(200);
    as(user).delete(customers(wsA) + "/" + onY).then().statusCode(403);
  }
}
