package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.create;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerPropertiesTest {

  static Map<String, Object> string(int maxLength) {
    return Map.of("type", "string", "contactlabProperties", Map.of("maxLength", maxLength));
  }

  @Test
  void listsAndSwitchesBaseProperties() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String base = ws(w) + "/configuration/properties/base";
    asAdmin()
        .get(base)
        .then()
        .statusCode(200)
        .body("elements.find { it.name == 'base.firstName' }.enabled", equalTo(true))
        .body("elements.name", hasItem("base.subscriptions"));
    asAdmin()
        .body(Map.of("name", "base.firstName", "description", "First name", "enabled", false))
        .put(base + "/base.firstName")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
    asAdmin()
        .get(base)
        .then()
        .body("elements.find { it.name == 'base.firstName' }.enabled", equalTo(false));
    create(w, Map.of("nodeId", node, "externalId", "e1", "base", Map.of("firstName", "A")))
        .statusCode(400)
        .body("errors[0].path", equalTo("base.firstName"));
    asAdmin()
        .body(Map.of("value", true))
        .put(base + "/base.firstName/enabled")
        .then()
        .statusCode(200)
        .body("value", equalTo(true));
    create(w, Map.of("nodeId", node, "externalId", "e1", "base", Map.of("firstName", "A")))
        .statusCode(201);
    asAdmin().body(Map.of("value", true)).put(base + "/base.nope/enabled").then().statusCode(404);
  }

  @Test
  void extendedPropertiesAreValidatedAgainstTheWorkspaceSchema() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String ext = ws(w) + "/configuration/properties/extended";
    asAdmin().get(ext).then().statusCode(200).body("size()", equalTo(0));
    asAdmin()
        .body(
            Map.of(
                "nick",
                string(5),
                "vip",
                Map.of("type", "boolean"),
                "score",
                Map.of("type", "integer"),
                "notes",
                Map.of("type", "array")))
        .put(ext)
        .then()
        .statusCode(200)
        .body("notes.contactlabProperties.maxLength", equalTo(1000));
    asAdmin().get(ext).then().body("nick.contactlabProperties.maxLength", equalTo(5));

    create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "x1",
                "extended",
                Map.of("nick", "abcde", "vip", true)))
        .statusCode(201);
    create(w, Map.of("nodeId", node, "externalId", "x2", "extended", Map.of("nick", "abcdef")))
        .statusCode(400)
        .body("errors[0].path", equalTo("extended.nick"));
    create(w, Map.of("nodeId", node, "externalId", "x3", "extended", Map.of("other", 1)))
        .statusCode(400)
        .body("errors[0].path", equalTo("extended.other"));
    create(w, Map.of("nodeId", node, "externalId", "x4", "extended", Map.of("score", "high")))
        .statusCode(400)
        .body("errors[0].path", equalTo("extended.score"));
  }

  @Test
  void refusesInvalidExtendedSchemas() {
    String w = Api.createWorkspace();
    String ext = ws(w) + "/configuration/properties/extended";
    asAdmin()
        .body(Map.of("a.b", string(10)))
        .put(ext)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("a.b"));
    asAdmin()
        .body(Map.of("a", string(6001)))
        .put(ext)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("a.contactlabProperties.maxLength"));
    asAdmin().body(Map.of("a", string(0))).put(ext).then().statusCode(400);
    asAdmin().body(Map.of("a", string(6000))).put(ext).then().statusCode(200);
    asAdmin().body(Map.of("a", string(1))).put(ext).then().statusCode(200);
    asAdmin().body(Map.of("a", Map.of("type", "date"))).put(ext).then().statusCode(400);
  }

  @Test
  void onlyClabOperatorsChangeIndexed() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(node, "RW"));
    String ext = ws(w) + "/configuration/properties/extended";
    Map<String, Object> indexed =
        Map.of("p", Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)));
    Map<String, Object> plain =
        Map.of("p", Map.of("type", "string", "contactlabProperties", Map.of("label", "P")));
    // Workspace-wide configuration is for ADMIN and CLAB_OPERATOR, whatever node rights a person
    // has.
    as(user).body(plain).put(ext).then().statusCode(403);
    as(user).body(indexed).put(ext).then().statusCode(403);
    asAdmin().body(indexed).put(ext).then().statusCode(403);
    as(Tokens.operator()).body(indexed).put(ext).then().statusCode(200);
    as(user)
        .body(
            Map.of(
                "p",
                Map.of(
                    "type",
                    "string",
                    "contactlabProperties",
                    Map.of("indexed", true, "label", "Q"))))
        .put(ext)
        .then()
        .statusCode(403);
    as(user).body(plain).put(ext).then().statusCode(403);
  }

  @Test
  void describesTheCustomerAsJsonSchema() {
    String w = Api.createWorkspace();
    asAdmin()
        .body(Map.of("nick", string(5)))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    asAdmin()
        .get(ws(w) + "/configuration/properties")
        .then()
        .statusCode(200)
        .body("properties.base.'$ref'", equalTo("#/$defs/BaseCustomerProps"))
        .body("'$defs'.Consent", notNullValue())
        .body("properties.extended.properties.nick.maxLength", equalTo(5));
    asAdmin()
        .queryParam("resolveReferences", true)
        .get(ws(w) + "/configuration/properties")
        .then()
        .statusCode(200)
        .body("'$defs'", nullValue())
        .body("properties.base.properties.address.properties.street.maxLength", equalTo(500))
        .body(
            "properties.base.properties.subscriptions.items.properties.kind.enum",
            hasItem("DIGITAL_MESSAGE"));
  }
}
