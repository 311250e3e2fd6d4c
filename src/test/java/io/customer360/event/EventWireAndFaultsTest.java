package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event's one wire shape across endpoints, and the event faults of issue 13: unified customers'
 * events (15), the implied bring-back node (26), strict configuration bodies (8, 10, 11, 12),
 * default page size (21) and the unfiltered count (24).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class EventWireAndFaultsTest {

  private static final String MILLIS_Z = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  @Inject Pool pool;
  @Inject ObjectMapper mapper;

  String workspace;
  String node;

  @BeforeEach
  void freshWorkspace() {
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
  }

  private String events() {
    return ws(workspace) + "/events";
  }

  private static Map<String, Object> viewedPage(Object customerId, String date) {
    Map<String, Object> body = new HashMap<>();
    body.put("customerId", customerId.toString());
    body.put("type", "viewedPage");
    body.put("context", "WEB");
    body.put("properties", Map.of("url", "https://shop.example/p/1"));
    if (date != null) {
      body.put("date", date);
    }
    return body;
  }

  private String create(RequestSpecification as, Map<String, Object> body) {
    return as.body(body).post(events()).then().statusCode(202).extract().path("id");
  }

  private JsonNode json(String text) throws Exception {
    return mapper.readTree(text);
  }

  // --- one renderer, one timestamp format -----------------------------------------------------

  @Test
  void rendersAnEventTheSameWayInGetSearchExportAndTheChangeLog() throws Exception {
    UUID c = EventFixtures.customer(workspace, node, "wire-1");
    String id = create(asAdmin(), viewedPage(c, "2026-01-10T10:00:00.5+02:00"));
    String got =
        asAdmin()
            .get(events() + "/" + id)
            .then()
            .statusCode(200)
            .body("date", equalTo("2026-01-10T08:00:00.500Z"))
            .body("registeredAt", matchesPattern(MILLIS_Z))
            .body("updatedAt", matchesPattern(MILLIS_Z))
            .extract()
            .asString();
    JsonNode event = json(got);
    JsonNode searched =
        json(asAdmin()
                .queryParam("customerId", c.toString())
                .get(events())
                .then()
                .statusCode(200)
                .extract()
                .asString())
            .path("elements")
            .get(0);
    JsonNode exported =
        json(asAdmin()
                .get(ws(workspace) + "/customers/" + c + "/export")
                .then()
                .statusCode(200)
                .extract()
                .asString())
            .path("events")
            .get(0);
    String logged =
        pool.preparedQuery(
                "select data::text as d from change_log where entity = 'EVENT'"
                    + " and entity_id = $1 and operation = 'CREATE'")
            .execute(Tuple.of(UUID.fromString(id)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getString("d");
    assertEquals(event, searched);
    assertEquals(event, exported);
    assertEquals(event, json(logged));
  }

  /**
   * An ingested event and its change-log row are written by one statement, singly, in a batch and
   * inside the session transaction: every path logs exactly one CREATE row, rendered as GET shows.
   */
  @Test
  void logsEveryIngestedEventOnceAsGetShowsIt() throws Exception {
    UUID c = EventFixtures.customer(workspace, node, "wire-log");
    Map<String, Object> anonymous = viewedPage(c, "2026-01-12T10:00:00Z");
    anonymous.remove("customerId");
    anonymous.put(
        "bringBackProperties", Map.of("type", "SESSION_ID", "value", "s-log-1", "nodeId", node));
    List<String> ids =
        new java.util.ArrayList<>(
            asAdmin()
                .body(
                    Map.of(
                        "events",
                        List.of(
                            viewedPage(c, "2026-01-10T10:00:00.123Z"),
                            viewedPage(c, "2026-01-11T10:00:00Z"),
                            viewedPage(c, "2026-01-11T11:00:00Z"))))
                .post(events() + "/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(3))
                .extract()
                .<List<String>>path("results.id"));
    ids.add(create(asAdmin(), viewedPage(c, "2026-01-09T10:00:00.5Z")));
    ids.add(create(asAdmin(), anonymous));
    for (String id : ids) {
      JsonNode got =
          json(asAdmin().get(events() + "/" + id).then().statusCode(200).extract().asString());
      List<String> logged = loggedCreates(id);
      assertEquals(1, logged.size(), "one CREATE row for " + id);
      assertEquals(got, json(logged.get(0)));
    }
  }

  private List<String> loggedCreates(String id) {
    return pool.preparedQuery(
            "select data::text as d from change_log where entity = 'EVENT'"
                + " and entity_id = $1 and operation = 'CREATE'")
        .execute(Tuple.of(UUID.fromString(id)))
        .map(rows -> io.customer360.common.Db.list(rows, r -> r.getString("d")))
        .await()
        .indefinitely();
  }

  // --- fault 15: a unified customer's events ------------------------------------------------

  @Test
  void searchesAndNavigatesTheEventsOfAUnifiedCustomerAcrossItsMembers() {
    String stores = Api.createEntryNode(workspace);
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Everyone",
                    "entryNodes",
                    List.of(node, stores),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
    String shopCustomer = member(node, "u-1");
    String storeCustomer = member(stores, "u-2");
    String first = create(asAdmin(), viewedPage(shopCustomer, "2025-01-01T10:00:00Z"));
    String second = create(asAdmin(), viewedPage(storeCustomer, "2025-01-02T10:00:00Z"));
    SearchSync.awaitIndexed();
    String unified =
        asAdmin()
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .statusCode(200)
            .body("page.totalElements", equalTo(1))
            .extract()
            .path("elements[0].id");

    asAdmin()
        .queryParam("customerId", unified)
        .get(events())
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(2))
        .body("elements.id", containsInAnyOrder(first, second));
    asAdmin()
        .queryParam("nav", "CUSTOMER")
        .queryParam("customerId", unified)
        .get(events() + "/" + first)
        .then()
        .statusCode(200)
        .body("prev", nullValue())
        .body("next", equalTo(second));
    // without the unified id, nav stays on the event's own entry customer
    asAdmin()
        .queryParam("nav", "CUSTOMER")
        .get(events() + "/" + first)
        .then()
        .body("next", nullValue());
  }

  private String member(String entryNode, String externalId) {
    return asAdmin()
        .body(
            Map.of(
                "nodeId",
                entryNode,
                "externalId",
                externalId,
                "base",
                Map.of("contacts", Map.of("email", "same@example.com"))))
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  // --- fault 26: the implied bring-back node --------------------------------------------------

  private static Map<String, Object> bringBackWithoutNode(String session) {
    return Map.of(
        "bringBackProperties",
        Map.of("type", "SESSION_ID", "value", session),
        "type",
        "loggedIn",
        "context",
        "WEB",
        "properties",
        Map.of());
  }

  @Test
  void takesTheOnlyEntryNodeOfTheSourceWhenBringBackOmitsTheNode() {
    String token = Api.createSource(workspace, node).get("token");
    String id = create(as(token), bringBackWithoutNode("s-26"));
    as(token)
        .get(events() + "/" + id)
        .then()
        .statusCode(200)
        .body("bringBackProperties.nodeId", equalTo(node))
        .body("bringBackProperties.value", equalTo("s-26"));
  }

  @Test
  void refusesAnOmittedBringBackNodeWhenTheCallerHasNoSingleEntryNode() {
    String twoNodes =
        Api.createSource(workspace, node, Api.createEntryNode(workspace)).get("token");
    for (RequestSpecification caller : List.of(as(twoNodes), asAdmin())) {
      caller
          .body(bringBackWithoutNode("s-26b"))
          .post(events())
          .then()
          .statusCode(400)
          .body("errors[0].path", equalTo("bringBackProperties.nodeId"));
    }
  }

  // --- faults 8, 10, 11, 12: strict configuration bodies --------------------------------------

  static Stream<Arguments> refusedConfigurationBodies() {
    String label = "x".repeat(300);
    Map<String, Object> longLabel =
        Map.of("size", Map.of("type", "string", "contactlabProperties", Map.of("label", label)));
    return Stream.of(
        Arguments.of("/events/viewedPage/enabled", "{\"value\":2}", "value"),
        Arguments.of("/events/viewedPage/enabled", "{\"value\":\"true\"}", "value"),
        Arguments.of("/events/viewedPage/enabled", "{\"value\":true,\"x\":1}", "x"),
        Arguments.of("/events/viewedPage/enabled", "", "body"),
        Arguments.of("/events/viewedPage", "{\"enabled\":true,\"colour\":\"red\"}", "colour"),
        Arguments.of("/events/viewedPage", "{\"enabled\":1}", "enabled"),
        Arguments.of("/events/viewedPage", "null", "body"),
        Arguments.of("/products/update-policy", "", "body"),
        Arguments.of("/products/update-policy", "null", "body"),
        Arguments.of("/products/update-policy", "{}", "eventTypes"),
        Arguments.of("/products/update-policy", "{\"eventTypes\":[1]}", "eventTypes[0]"),
        Arguments.of("/payload-size", "", "body"),
        Arguments.of("/consent-policy", "null", "body"),
        Arguments.of(
            "/events/completedOrder/properties/extended",
            toJson(longLabel),
            "size.contactlabProperties.label"),
        Arguments.of("/events/completedOrder/properties/extended", "", "body"),
        Arguments.of(
            "/products/properties/extended", toJson(longLabel), "size.contactlabProperties.label"),
        Arguments.of("/products/properties/extended", "", "body"),
        Arguments.of("/products/properties/extended", "null", "body"));
  }

  private static String toJson(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("refusedConfigurationBodies")
  void refusesConfigurationBodiesNamingTheField(String path, String body, String field) {
    asAdmin()
        .body(body)
        .put(ws(workspace) + "/configuration" + path)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo(field));
  }

  @Test
  void aRefusedBodyNeverClearsTheProductsPolicyOrWritesALabel() {
    asAdmin()
        .body("")
        .put(ws(workspace) + "/configuration/products/update-policy")
        .then()
        .statusCode(400);
    asAdmin()
        .get(ws(workspace) + "/configuration/products/update-policy")
        .then()
        .body("eventTypes", equalTo(List.of("completedOrder")));
    String huge =
        "{\"size\":{\"type\":\"string\",\"contactlabProperties\":{\"label\":\""
            + "x".repeat(2_000_000)
            + "\"}}}";
    int status =
        asAdmin()
            .body(huge)
            .put(ws(workspace) + "/configuration/events/completedOrder/properties/extended")
            .then()
            .extract()
            .statusCode();
    assertEquals(true, status == 400 || status == 413, "status " + status);
    asAdmin()
        .get(ws(workspace) + "/configuration/events/completedOrder/properties/extended")
        .then()
        .body("size", nullValue());
    asAdmin()
        .queryParam("resolveReferences", "maybe")
        .get(ws(workspace) + "/configuration/events/viewedPage")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("resolveReferences"));
  }

  @Test
  void refusesUnknownTopLevelPropertiesOfABatch() {
    UUID c = EventFixtures.customer(workspace, node, "batch-1");
    asAdmin()
        .body(Map.of("events", List.of(viewedPage(c, null)), "atomic", true))
        .post(events() + "/batch")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("atomic"));
    asAdmin()
        .queryParam("customerId", c.toString())
        .get(events())
        .then()
        .body("elements", hasSize(0));
  }

  // --- faults 21 and 24: default page size, unfiltered count ----------------------------------

  @Test
  void pagesByTenAndCountsTheEventsBeforeTheFilters() {
    UUID busy = EventFixtures.customer(workspace, node, "busy");
    UUID quiet = EventFixtures.customer(workspace, node, "quiet");
    List<Object> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      batch.add(viewedPage(busy, null));
    }
    batch.add(viewedPage(quiet, null));
    asAdmin().body(batch).post(events() + "/batch").then().statusCode(200);

    asAdmin()
        .queryParam("customerId", busy.toString())
        .get(events())
        .then()
        .statusCode(200)
        .body("elements", hasSize(10))
        .body("page.size", equalTo(10))
        .body("page.totalElements", equalTo(12))
        .body("page.totalUnfilteredElements", equalTo(13));
    asAdmin()
        .queryParam("size", 0)
        .get(events())
        .then()
        .body("page.totalElements", equalTo(13))
        .body("page.totalUnfilteredElements", equalTo(13));
    // a source sees only its nodes' events, before and after filters
    String other = Api.createEntryNode(workspace);
    String token = Api.createSource(workspace, other).get("token");
    as(token)
        .queryParam("type", "viewedPage")
        .get(events())
        .then()
        .body("page.totalElements", equalTo(0))
        .body("page.totalUnfilteredElements", equalTo(0));
  }
}
