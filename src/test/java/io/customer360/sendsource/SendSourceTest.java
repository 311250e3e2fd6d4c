package io.customer360.sendsource;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Send sources (spec §1.17 SS1-SS6, §1.6 N18) over HTTP: the configuration stored with a
 * CONTACTSEND source, the answers in the spec's shapes, role rules and tenancy.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SendSourceTest {

  String workspace;
  String node;
  long groupPk;
  long userdbId;

  @BeforeEach
  void freshWorkspace() {
    // Unique per run: the (groupPk, userdbId) lookups span every workspace of the database; a
    // send source's groupPk is its workspace's.
    groupPk = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    workspace = Api.createWorkspace(groupPk);
    node = Api.createEntryNode(workspace);
    userdbId = ThreadLocalRandom.current().nextLong(1, 1_000_000);
  }

  private Map<String, Object> properties(long group, long userdb) {
    return Map.of(
        "userdbId",
        userdb,
        "groupPk",
        group,
        "mappedColumns",
        List.of(Map.of("hub", "base.firstName", "send", "NAME")),
        "options",
        Map.of("syncCustomer", "IN_OUT", "importEvent", true),
        "subscriptions",
        List.of(Map.of("sendWfc", "WFC1", "hub", "newsletter", "send", "NEWS")),
        "sendSubscriptions",
        List.of(Map.of("id", 5, "name", "Newsletter", "registrationField", "NEWS_DATE")),
        "subscriberFields",
        List.of(Map.of("name", "NAME", "type", "STRING")));
  }

  private Map<String, Object> sendSource(Object properties) {
    return Map.of(
        "provider",
        "CONTACTSEND",
        "name",
        "Contactsend",
        "description",
        "Newsletter user DB",
        "properties",
        properties,
        "nodes",
        List.of(node));
  }

  private String createSendSource(String token) {
    return as(token)
        .body(sendSource(properties(groupPk, userdbId)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void onlyAdminAndOperatorCreateOrChangeASendSource() {
    int user = Api.userId(Tokens.marketer());
    Api.grant(workspace, user, Map.of(node, "RW"));
    as(Tokens.marketer())
        .body(sendSource(properties(groupPk, userdbId)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(403);
    String id = createSendSource(Tokens.operator());
    as(Tokens.marketer())
        .body(sendSource(properties(groupPk, userdbId)))
        .put(ws(workspace) + "/configuration/sources/" + id)
        .then()
        .statusCode(403);
    asAdmin()
        .body(sendSource(properties(groupPk, userdbId + 1)))
        .put(ws(workspace) + "/configuration/sources/" + id)
        .then()
        .statusCode(200)
        .body("properties.userdbId", equalTo((int) (userdbId + 1)));
  }

  @Test
  void aSendSourceConfigurationIsCheckedNamingTheField() {
    asAdmin()
        .body(sendSource(Map.of("groupPk", 1)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("properties.userdbId"));
    asAdmin()
        .body(
            sendSource(
                Map.of("userdbId", 1, "groupPk", 2, "mappedColumns", List.of(Map.of("hub", "x")))))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("properties.mappedColumns[0].send"));
    asAdmin()
        .body(
            sendSource(
                Map.of("userdbId", 1, "groupPk", 2, "options", Map.of("syncCustomer", "SIDEWAYS"))))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("properties.options.syncCustomer"));
    // A string of digits is taken as its number.
    asAdmin()
        .body(sendSource(Map.of("userdbId", "1234", "groupPk", groupPk)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(201)
        .body("properties.userdbId", equalTo(1234))
        .body("properties.options.syncCustomer", equalTo("IN_OUT"))
        .body("properties.subscriptions", hasSize(0));
  }

  @Test
  void ss1AndSs2AnswerTheUserDbCatalogue() {
    createSendSource(Tokens.admin());
    String base = ws(workspace) + "/send-sources/" + userdbId;
    asAdmin()
        .get(base + "/subscriptions")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("page")))
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(5))
        .body("elements[0].name", equalTo("Newsletter"))
        .body("elements[0].registrationField", equalTo("NEWS_DATE"));
    asAdmin()
        .queryParam("groupPk", groupPk)
        .get(base + "/subscriber-fields")
        .then()
        .statusCode(200)
        .body("elements", equalTo(List.of(Map.of("name", "NAME", "type", "STRING"))));
    asAdmin()
        .queryParam("groupPk", groupPk + 1)
        .get(base + "/subscriptions")
        .then()
        .statusCode(404);
    asAdmin().get(ws(workspace) + "/send-sources/999999999/subscriptions").then().statusCode(404);
    // Another workspace does not see it.
    String other = Api.createWorkspace();
    asAdmin()
        .get(ws(other) + "/send-sources/" + userdbId + "/subscriptions")
        .then()
        .statusCode(404);
  }

  @Test
  void ss4AnswersTheNodesSendSourceConfigurationInTheSpecShape() {
    String id = createSendSource(Tokens.admin());
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/" + node + "/send-source-configuration")
        .then()
        .statusCode(200)
        .body("portfolio", equalTo((int) groupPk))
        .body("id", equalTo(workspace))
        .body("industry", equalTo("NotDefined"))
        .body("workspaceStatus", equalTo("ENABLED"))
        .body("nodeId", equalTo(node))
        .body("nodeType", equalTo("ENTRY"))
        .body("contactSendSource.provider", equalTo("CONTACTSEND"))
        .body("contactSendSource.id", equalTo(id))
        .body("contactSendSource.name", equalTo("Contactsend"))
        .body("contactSendSource.token", nullValue())
        .body("contactSendSource.nodes", equalTo(List.of(node)))
        .body("contactSendSource.enabled", equalTo(true))
        .body("contactSendSource.properties.userdbId", equalTo((int) userdbId))
        .body("contactSendSource.properties.mappedColumns[0].hub", equalTo("base.firstName"))
        .body("contactSendSource.properties.mappedColumns[0].send", equalTo("NAME"))
        .body("contactSendSource.properties.options.syncCustomer", equalTo("IN_OUT"))
        .body("contactSendSource.properties.options.importEvent", equalTo(true))
        .body("contactSendSource.properties.subscriptions[0].sendWfc", equalTo("WFC1"))
        .body("contactSendSource.properties", not(hasKey("subscriberFields")))
        .body("contactSendSource.properties", not(hasKey("sendSubscriptions")));
    String bare = Api.createEntryNode(workspace);
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/" + bare + "/send-source-configuration")
        .then()
        .statusCode(404);
    // A USER needs read access to the node.
    int user = Api.userId(Tokens.marketer());
    Api.grant(workspace, user, Map.of(bare, "R"));
    as(Tokens.marketer())
        .get(ws(workspace) + "/configuration/nodes/" + node + "/send-source-configuration")
        .then()
        .statusCode(403);
    String other = Api.createWorkspace();
    asAdmin()
        .get(ws(other) + "/configuration/nodes/" + node + "/send-source-configuration")
        .then()
        .statusCode(404);
  }

  @Test
  void n18ListsTheSubscriptionsOfTheAggregatesEntryNodes() {
    createSendSource(Tokens.admin());
    String aggregate = Api.createActiveAggregate(workspace, node);
    asAdmin()
        .get(
            ws(workspace)
                + "/configuration/nodes/aggregates/"
                + aggregate
                + "/send-source-subscriptions")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].subscriptionId", equalTo("newsletter"))
        .body("[0].path", equalTo("NEWS"))
        .body("[0].entryNodeId", equalTo(node))
        .body("[0].entryNodeName", notNullValue())
        .body("[0].type", equalTo("WFC1"));
    asAdmin()
        .get(
            ws(workspace)
                + "/configuration/nodes/aggregates/"
                + UUID.randomUUID()
                + "/send-source-subscriptions")
        .then()
        .statusCode(404);
  }

  private static org.hamcrest.Matcher<Object> notNullValue() {
    return org.hamcrest.Matchers.notNullValue();
  }

  @Test
  void ss3Ss5AndSs6LookUpAcrossWorkspacesForAdminAndOperatorOnly() {
    String id = createSendSource(Tokens.admin());
    String hub = Api.HUB + "/send-sources";
    as(Tokens.operator())
        .get(hub + "/configurations")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("page")))
        .body("elements.contactSendSource.id", hasItem(id));
    asAdmin()
        .get(hub + "/groups/" + groupPk + "/userdbs/" + userdbId + "/configuration")
        .then()
        .statusCode(200)
        .body("id", equalTo(workspace))
        .body("nodeId", equalTo(node))
        .body("contactSendSource.id", equalTo(id))
        .body("contactSendSource.properties.groupPk", equalTo((int) groupPk));
    asAdmin()
        .get(hub + "/groups/" + groupPk + "/userdbs/" + (userdbId + 7) + "/configuration")
        .then()
        .statusCode(404);
    asAdmin()
        .get(hub + "/groups/" + groupPk + "/configurations")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].contactSendSource.id", equalTo(id));
    asAdmin()
        .get(hub + "/groups/" + (groupPk + 1) + "/configurations")
        .then()
        .statusCode(200)
        .body("elements", hasSize(0));
    // Not for USERs, DPOs or source tokens (even of the source's own workspace).
    Map<String, String> src = Api.createSource(workspace, node);
    as(src.get("token")).get(hub + "/configurations").then().statusCode(403);
    as(Tokens.dpo()).get(hub + "/groups/" + groupPk + "/configurations").then().statusCode(403);
    as(Tokens.marketer())
        .get(hub + "/groups/" + groupPk + "/userdbs/" + userdbId + "/configuration")
        .then()
        .statusCode(403);
  }
}
