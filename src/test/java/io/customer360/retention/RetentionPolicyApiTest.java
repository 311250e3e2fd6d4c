package io.customer360.retention;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention policies over HTTP (spec §1.5 R2/R3, §1.6 N1–N3, N9–N12): defaults, round trips,
 * the merge of the workspace map, 400s naming the field with nothing written, 404s for unknown,
 * foreign and wrong-type nodes, and who may read and write.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class RetentionPolicyApiTest {

  private String workspace;
  private String node;

  @BeforeEach
  void workspace() {
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
  }

  private String policy() {
    return ws(workspace) + "/configuration/retention-policy";
  }

  private String nodePolicy(String nodeId) {
    return ws(workspace) + "/configuration/nodes/" + nodeId + "/retention-policy";
  }

  private String entryPolicy(String nodeId) {
    return ws(workspace) + "/configuration/nodes/entries/" + nodeId + "/retention-policy";
  }

  @Test
  void workspacePolicyKeepsForeverByDefaultAndMergesTheTypesNamed() {
    asAdmin()
        .get(policy())
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(48))
        .body("viewedPage.months", equalTo(0))
        .body("completedOrder.months", equalTo(0));

    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 12)))
        .put(policy())
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(48))
        .body("viewedPage.months", equalTo(12))
        .body("searched.months", equalTo(0));
    asAdmin()
        .body(Map.of("searched", Map.of("months", 6), "viewedPage", Map.of("months", 24)))
        .put(policy())
        .then()
        .statusCode(200);
    asAdmin()
        .get(policy())
        .then()
        .statusCode(200)
        .body("viewedPage.months", equalTo(24))
        .body("searched.months", equalTo(6))
        .body("loggedIn.months", equalTo(0));
    Api.as(Tokens.operator())
        .body(Map.of("loggedIn", Map.of("months", 240)))
        .put(policy())
        .then()
        .statusCode(200)
        .body("loggedIn.months", equalTo(240));
  }

  @Test
  void refusesBadWorkspacePoliciesNamingTheFieldAndWritesNothing() {
    badPolicy(Map.of("noSuchEvent", Map.of("months", 3)), "noSuchEvent");
    badPolicy(Map.of("viewedPage", Map.of("months", -1)), "viewedPage.months");
    badPolicy(Map.of("viewedPage", Map.of("months", 241)), "viewedPage.months");
    badPolicy(Map.of("viewedPage", Map.of("months", 1.5)), "viewedPage.months");
    badPolicy(Map.of("viewedPage", Map.of("months", "12")), "viewedPage.months");
    badPolicy(Map.of("viewedPage", Map.of("days", 3)), "viewedPage");
    badPolicy(Map.of("viewedPage", 12), "viewedPage");
    badPolicy(List.of(), "body");
    // one bad entry among good ones: nothing is written
    badPolicy(
        Map.of("searched", Map.of("months", 6), "viewedPage", Map.of("months", 9999)),
        "viewedPage.months");
    asAdmin().get(policy()).then().statusCode(200).body("searched.months", equalTo(0));
  }

  private void badPolicy(Object body, String path) {
    asAdmin().body(body).put(policy()).then().statusCode(400).body("errors.path", hasItem(path));
  }

  @Test
  void nodePolicyRoundTripsAndShowsInTheNodeList() {
    asAdmin()
        .get(nodePolicy(node))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("events", aMapWithSize(0));

    asAdmin()
        .body(Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", 3))))
        .put(nodePolicy(node))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true))
        .body("events.viewedPage.months", equalTo(3));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .statusCode(200)
        .body("elements.find { it.id == '" + node + "' }.retentionState", equalTo(true));
    asAdmin()
        .get(entryPolicy(node))
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(1))
        .body("viewedPage.months", equalTo(3));
    asAdmin()
        .get(entryPolicy(node) + "/state")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));

    // N10 replaces the map and keeps the state; N12 switches the state and keeps the map
    asAdmin()
        .body(Map.of("searched", Map.of("months", 2), "loggedIn", Map.of("months", 0)))
        .put(entryPolicy(node))
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(2))
        .body("searched.months", equalTo(2))
        .body("$", not(hasKey("viewedPage")));
    asAdmin()
        .body(Map.of("enabled", false))
        .put(entryPolicy(node) + "/state")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
    asAdmin()
        .get(nodePolicy(node))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("events.searched.months", equalTo(2))
        .body("events.loggedIn.months", equalTo(0));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes")
        .then()
        .body("elements.find { it.id == '" + node + "' }.retentionState", equalTo(false));

    // N3 without events: a policy with no types of its own
    asAdmin()
        .body(Map.of("enabled", true))
        .put(nodePolicy(node))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true))
        .body("events", aMapWithSize(0));
  }

  @Test
  void aggregateNodesHaveAPolicyButNoEntryNodeRoutes() {
    String aggregate = Api.createActiveAggregate(workspace, node);
    asAdmin()
        .body(Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", 5))))
        .put(nodePolicy(aggregate))
        .then()
        .statusCode(200)
        .body("events.viewedPage.months", equalTo(5));
    asAdmin().get(nodePolicy(aggregate)).then().statusCode(200).body("enabled", equalTo(true));
    asAdmin().get(entryPolicy(aggregate)).then().statusCode(404);
    asAdmin().get(entryPolicy(aggregate) + "/state").then().statusCode(404);
    asAdmin()
        .body(Map.of("enabled", false))
        .put(entryPolicy(aggregate) + "/state")
        .then()
        .statusCode(404);
  }

  @Test
  void refusesBadNodePoliciesNamingTheField() {
    badNode(nodePolicy(node), Map.of("enabled", "yes"), "enabled");
    badNode(nodePolicy(node), Map.of("events", Map.of()), "enabled");
    badNode(
        nodePolicy(node),
        Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", -2))),
        "events.viewedPage.months");
    badNode(
        nodePolicy(node),
        Map.of("enabled", true, "events", Map.of("nope", Map.of("months", 2))),
        "events.nope");
    badNode(nodePolicy(node), Map.of("enabled", true, "other", 1), "other");
    badNode(entryPolicy(node), Map.of("viewedPage", Map.of("months", 500)), "viewedPage.months");
    badNode(entryPolicy(node) + "/state", Map.of(), "enabled");
    badNode(entryPolicy(node) + "/state", Map.of("enabled", 1), "enabled");
    asAdmin()
        .get(nodePolicy(node))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("events", aMapWithSize(0));
  }

  private static void badNode(String url, Object body, String path) {
    asAdmin().body(body).put(url).then().statusCode(400).body("errors.path", hasItem(path));
  }

  @Test
  void unknownForeignAndMalformedNodesAnswer404() {
    String other = Api.createWorkspace();
    String foreign = Api.createEntryNode(other);
    for (String id : List.of(UUID.randomUUID().toString(), foreign, "not-a-uuid")) {
      asAdmin().get(nodePolicy(id)).then().statusCode(404);
      asAdmin().get(entryPolicy(id)).then().statusCode(404);
      asAdmin().get(entryPolicy(id) + "/state").then().statusCode(404);
      asAdmin()
          .body(Map.of("enabled", true))
          .put(nodePolicy(id))
          .then()
          .statusCode(404)
          .body("message", equalTo("node not found " + id));
    }
    asAdmin()
        .get(ws(other) + "/configuration/nodes/" + foreign + "/retention-policy")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
  }

  @Test
  void readersReadAndOnlyConfigurationWritersWrite() {
    String user = Tokens.user();
    Api.grant(workspace, Api.userId(user), Map.of(node, "R"));
    as(user).get(policy()).then().statusCode(200).body("viewedPage.months", equalTo(0));
    as(user).get(policy() + "/status").then().statusCode(200);
    as(user).get(nodePolicy(node)).then().statusCode(200);
    as(user).get(entryPolicy(node) + "/state").then().statusCode(200);
    as(user).body(Map.of("viewedPage", Map.of("months", 1))).put(policy()).then().statusCode(403);
    as(user).body(Map.of("enabled", true)).put(nodePolicy(node)).then().statusCode(403);
    as(user).body(Map.of("enabled", true)).put(entryPolicy(node) + "/state").then().statusCode(403);

    String token = Api.createSource(workspace, node).get("token");
    as(token).body(Map.of("enabled", true)).put(nodePolicy(node)).then().statusCode(403);
    as(token).body(Map.of("viewedPage", Map.of("months", 1))).put(policy()).then().statusCode(403);

    Api.grant(workspace, Api.userId(user), Map.of(node, "RW"));
    as(user).body(Map.of("enabled", true)).put(entryPolicy(node) + "/state").then().statusCode(200);
    as(user).body(Map.of("viewedPage", Map.of("months", 1))).put(policy()).then().statusCode(403);

    io.restassured.RestAssured.given().get(policy()).then().statusCode(401);
  }
}
