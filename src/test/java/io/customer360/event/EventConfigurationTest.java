package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

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

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class EventConfigurationTest {

  private static String workspace;
  private static String node;

  @BeforeEach
  void setUp() {
    if (workspace == null) {
      workspace = Api.createWorkspace();
      node = Api.createEntryNode(workspace);
    }
  }

  private String config() {
    return ws(workspace) + "/configuration";
  }

  @Test
  void listsAndGetsTheBuiltInEventConfigurations() {
    asAdmin()
        .queryParam("size", 50)
        .get(config() + "/events")
        .then()
        .statusCode(200)
        .body("elements", hasSize(48))
        .body("page.totalElements", equalTo(48))
        .body("elements.id", hasItem("completedOrder"));
    asAdmin()
        .queryParam("resolveReferences", true)
        .get(config() + "/events/campaignSent")
        .then()
        .statusCode(200)
        .body("type", equalTo("campaignSent"))
        .body("mode", equalTo("PASSIVE"))
        .body("enabled", equalTo(true))
        .body("propertiesSchema.properties.campaignId.type", equalTo("string"));
    asAdmin()
        .get(config() + "/events/completedOrder/properties")
        .then()
        .statusCode(200)
        .body("properties.amount.properties.total.type", equalTo("number"))
        .body("properties.products.type", equalTo("array"));
    asAdmin()
        .get(config() + "/events/dancing")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("eventType"));
  }

  @Test
  void disablesThroughTheDeprecatedPutAndKeepsIdAndTypeImmutable() {
    asAdmin()
        .body(Map.of("id", "formCompiled", "type", "formCompiled", "enabled", false))
        .put(config() + "/events/formCompiled")
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
    asAdmin()
        .body(Map.of("id", "searched", "enabled", true))
        .put(config() + "/events/formCompiled")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
    asAdmin()
        .body(Map.of("value", true))
        .put(config() + "/events/formCompiled/enabled")
        .then()
        .statusCode(200)
        .body("value", equalTo(true));
    asAdmin().get(config() + "/events/formCompiled").then().body("enabled", equalTo(true));
  }

  @Test
  void managesExtendedPropertiesAndValidatesEventsAgainstThem() {
    Map<String, Object> shelf =
        Map.of(
            "shelf",
            Map.of(
                "type", "string", "contactlabProperties", Map.of("maxLength", 5, "label", "Shelf")),
            "visits",
            Map.of("type", "integer"));
    asAdmin()
        .body(shelf)
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(200)
        .body("shelf.contactlabProperties.maxLength", equalTo(5));
    asAdmin()
        .get(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(200)
        .body("visits.type", equalTo("integer"));
    asAdmin()
        .get(config() + "/events/viewedProduct/properties")
        .then()
        .body("properties.extended.properties.shelf.maxLength", equalTo(5));

    UUID c = EventFixtures.customer(workspace, node, "ext-" + UUID.randomUUID());
    Map<String, Object> event =
        Map.of(
            "customerId",
            c.toString(),
            "type",
            "viewedProduct",
            "context",
            "ECOMMERCE",
            "properties",
            Map.of("sku", "A1", "extended", Map.of("shelf", "toolong", "visits", 2)));
    asAdmin()
        .body(event)
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("properties.extended.shelf"));

    asAdmin()
        .body(Map.of("my.prop", Map.of("type", "string")))
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("my.prop"));
    asAdmin()
        .body(
            Map.of(
                "p", Map.of("type", "string", "contactlabProperties", Map.of("maxLength", 7000))))
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("p.contactlabProperties.maxLength"));
    asAdmin()
        .body(Map.of("p", Map.of("type", "object")))
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("p.type"));

    Map<String, Object> indexed =
        Map.of("shelf", Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)));
    asAdmin()
        .body(indexed)
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(403);
    as(Tokens.operator())
        .body(indexed)
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(200)
        .body("shelf.contactlabProperties.indexed", equalTo(true));
    // dropping an indexed property changes indexed too (the rule shared with customers, E12)
    asAdmin()
        .body(Map.of("visits", Map.of("type", "integer")))
        .put(config() + "/events/viewedProduct/properties/extended")
        .then()
        .statusCode(403);
    asAdmin()
        .get(config() + "/events/viewedProduct/properties/extended")
        .then()
        .body("shelf.contactlabProperties.indexed", equalTo(true));
  }

  @Test
  void managesTheProductsUpdatePolicyAndPlanModels() {
    asAdmin()
        .get(config() + "/products/update-policy")
        .then()
        .statusCode(200)
        .body("eventTypes", contains("completedOrder"));
    asAdmin()
        .body(Map.of("eventTypes", List.of("addedProduct", "viewedProduct", "addedProduct")))
        .put(config() + "/products/update-policy")
        .then()
        .statusCode(200)
        .body("eventTypes", contains("addedProduct", "viewedProduct"));
    asAdmin()
        .body(Map.of("eventTypes", List.of("viewedPage")))
        .put(config() + "/products/update-policy")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("eventTypes[0]"));

    asAdmin()
        .get(config() + "/plan-models/ORDER")
        .then()
        .statusCode(200)
        .body("plan.name", hasItem("orderId"))
        .body("plan.type", hasItem("STRING"))
        .body("hub.event", notNullValue())
        .body("hub.product", hasSize(0));
    asAdmin().get(config() + "/plan-models/NOPE").then().statusCode(400);
  }

  @Test
  void servesTheCatalogueTypes() {
    String models = ws(workspace) + "/models";
    asAdmin()
        .get(models + "/merge-policies")
        .then()
        .statusCode(200)
        .body("elements.id", hasItem("ARRAY_UNION"));
    asAdmin()
        .get(models + "/providers")
        .then()
        .statusCode(200)
        .body("elements.id", hasItem("API"))
        .body("elements[0].role", equalTo("TRUSTED_APPLICATION"));
    asAdmin()
        .get(models + "/contexts")
        .then()
        .statusCode(200)
        .body("elements", hasSize(9))
        .body("elements[0].id", equalTo("WEB"));
    asAdmin()
        .queryParam("resolveReferences", true)
        .get(models + "/contexts")
        .then()
        .body("elements[0].propertiesSchema.type", equalTo("object"));
  }

  @Test
  void onlyConfigurationWritersChangeEventSettings() {
    String other = Api.createWorkspace();
    Map<String, String> source = Api.createSource(workspace, node);
    as(source.get("token"))
        .body(Map.of("value", false))
        .put(config() + "/events/loggedIn/enabled")
        .then()
        .statusCode(403);
    as(source.get("token")).get(ws(other) + "/configuration/events").then().statusCode(403);
  }
}
