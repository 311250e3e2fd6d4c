package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.create;
import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.customer.CustomerFixtures.nodeWithUniqueKey;
import static io.customer360.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerLifecycleTest {

  @Inject Pool pool;

  String ws;
  String node;
  String emailNode;

  @BeforeEach
  void setUp() {
    if (ws != null) {
      return;
    }
    ws = Api.createWorkspace();
    node = nodeWithUniqueKey(ws, List.of("externalId"), false);
    emailNode = nodeWithUniqueKey(ws, List.of("base.contacts.email"), false);
  }

  static String ext() {
    return "ext-" + UUID.randomUUID();
  }

  @Test
  void createsACustomerWithSystemFields() {
    String externalId = ext();
    String id =
        create(
                ws,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    externalId,
                    "base",
                    Map.of(
                        "firstName",
                        "Ann",
                        "contacts",
                        Map.of("email", "Ann@Example.COM", "mobilePhone", "333 123 4567")),
                    "version",
                    99,
                    "id",
                    UUID.randomUUID().toString()))
            .statusCode(201)
            .body("nodeId", equalTo(node))
            .body("externalId", equalTo(externalId))
            .body("intId", notNullValue())
            .body("version", equalTo(1))
            .body("deleted", equalTo(0))
            .body("enabled", equalTo(true))
            .body("registeredAt", notNullValue())
            .body("sourceInfo.registeredBy", notNullValue())
            .body("base.contacts.mobilePhone", equalTo("333 123 4567"))
            .extract()
            .path("id");

    asAdmin()
        .get(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("base.firstName", equalTo("Ann"));

    Set<String> identifiers = new TreeSet<>();
    for (Row r :
        pool.preparedQuery("select type, value from customer_identifier where customer_id = $1")
            .execute(Tuple.of(UUID.fromString(id)))
            .await()
            .indefinitely()) {
      identifiers.add(r.getString("type") + "=" + r.getString("value"));
    }
    assertEquals(
        Set.of("email=ann@example.com", "mobile=+393331234567", "externalId=" + externalId),
        identifiers);
    long logged =
        pool.preparedQuery(
                "select count(*) as n from change_log where entity = 'CUSTOMER' and entity_id = $1")
            .execute(Tuple.of(UUID.fromString(id)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getLong("n");
    assertEquals(1, logged);
  }

  @Test
  void createWithAnExistingKeyMergesIntoThatCustomerAndAnswers200() {
    String externalId = ext();
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId,
                "base",
                Map.of(
                    "firstName",
                    "Ann",
                    "lastName",
                    "Lee",
                    "subscriptions",
                    List.of(
                        Map.of(
                            "id", "news", "name", "News", "kind", "SERVICE", "subscribed", true))),
                "tags",
                Map.of("manual", List.of("a", "b"))));

    create(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId.toUpperCase(),
                "base",
                Map.of(
                    "firstName",
                    "Bea",
                    "title",
                    "Dr",
                    "subscriptions",
                    List.of(Map.of("id", "news", "subscribed", false))),
                "tags",
                Map.of("manual", List.of("b", "c"))))
        .statusCode(200)
        .body("id", equalTo(id))
        .body("version", equalTo(2))
        .body("base.firstName", equalTo("Bea"))
        .body("base.lastName", equalTo("Lee"))
        .body("base.title", equalTo("Dr"))
        .body("tags.manual", equalTo(List.of("a", "b", "c")))
        .body("base.subscriptions", hasSize(1))
        .body("base.subscriptions[0].name", equalTo("News"))
        .body("base.subscriptions[0].kind", equalTo("SERVICE"))
        .body("base.subscriptions[0].subscribed", equalTo(false));
  }

  @Test
  void mergesOnTheEmailPolicyCaseInsensitively() {
    String email = "m" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String id =
        createId(
            ws, Map.of("nodeId", emailNode, "base", Map.of("contacts", Map.of("email", email))));
    create(
            ws,
            Map.of(
                "nodeId",
                emailNode,
                "base",
                Map.of("firstName", "Z", "contacts", Map.of("email", email.toUpperCase()))))
        .statusCode(200)
        .body("id", equalTo(id))
        .body("base.firstName", equalTo("Z"));
  }

  @Test
  void refusesACreateWithoutTheUniqueKeyProperty() {
    create(ws, Map.of("nodeId", emailNode, "base", Map.of("firstName", "A")))
        .statusCode(400)
        .body("errors.path", hasItem("base.contacts.email"));
    create(ws, Map.of("base", Map.of("firstName", "A")))
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
    create(ws, Map.of("nodeId", UUID.randomUUID().toString(), "externalId", "x")).statusCode(404);
  }

  @Test
  void putReplacesTheDocument() {
    String externalId = ext();
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId,
                "base",
                Map.of(
                    "firstName",
                    "Ann",
                    "lastName",
                    "Lee",
                    "subscriptions",
                    List.of(Map.of("id", "news", "name", "News", "subscribed", true))),
                "tags",
                Map.of("manual", List.of("a"))));
    asAdmin()
        .body(
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId,
                "base",
                Map.of(
                    "firstName",
                    "Bea",
                    "subscriptions",
                    List.of(Map.of("id", "news", "subscribed", false))),
                "tags",
                Map.of("manual", List.of("x", "x"))))
        .put(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("base.firstName", equalTo("Bea"))
        .body("base.lastName", nullValue())
        .body("tags.manual", equalTo(List.of("x")))
        .body("base.subscriptions[0].name", equalTo("News"))
        .body("base.subscriptions[0].subscribed", equalTo(false));

    asAdmin()
        .queryParam("mode", "STRICT")
        .body(
            Map.of(
                "nodeId",
                node,
                "externalId",
                externalId,
                "base",
                Map.of("subscriptions", List.of(Map.of("id", "news", "subscribed", true)))))
        .put(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("version", equalTo(3))
        .body("base.subscriptions[0].name", nullValue())
        .body("tags", nullValue());
  }

  @Test
  void putNeedsTheSameNodeAndTheUniqueKey() {
    String externalId = ext();
    String id = createId(ws, Map.of("nodeId", node, "externalId", externalId));
    asAdmin()
        .body(Map.of("externalId", externalId))
        .put(customers(ws) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
    asAdmin()
        .body(Map.of("nodeId", emailNode, "externalId", externalId))
        .put(customers(ws) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
    asAdmin()
        .body(Map.of("nodeId", node))
        .put(customers(ws) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("externalId"));
  }

  @Test
  void patchMergesAndStrictReplacesSubscriptions() {
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                ext(),
                "base",
                Map.of(
                    "firstName",
                    "Ann",
                    "subscriptions",
                    List.of(Map.of("id", "news", "name", "News", "subscribed", true))),
                "tags",
                Map.of("manual", List.of("a"))));
    asAdmin()
        .body(
            Map.of(
                "base",
                Map.of(
                    "lastName",
                    "Lee",
                    "subscriptions",
                    List.of(Map.of("id", "news", "subscribed", false))),
                "tags",
                Map.of("manual", List.of("a", "b")),
                "sourceInfo",
                Map.of("registeredBy", "me")))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("base.firstName", equalTo("Ann"))
        .body("base.lastName", equalTo("Lee"))
        .body("tags.manual", equalTo(List.of("a", "b")))
        .body("base.subscriptions[0].name", equalTo("News"))
        .body("base.subscriptions[0].subscribed", equalTo(false));

    asAdmin()
        .queryParam("mode", "STRICT")
        .body(
            Map.of(
                "base", Map.of("subscriptions", List.of(Map.of("id", "news", "subscribed", true)))))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("base.subscriptions[0].name", nullValue())
        .body("base.firstName", equalTo("Ann"));

    asAdmin()
        .queryParam("mode", "LENIENT")
        .body(Map.of("base", Map.of()))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("mode"));
  }

  /** The merged result is validated: a subscription keeps its stored subscribed unless STRICT. */
  @Test
  void patchValidatesTheMergedResult() {
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                ext(),
                "base",
                Map.of("subscriptions", List.of(Map.of("id", "s", "subscribed", true)))));
    Map<String, Object> renamed =
        Map.of("base", Map.of("subscriptions", List.of(Map.of("id", "s", "name", "News"))));
    asAdmin()
        .queryParam("mode", "STRICT")
        .body(renamed)
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("base.subscriptions[0].subscribed"));
    asAdmin()
        .body(renamed)
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("base.subscriptions[0].subscribed", equalTo(true));
  }

  @Test
  void patchChangingTheKeyToAnotherCustomersKeyIsAConflict() {
    String a = ext();
    createId(ws, Map.of("nodeId", node, "externalId", a));
    String b = createId(ws, Map.of("nodeId", node, "externalId", ext()));
    asAdmin().body(Map.of("externalId", a)).patch(customers(ws) + "/" + b).then().statusCode(409);
  }

  @Test
  void deleteAnswersTheDeletedCustomer() {
    String id = createId(ws, Map.of("nodeId", node, "externalId", ext()));
    asAdmin().delete(customers(ws) + "/" + id).then().statusCode(200).body("id", equalTo(id));
    asAdmin().get(customers(ws) + "/" + id).then().statusCode(404);
    asAdmin().delete(customers(ws) + "/" + id).then().statusCode(404);
    asAdmin().get(customers(ws) + "/not-a-uuid").then().statusCode(400);
  }

  @Test
  void searchesANodeNewestFirstWithPagingAndProjection() {
    String searchNode = nodeWithUniqueKey(ws, List.of("externalId"), false);
    for (int i = 0; i < 12; i++) {
      createId(
          ws,
          Map.of(
              "nodeId", searchNode, "externalId", "s-" + i, "base", Map.of("firstName", "N" + i)));
    }
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", searchNode)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", hasSize(10))
        .body("elements[0].externalId", equalTo("s-11"))
        .body("page.totalElements", equalTo(12))
        .body("page.totalPages", equalTo(2))
        .body("page.maxElements", equalTo(10000));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", searchNode)
        .queryParam("sort", "externalId,asc")
        .queryParam("size", 5)
        .queryParam("page", 1)
        .queryParam("fields", "base.firstName,externalId")
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", hasSize(5))
        .body("elements[0].externalId", equalTo("s-3"))
        .body("elements[0].base.firstName", equalTo("N3"))
        .body("elements[0].id", notNullValue())
        .body("elements[0].nodeId", nullValue());
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", searchNode)
        .queryParam("externalId", "s-7")
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements.externalId", containsInAnyOrder("s-7"));
  }

  @ParameterizedTest
  @CsvSource({
    "query,{},query.name",
    "query,'{\"name\":\"\"}',query.query",
    "size,51,size",
    "size,-1,size",
    "page,-1,page",
    "sort,firstName,sort",
    "sort,',',sort",
    "nodeId,'',nodeId"
  })
  void refusesBadSearches(String parameter, String value, String path) {
    var request = asAdmin();
    if (!parameter.equals("nodeId")) {
      request.queryParam("nodeId", node);
    }
    SearchSync.awaitIndexed();
    request
        .queryParam(parameter, value)
        .get(customers(ws))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo(path));
  }

  @Test
  void searchNeedsANodeAndTakesFiftyAtMost() {
    asAdmin().get(customers(ws)).then().statusCode(400).body("errors[0].path", equalTo("nodeId"));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", node)
        .queryParam("query", "{}")
        .get(customers(ws))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("query.name"))
        .body("errors[0].message", equalTo("is required and must be a string"));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", node)
        .queryParam("size", 50)
        .get(customers(ws))
        .then()
        .statusCode(200);
  }

  @Test
  void searchesAnAggregateNodeOnlyWhenActive() {
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Unified",
                    "entryNodes",
                    List.of(node),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(Api.ws(ws) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", aggregate)
        .get(customers(ws))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(Api.ws(ws) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", aggregate)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", notNullValue());
    asAdmin().get(customers(ws) + "/" + UUID.randomUUID()).then().statusCode(404);
  }

  @Test
  void payloadsAreLimitedTo64KiloBytes() {
    Map<String, Object> body = new HashMap<>(Map.of("nodeId", node, "externalId", ext()));
    body.put("extra", "");
    String skeleton = json(body);
    String atLimit = pad(body, 65536 - skeleton.length());
    assertEquals(65536, atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    asAdmin().body(atLimit).post(customers(ws)).then().statusCode(201);
    body.put("externalId", ext());
    String pastLimit = pad(body, 65537 - json(body).length());
    asAdmin().body(pastLimit).post(customers(ws)).then().statusCode(413);
  }

  private static String pad(Map<String, Object> body, int extra) {
    Map<String, Object> copy = new HashMap<>(body);
    copy.put("extra", "p".repeat(extra));
    return json(copy);
  }

  private static String json(Object o) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
