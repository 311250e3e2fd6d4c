package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * E11/E12: the products' extended-properties schema, under the rules shared with event types (E6)
 * and customers (P5), and its use on the products listed by orders and carts.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ProductPropertiesApiTest {

  private static String extended(String workspace) {
    return ws(workspace) + "/configuration/products/properties/extended";
  }

  private static Map<String, Object> string(Map<String, Object> contactlab) {
    return Map.of("type", "string", "contactlabProperties", contactlab);
  }

  /** color (string ≤ 5, label Colour), weight (number), sizes (array of strings). */
  private static Map<String, Object> catalogue() {
    return Map.of(
        "color",
        string(Map.of("maxLength", 5, "label", "Colour")),
        "weight",
        Map.of("type", "number"),
        "sizes",
        Map.of("type", "array", "items", Map.of("type", "string")));
  }

  @Test
  void answersAnEmptySchemaUntilOneIsStored() {
    String w = Api.createWorkspace();
    asAdmin().get(extended(w)).then().statusCode(200).body("$", anEmptyMap());
    // spec §5: an unknown workspace answers 403 "workspace not found"
    asAdmin()
        .get(extended(UUID.randomUUID().toString()))
        .then()
        .statusCode(403)
        .body("message", containsString("workspace not found"));
  }

  @Test
  void storesAValidSchemaWithItsDefaultsAndReadsItBack() {
    String w = Api.createWorkspace();
    asAdmin()
        .body(catalogue())
        .put(extended(w))
        .then()
        .statusCode(200)
        .body("color.type", equalTo("string"))
        .body("color.contactlabProperties.maxLength", equalTo(5))
        .body("color.contactlabProperties.label", equalTo("Colour"))
        .body("color.contactlabProperties.enabled", equalTo(true))
        .body("color.contactlabProperties.indexed", equalTo(false))
        .body("sizes.items.type", equalTo("string"))
        .body("sizes.contactlabProperties.maxLength", equalTo(1000))
        .body("weight.contactlabProperties.maxLength", equalTo(null));
    asAdmin()
        .get(extended(w))
        .then()
        .statusCode(200)
        .body("keySet()", containsInAnyOrder("color", "weight", "sizes"))
        .body("color.contactlabProperties.maxLength", equalTo(5))
        .body("weight.type", equalTo("number"))
        .body("sizes.contactlabProperties.maxLength", equalTo(1000));

    // the orders' schema (E4) and the plan models' product fields (E10) show it
    String config = ws(w) + "/configuration";
    asAdmin()
        .get(config + "/events/completedOrder/properties")
        .then()
        .statusCode(200)
        .body(
            "properties.products.items.properties.extended.properties.color.maxLength", equalTo(5))
        .body("properties.products.items.properties.extended.additionalProperties", equalTo(false));
    asAdmin()
        .get(config + "/plan-models/ORDER_LINE")
        .then()
        .statusCode(200)
        .body("hub.product.name", containsInAnyOrder("color", "weight", "sizes"))
        .body(
            "hub.product.find { it.name == 'color' }.contactlabProperties.label",
            equalTo("Colour"));

    // a PUT replaces the whole schema
    asAdmin()
        .body(Map.of("weight", Map.of("type", "integer")))
        .put(extended(w))
        .then()
        .statusCode(200);
    asAdmin()
        .get(extended(w))
        .then()
        .body("keySet()", containsInAnyOrder("weight"))
        .body("weight.type", equalTo("integer"));
  }

  @Test
  void refusesBadSchemasNamingThePathAndKeepsTheStoredOne() {
    String w = Api.createWorkspace();
    asAdmin().body(catalogue()).put(extended(w)).then().statusCode(200);
    asAdmin()
        .body(Map.of("my.prop", Map.of("type", "string")))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("my.prop"))
        .body("errors[0].message", containsString("'.'"));
    asAdmin()
        .body(Map.of("p", Map.of("type", "date")))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("p.type"))
        .body("errors[0].message", containsString("must be one of"));
    asAdmin()
        .body(Map.of("p", string(Map.of("maxLength", 6001))))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("p.contactlabProperties.maxLength"))
        .body("errors[0].message", equalTo("must be an integer from 1 to 6000"));
    asAdmin()
        .body(Map.of("p", string(Map.of("maxLength", 0))))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("p.contactlabProperties.maxLength"));
    asAdmin()
        .body(Map.of("n", Map.of("type", "number", "contactlabProperties", Map.of("maxLength", 9))))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("n.contactlabProperties.maxLength"));
    // one bad property refuses the whole body: the good one beside it is not stored either
    asAdmin()
        .body(Map.of("ok", Map.of("type", "boolean"), "bad", Map.of("type", "object")))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo("bad.type"));
    asAdmin()
        .body(List.of("color"))
        .put(extended(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("body"));

    asAdmin()
        .get(extended(w))
        .then()
        .statusCode(200)
        .body("keySet()", containsInAnyOrder("color", "weight", "sizes"))
        .body("color.contactlabProperties.maxLength", equalTo(5));
  }

  @Test
  void onlyClabOperatorsChangeIndexed() {
    String w = Api.createWorkspace();
    Map<String, Object> indexed =
        Map.of("sku2", string(Map.of("indexed", true)), "color", string(Map.of()));
    asAdmin()
        .body(indexed)
        .put(extended(w))
        .then()
        .statusCode(403)
        .body("message", containsString("CLAB_OPERATOR"));
    asAdmin().get(extended(w)).then().body("$", anEmptyMap());

    as(Tokens.operator())
        .body(indexed)
        .put(extended(w))
        .then()
        .statusCode(200)
        .body("sku2.contactlabProperties.indexed", equalTo(true));
    // ADMIN may change anything else while indexed stays as stored ...
    asAdmin()
        .body(
            Map.of(
                "sku2",
                string(Map.of("indexed", true, "label", "Alt SKU")),
                "color",
                string(Map.of("maxLength", 3))))
        .put(extended(w))
        .then()
        .statusCode(200)
        .body("sku2.contactlabProperties.label", equalTo("Alt SKU"));
    // ... but neither clears indexed nor drops an indexed property
    asAdmin()
        .body(Map.of("sku2", string(Map.of("indexed", false))))
        .put(extended(w))
        .then()
        .statusCode(403);
    asAdmin().body(Map.of("color", string(Map.of()))).put(extended(w)).then().statusCode(403);
    asAdmin()
        .get(extended(w))
        .then()
        .body("sku2.contactlabProperties.indexed", equalTo(true))
        .body("sku2.contactlabProperties.label", equalTo("Alt SKU"))
        .body("color.contactlabProperties.maxLength", equalTo(3));

    as(Tokens.operator())
        .body(Map.of("color", string(Map.of())))
        .put(extended(w))
        .then()
        .statusCode(200);
    asAdmin().get(extended(w)).then().body("keySet()", containsInAnyOrder("color"));
  }

  @Test
  void usersAndSourcesReadButNeverWrite() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    asAdmin().body(catalogue()).put(extended(w)).then().statusCode(200);
    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(node, "RW"));
    String source = Api.createSource(w, node).get("token");

    as(user).get(extended(w)).then().statusCode(200).body("color.type", equalTo("string"));
    as(user).body(Map.of("x", Map.of("type", "string"))).put(extended(w)).then().statusCode(403);
    as(source).get(extended(w)).then().statusCode(200).body("weight.type", equalTo("number"));
    as(source).body(Map.of("x", Map.of("type", "string"))).put(extended(w)).then().statusCode(403);
    // a USER is refused before the body is looked at, as for E6
    as(user).body(Map.of("a.b", Map.of("type", "string"))).put(extended(w)).then().statusCode(403);
    asAdmin()
        .get(extended(w))
        .then()
        .body("keySet()", containsInAnyOrder("color", "weight", "sizes"));

    String other = Api.createWorkspace();
    as(user).get(extended(other)).then().statusCode(403);
    as(source).get(extended(other)).then().statusCode(403);
  }

  @Test
  void otherWorkspacesAndOtherSchemasAreUnaffected() {
    String w = Api.createWorkspace();
    String other = Api.createWorkspace();
    asAdmin()
        .body(Map.of("other", Map.of("type", "boolean")))
        .put(extended(other))
        .then()
        .statusCode(200);
    asAdmin().body(catalogue()).put(extended(w)).then().statusCode(200);

    asAdmin().get(extended(other)).then().body("keySet()", containsInAnyOrder("other"));
    asAdmin()
        .get(ws(w) + "/configuration/events/completedOrder/properties/extended")
        .then()
        .statusCode(200)
        .body("$", anEmptyMap());
    asAdmin()
        .get(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200)
        .body("$", anEmptyMap());
  }

  @Test
  void ordersCheckTheirProductsExtendedValuesAgainstTheSchema() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    Map<String, Object> schema =
        Map.of(
            "color",
            string(Map.of("maxLength", 5)),
            "legacy",
            string(Map.of("enabled", false)),
            "weight",
            Map.of("type", "number"));
    asAdmin().body(schema).put(extended(w)).then().statusCode(200);
    UUID customer = EventFixtures.customer(w, node, "prod-" + UUID.randomUUID());

    asAdmin()
        .body(
            order(
                customer,
                List.of(
                    Map.of("id", "p0", "extended", Map.of("color", "red")),
                    Map.of("id", "p1", "extended", Map.of("color", "purple")))))
        .post(ws(w) + "/events")
        .then()
        .statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo("properties.products.1.extended.color"));
    asAdmin()
        .body(order(customer, List.of(Map.of("id", "p0", "extended", Map.of("size", "M")))))
        .post(ws(w) + "/events")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("properties.products.0.extended.size"));
    asAdmin()
        .body(order(customer, List.of(Map.of("id", "p0", "extended", Map.of("legacy", "x")))))
        .post(ws(w) + "/events")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("properties.products.0.extended.legacy"));
    asAdmin()
        .body(order(customer, List.of(Map.of("id", "p0", "extended", Map.of("weight", "heavy")))))
        .post(ws(w) + "/events")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("properties.products.0.extended.weight"));

    String id =
        asAdmin()
            .body(
                order(
                    customer,
                    List.of(
                        Map.of("id", "p0", "extended", Map.of("color", "red", "weight", 1.5)),
                        Map.of("id", "p1"))))
            .post(ws(w) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    asAdmin()
        .get(ws(w) + "/events/" + id)
        .then()
        .statusCode(200)
        .body("properties.products[0].extended.color", equalTo("red"))
        .body("properties.products[0].extended.weight", equalTo(1.5f));

    // a workspace without a product schema keeps product extended values free
    String free = Api.createWorkspace();
    String freeNode = Api.createEntryNode(free);
    UUID freeCustomer = EventFixtures.customer(free, freeNode, "prod-" + UUID.randomUUID());
    asAdmin()
        .body(
            order(
                freeCustomer,
                List.of(Map.of("id", "p0", "extended", Map.of("color", "ultraviolet")))))
        .post(ws(free) + "/events")
        .then()
        .statusCode(202);
  }

  private static Map<String, Object> order(UUID customer, List<Map<String, Object>> products) {
    return Map.of(
        "customerId",
        customer.toString(),
        "type",
        "completedOrder",
        "context",
        "ECOMMERCE",
        "properties",
        Map.of("orderId", "o-" + UUID.randomUUID(), "products", products));
  }
}
