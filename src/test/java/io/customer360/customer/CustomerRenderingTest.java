package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One customer, one rendering (issue 14, item 2): GET, the node's list, the export and the
 * change-log row agree field by field; session binding has one rule (item 1).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerRenderingTest {

  @Inject Pool pool;
  @Inject ObjectMapper mapper;

  JsonNode tree(String json) throws Exception {
    return mapper.readTree(json);
  }

  JsonNode changeLogRow(String id) throws Exception {
    String data =
        pool.preparedQuery(
                "select data::text from change_log where entity = 'CUSTOMER' and entity_id = $1"
                    + " order by \"offset\" desc limit 1")
            .execute(Tuple.of(UUID.fromString(id)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getString(0);
    return tree(data);
  }

  static void assertSameFields(JsonNode expected, JsonNode actual, String where) {
    assertEquals(names(expected), names(actual), where + ": property names");
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      assertEquals(expected.get(name), actual.get(name), where + ": " + name);
    }
  }

  static TreeSet<String> names(JsonNode n) {
    TreeSet<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void getListExportAndChangeLogRenderACustomerAlike() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String externalId = "r-" + UUID.randomUUID();
    String id =
        createId(
            w,
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
                    Map.of("email", "ann@example.com", "fax", "123456"),
                    "likes",
                    List.of(Map.of("id", "l1", "name", "Jazz"))),
                "tags",
                Map.of("manual", List.of("vip"))));
    JsonNode created = tree(asAdmin().get(customers(w) + "/" + id).then().extract().asString());
    assertSameFields(created, changeLogRow(id), "change log after create");

    asAdmin()
        .body(Map.of("base", Map.of("lastName", "Lee")))
        .patch(customers(w) + "/" + id)
        .then()
        .statusCode(200);
    JsonNode got = tree(asAdmin().get(customers(w) + "/" + id).then().extract().asString());
    SearchSync.awaitIndexed();
    JsonNode listed =
        tree(asAdmin()
                .queryParam("nodeId", node)
                .queryParam("externalId", externalId)
                .get(customers(w))
                .then()
                .statusCode(200)
                .extract()
                .asString())
            .path("elements")
            .get(0);
    JsonNode exported =
        tree(asAdmin().get(customers(w) + "/" + id + "/export").then().extract().asString())
            .path("customer");
    assertSameFields(got, listed, "list");
    assertSameFields(got, exported, "export");
    assertSameFields(got, changeLogRow(id), "change log after patch");
    assertEquals(2, got.path("version").asInt());
  }

  @Test
  void aSessionBindsAgainToItsCustomerAndConflictsWithAnother() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String a = createId(w, Map.of("nodeId", node, "externalId", "a"));
    String b = createId(w, Map.of("nodeId", node, "externalId", "b"));
    String value = "s-" + UUID.randomUUID();
    asAdmin()
        .queryParam("sessionId", value)
        .body(Map.of("base", Map.of("firstName", "A")))
        .patch(customers(w) + "/" + a)
        .then()
        .statusCode(200);
    asAdmin()
        .queryParam("sessionId", value)
        .body(Map.of("base", Map.of("firstName", "A2")))
        .patch(customers(w) + "/" + a)
        .then()
        .statusCode(200);
    asAdmin()
        .body(Map.of("value", value))
        .post(customers(w) + "/" + a + "/sessions")
        .then()
        .statusCode(201)
        .body("value", equalTo(value));
    asAdmin()
        .queryParam("sessionId", value)
        .body(Map.of("base", Map.of("firstName", "B")))
        .patch(customers(w) + "/" + b)
        .then()
        .statusCode(409)
        .body("errors[0].path", equalTo("sessionId"));
    asAdmin()
        .get(customers(w) + "/" + b)
        .then()
        .body("base.firstName", org.hamcrest.Matchers.nullValue());
    asAdmin()
        .body(Map.of("value", value))
        .post(customers(w) + "/" + b + "/sessions")
        .then()
        .statusCode(409)
        .body("errors[0].path", equalTo("value"));
    asAdmin()
        .queryParam("sessionId", " ")
        .body(Map.of("nodeId", node, "externalId", "c"))
        .post(customers(w))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("sessionId"));
  }
}
