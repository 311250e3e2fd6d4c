package io.customer360.sendsource;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of a send source's configuration and of the lookups that pick one source among several
 * (spec §1.17, N18), over HTTP: several sources of one user DB, disabled sources, the workspace's
 * groupPk, entry nodes only, hub properties and send columns that exist, unique positive
 * subscription ids, unique subscriber fields of a known type, SS5 preferring an enabled workspace,
 * and one answer to a bad groupPk in SS1, SS2, SS5 and SS6.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SendSourceRulesTest {

  String workspace;
  String node;
  long groupPk;
  long userdbId;

  @BeforeEach
  void freshWorkspace() {
    groupPk = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    userdbId = ThreadLocalRandom.current().nextLong(1, 1_000_000);
    workspace = Api.createWorkspace(groupPk);
    node = Api.createEntryNode(workspace);
  }

  private Map<String, Object> properties(long group, int subscriptionId) {
    Map<String, Object> p = new HashMap<>();
    p.put("userdbId", userdbId);
    p.put("groupPk", group);
    p.put("mappedColumns", List.of(Map.of("hub", "base.firstName", "send", "NAME")));
    p.put(
        "sendSubscriptions",
        List.of(Map.of("id", subscriptionId, "name", "List " + subscriptionId)));
    p.put("subscriberFields", List.of(Map.of("name", "NAME", "type", "STRING")));
    return p;
  }

  private Map<String, Object> source(Object properties, List<String> nodes, boolean enabled) {
    return Map.of(
        "provider",
        "CONTACTSEND",
        "name",
        "Contactsend",
        "properties",
        properties,
        "nodes",
        nodes,
        "enabled",
        enabled);
  }

  private String create(Object properties) {
    return asAdmin()
        .body(source(properties, List.of(node), true))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private void refused(Object properties, List<String> nodes, String path) {
    asAdmin()
        .body(source(properties, nodes, true))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(path));
  }

  @Test
  void ss1AndSs2AnswerFromTheFirstCreatedEnabledSourceOfTheUserDb() {
    String first = create(properties(groupPk, 5));
    String second = create(properties(groupPk, 6));
    String base = ws(workspace) + "/send-sources/" + userdbId;
    for (String groupQuery : List.of("?groupPk=" + groupPk, "")) {
      asAdmin()
          .get(base + "/subscriptions" + groupQuery)
          .then()
          .statusCode(200)
          .body("elements.id", equalTo(List.of(5)));
      asAdmin().get(base + "/subscriber-fields" + groupQuery).then().statusCode(200);
    }
    String ss5 = Api.HUB + "/send-sources/groups/" + groupPk + "/userdbs/" + userdbId;
    asAdmin()
        .get(ss5 + "/configuration")
        .then()
        .statusCode(200)
        .body("contactSendSource.id", equalTo(first));
    // A disabled source gives way to an enabled one, in SS1, SS4 and SS5 alike.
    asAdmin()
        .body(source(properties(groupPk, 5), List.of(node), false))
        .put(ws(workspace) + "/configuration/sources/" + first)
        .then()
        .statusCode(200);
    asAdmin()
        .get(base + "/subscriptions?groupPk=" + groupPk)
        .then()
        .statusCode(200)
        .body("elements.id", equalTo(List.of(6)));
    asAdmin()
        .get(ss5 + "/configuration")
        .then()
        .statusCode(200)
        .body("contactSendSource.id", equalTo(second));
    asAdmin()
        .get(ws(workspace) + "/configuration/nodes/" + node + "/send-source-configuration")
        .then()
        .statusCode(200)
        .body("contactSendSource.id", equalTo(second));
  }

  @Test
  void ss5PrefersAnEnabledSourceOfAnEnabledWorkspace() {
    String firstWorkspace = workspace;
    String first = create(properties(groupPk, 5));
    workspace = Api.createWorkspace(groupPk);
    node = Api.createEntryNode(workspace);
    String second = create(properties(groupPk, 6));
    String ss5 =
        Api.HUB + "/send-sources/groups/" + groupPk + "/userdbs/" + userdbId + "/configuration";
    asAdmin().get(ss5).then().statusCode(200).body("contactSendSource.id", equalTo(first));
    asAdmin()
        .body(Map.of("status", "DISABLED"))
        .put(ws(firstWorkspace) + "/status")
        .then()
        .statusCode(200);
    asAdmin()
        .get(ss5)
        .then()
        .statusCode(200)
        .body("contactSendSource.id", equalTo(second))
        .body("workspaceStatus", equalTo("ENABLED"));
    // With the only enabled workspace's source disabled, the enabled source answers as before.
    asAdmin()
        .body(source(properties(groupPk, 6), List.of(node), false))
        .put(ws(workspace) + "/configuration/sources/" + second)
        .then()
        .statusCode(200);
    asAdmin()
        .get(ss5)
        .then()
        .statusCode(200)
        .body("contactSendSource.id", equalTo(first))
        .body("workspaceStatus", equalTo("DISABLED"));
  }

  @Test
  void aSendSourcesGroupPkIsItsWorkspaces() {
    asAdmin()
        .body(source(properties(groupPk + 1, 5), List.of(node), true))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("properties.groupPk")))
        .body("errors[0].message", containsString("workspace's groupPk " + groupPk));
    String id = create(properties(groupPk, 5));
    asAdmin()
        .body(source(properties(groupPk + 1, 5), List.of(node), true))
        .put(ws(workspace) + "/configuration/sources/" + id)
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("properties.groupPk")));
    asAdmin()
        .get(Api.HUB + "/send-sources/groups/" + (groupPk + 1) + "/configurations")
        .then()
        .statusCode(200)
        .body("elements.contactSendSource.id", org.hamcrest.Matchers.not(hasItem(id)));
  }

  @Test
  void aSendSourceServesEntryNodesWithColumnsAndIdsThatExist() {
    String aggregate = Api.createActiveAggregate(workspace, node);
    refused(properties(groupPk, 5), List.of(node, aggregate), "nodes");
    Map<String, Object> p = properties(groupPk, 5);
    p.put("mappedColumns", List.of(Map.of("hub", "base.nope", "send", "NAME")));
    refused(p, List.of(node), "properties.mappedColumns[0].hub");
    p.put("mappedColumns", List.of(Map.of("hub", "extended.undeclared", "send", "NAME")));
    refused(p, List.of(node), "properties.mappedColumns[0].hub");
    p.put("mappedColumns", List.of(Map.of("hub", "base.contacts.email", "send", "EMAIL")));
    refused(p, List.of(node), "properties.mappedColumns[0].send");
    p = properties(groupPk, 5);
    p.put("sendSubscriptions", List.of(Map.of("id", 5, "name", "A"), Map.of("id", 5, "name", "B")));
    refused(p, List.of(node), "properties.sendSubscriptions[1].id");
    p.put("sendSubscriptions", List.of(Map.of("id", -3, "name", "A")));
    refused(p, List.of(node), "properties.sendSubscriptions[0].id");
    p.put("sendSubscriptions", List.of(Map.of("id", 0, "name", "A")));
    refused(p, List.of(node), "properties.sendSubscriptions[0].id");
    p = properties(groupPk, 5);
    p.put(
        "subscriberFields",
        List.of(
            Map.of("name", "NAME", "type", "STRING"), Map.of("name", "NAME", "type", "STRING")));
    asAdmin()
        .body(source(p, List.of(node), true))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("properties.subscriberFields[1].name")))
        .body("errors[0].message", containsString("must be unique"));
    p.put("subscriberFields", List.of(Map.of("name", "NAME", "type", "not a type!")));
    asAdmin()
        .body(source(p, List.of(node), true))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("properties.subscriberFields[0].type")))
        .body("errors[0].message", containsString("must be a type name"));
    asAdmin()
        .get(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(200)
        .body("elements.provider", org.hamcrest.Matchers.not(hasItem("CONTACTSEND")));
    // Declared extended properties and base paths are customer properties.
    asAdmin()
        .body(
            Map.of(
                "loyalty",
                Map.of(
                    "type",
                    "string",
                    "contactlabProperties",
                    Map.of("maxLength", 20, "label", "Loyalty"))))
        .put(ws(workspace) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    p = properties(groupPk, 5);
    p.put(
        "mappedColumns",
        List.of(
            Map.of("hub", "extended.loyalty", "send", "NAME"),
            Map.of("hub", "base.address.city", "send", "NAME")));
    create(p);
  }

  @Test
  void aBadGroupPkAnswers400NamingItInEveryLookup() {
    create(properties(groupPk, 5));
    for (String url :
        List.of(
            ws(workspace) + "/send-sources/" + userdbId + "/subscriptions?groupPk=abc",
            ws(workspace) + "/send-sources/" + userdbId + "/subscriber-fields?groupPk=abc",
            Api.HUB + "/send-sources/groups/abc/userdbs/" + userdbId + "/configuration",
            Api.HUB + "/send-sources/groups/abc/configurations",
            Api.HUB + "/send-sources/groups/-1/configurations")) {
      asAdmin().get(url).then().statusCode(400).body("errors.path", equalTo(List.of("groupPk")));
    }
  }
}
