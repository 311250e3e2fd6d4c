package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class EventApiTest {

  @Inject Pool pool;

  private static String workspace;
  private static String node;

  @BeforeEach
  void setUp() {
    if (workspace == null) {
      workspace = Api.createWorkspace();
      node = Api.createEntryNode(workspace);
    }
  }

  private String events() {
    return ws(workspace) + "/events";
  }

  private UUID customer() {
    return EventFixtures.customer(workspace, node, "ext-" + UUID.randomUUID());
  }

  private static Map<String, Object> viewedPage(Object customerId) {
    return Map.of(
        "customerId",
        customerId.toString(),
        "type",
        "viewedPage",
        "context",
        "WEB",
        "properties",
        Map.of("url", "https://shop.example/p/1", "title", "Shoes", "path", "/p/1"));
  }

  private String create(Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post(events())
        .then()
        .statusCode(202)
        .body("id", notNullValue())
        .extract()
        .path("id");
  }

  private static Map<String, Object> with(Map<String, Object> body, Map<String, Object> change) {
    Map<String, Object> out = new java.util.HashMap<>(body);
    out.putAll(change);
    return out;
  }

  private static Map<String, Object> with(Map<String, Object> body, Object... pairs) {
    Map<String, Object> out = new java.util.HashMap<>(body);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void createsAnEventForACustomerAndReadsItBack() {
    UUID c = customer();
    String id =
        create(
            with(
                viewedPage(c),
                "date",
                "2026-01-10T10:00:00Z",
                "contextInfo",
                Map.of("client", Map.of("ip", "10.0.0.1")),
                "tracking",
                Map.of("ga", Map.of("utm_source", "news"))));
    asAdmin()
        .get(events() + "/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("customerId", equalTo(c.toString()))
        .body("type", equalTo("viewedPage"))
        .body("context", equalTo("WEB"))
        .body("properties.url", equalTo("https://shop.example/p/1"))
        .body("contextInfo.client.ip", equalTo("10.0.0.1"))
        .body("tracking.ga.utm_source", equalTo("news"))
        .body("date", equalTo("2026-01-10T10:00:00.000Z"))
        .body("origin", equalTo("NATIVE"))
        .body("version", equalTo(1))
        .body("registeredAt", notNullValue())
        .body("bringBackProperties", nullValue());
    List<Row> log =
        rows(
            "select operation from change_log where entity = 'EVENT' and entity_id = '" + id + "'");
    assertEquals(1, log.size());
    assertEquals("CREATE", log.get(0).getString("operation"));
  }

  @Test
  void defaultsTheDateToNow() {
    String id = create(viewedPage(customer()));
    String date = asAdmin().get(events() + "/" + id).then().extract().path("date");
    assertTrue(date.startsWith(String.valueOf(YearMonth.now(ZoneOffset.UTC).getYear())));
  }

  /** One invalid create body per row: the field changed, its value, the status and the path. */
  static Stream<Arguments> invalidCreates() {
    return Stream.of(
        Arguments.of(Map.of("type", "danced"), 400, "type"),
        Arguments.of(Map.of("context", "MOON"), 400, "context"),
        Arguments.of(Map.of("properties", Map.of("url", 42)), 400, "properties.url"),
        Arguments.of(
            Map.of(
                "type", "completedOrder", "properties", Map.of("amount", Map.of("total", "lots"))),
            400,
            "properties.amount.total"),
        Arguments.of(
            Map.of("contextInfo", Map.of("client", Map.of("userAgent", 1))),
            400,
            "contextInfo.client.userAgent"),
        Arguments.of(Map.of("date", "last week"), 400, "date"),
        Arguments.of(
            Map.of(
                "bringBackProperties",
                Map.of("type", "SESSION_ID", "value", "s1", "nodeId", UUID.randomUUID())),
            400,
            "customerId"),
        Arguments.of(Map.of("customerId", UUID.randomUUID().toString()), 404, "customerId"),
        Arguments.of(Map.of("colour", "red"), 400, "colour"));
  }

  @ParameterizedTest
  @MethodSource("invalidCreates")
  void refusesEachInvalidFieldNamingItsPathAndRule(
      Map<String, Object> change, int status, String path) {
    asAdmin()
        .body(with(viewedPage(customer()), change))
        .post(events())
        .then()
        .statusCode(status)
        .body("errors[0].path", equalTo(path))
        .body("errors[0].message", notNullValue());
  }

  @Test
  void refusesABodyWithoutCustomerOrBringBackAndMalformedJson() {
    Map<String, Object> neither = new java.util.HashMap<>(viewedPage(customer()));
    neither.remove("customerId");
    asAdmin()
        .body(neither)
        .post(events())
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("customerId"));
    asAdmin().body("{\"type\":").post(events()).then().statusCode(400);
  }

  @Test
  void keepsAnonymousSessionEventsAndHandsThemToTheCustomerOnceTheSessionIsBound() {
    String session = "sess-" + UUID.randomUUID();
    Map<String, Object> bySession =
        Map.of(
            "bringBackProperties",
            Map.of("type", "SESSION_ID", "value", session, "nodeId", node),
            "type",
            "loggedIn",
            "context",
            "MOBILE",
            "properties",
            Map.of());
    String anonymous = create(bySession);
    asAdmin()
        .get(events() + "/" + anonymous)
        .then()
        .statusCode(200)
        .body("customerId", nullValue())
        .body("bringBackProperties.value", equalTo(session))
        .body("bringBackProperties.type", equalTo("SESSION_ID"));

    UUID c = customer();
    EventFixtures.bindSession(workspace, c, session);
    asAdmin()
        .get(events() + "/" + anonymous)
        .then()
        .body("customerId", equalTo(c.toString()))
        .body("version", equalTo(2));

    String after = create(bySession);
    asAdmin().get(events() + "/" + after).then().body("customerId", equalTo(c.toString()));
    asAdmin()
        .queryParam("customerId", c.toString())
        .get(events())
        .then()
        .statusCode(200)
        .body("elements.id", hasItem(anonymous))
        .body("elements.id", hasItem(after));
  }

  @Test
  void bringsEventsBackByExternalId() {
    String external = "ext-" + UUID.randomUUID();
    UUID c = EventFixtures.customer(workspace, node, external);
    Map<String, Object> body =
        Map.of(
            "bringBackProperties",
            Map.of("type", "EXTERNAL_ID", "value", external, "nodeId", node),
            "type",
            "searched",
            "context",
            "WEB",
            "properties",
            Map.of("keyword", "boots"));
    String id = create(body);
    asAdmin().get(events() + "/" + id).then().body("customerId", equalTo(c.toString()));
    asAdmin()
        .body(
            with(
                body,
                "bringBackProperties",
                Map.of("type", "EXTERNAL_ID", "value", "nobody", "nodeId", node)))
        .post(events())
        .then()
        .statusCode(404)
        .body("errors[0].path", equalTo("bringBackProperties.value"));
  }

  @Test
  void refusesBringBackOnAggregateNodes() {
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Aggregate",
                    "entryNodes",
                    List.of(node),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(
            Map.of(
                "bringBackProperties",
                Map.of("type", "SESSION_ID", "value", "s", "nodeId", aggregate),
                "type",
                "loggedIn",
                "context",
                "WEB",
                "properties",
                Map.of()))
        .post(events())
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("bringBackProperties.nodeId"));
  }

  @Test
  void navigatesToTheCustomersPreviousAndNextEvents() {
    UUID c = customer();
    String first = create(with(viewedPage(c), "date", "2025-03-01T10:00:00Z"));
    String middle = create(with(viewedPage(c), "date", "2025-03-02T10:00:00Z"));
    String last = create(with(viewedPage(c), "date", "2025-04-03T10:00:00Z"));
    create(viewedPage(customer()));
    asAdmin()
        .queryParam("nav", "CUSTOMER")
        .get(events() + "/" + middle)
        .then()
        .statusCode(200)
        .body("prev", equalTo(first))
        .body("next", equalTo(last));
    asAdmin()
        .queryParam("nav", "CUSTOMER")
        .get(events() + "/" + first)
        .then()
        .body("prev", nullValue())
        .body("next", equalTo(middle));
    asAdmin()
        .get(events() + "/" + middle)
        .then()
        .body("prev", nullValue())
        .body("next", nullValue());
    asAdmin()
        .queryParam("nav", "NODE")
        .get(events() + "/" + middle)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nav"));
  }

  @Test
  void replacesAndPatchesButKeepsImmutableFields() {
    UUID c = customer();
    String id = create(with(viewedPage(c), "date", "2026-02-01T08:00:00Z"));
    String url = events() + "/" + id;

    asAdmin()
        .body(with(viewedPage(c), "type", "searched"))
        .put(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("type"))
        .body("errors[0].message", equalTo("is immutable"));
    asAdmin()
        .body(viewedPage(UUID.randomUUID()))
        .put(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("customerId"));
    asAdmin()
        .body(with(viewedPage(c), "registeredAt", "2001-01-01T00:00:00Z"))
        .put(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("registeredAt"));
    asAdmin()
        .body(with(viewedPage(c), "id", UUID.randomUUID().toString()))
        .put(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));

    asAdmin()
        .body(
            with(
                viewedPage(c),
                "context",
                "MOBILE",
                "properties",
                Map.of("url", "https://shop.example/p/2"),
                "date",
                "2026-02-01T08:00:00Z"))
        .put(url)
        .then()
        .statusCode(202)
        .body("context", equalTo("MOBILE"))
        .body("properties.url", equalTo("https://shop.example/p/2"))
        .body("properties.title", nullValue())
        .body("version", equalTo(2))
        .body("origin", equalTo("NATIVE"));

    asAdmin()
        .body(Map.of("context", "WEB"))
        .patch(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("context"));
    asAdmin()
        .body(Map.of("properties", Map.of("title", "Boots")))
        .patch(url)
        .then()
        .statusCode(202)
        .body("properties.url", equalTo("https://shop.example/p/2"))
        .body("properties.title", equalTo("Boots"))
        .body("version", equalTo(3));
    asAdmin()
        .body(Map.of("properties", Map.of("title", 5)))
        .patch(url)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("properties.title"));

    asAdmin().delete(url).then().statusCode(204);
    asAdmin().get(url).then().statusCode(404);
    asAdmin().delete(url).then().statusCode(404);
    List<Row> log =
        rows("select operation from change_log where entity_id = '" + id + "' order by \"offset\"");
    assertEquals(
        List.of("CREATE", "UPDATE", "UPDATE", "DELETE"),
        log.stream().map(r -> r.getString("operation")).toList());
  }

  @Test
  void searchesByFiltersNewestFirstWithPaging() {
    UUID c = customer();
    String a = create(with(viewedPage(c), "date", "2024-05-01T00:00:00Z"));
    String b =
        create(
            with(
                viewedPage(c),
                "type",
                "campaignSent",
                "context",
                "DIGITAL_CAMPAIGN",
                "properties",
                Map.of("campaignId", "c1"),
                "date",
                "2024-05-02T00:00:00Z"));
    String d = create(with(viewedPage(c), "context", "MOBILE", "date", "2024-06-03T00:00:00Z"));
    String query = events();
    asAdmin()
        .queryParam("customerId", c.toString())
        .get(query)
        .then()
        .statusCode(200)
        .body("elements.id", contains(d, b, a))
        .body("page.totalElements", equalTo(3))
        .body("page.maxElements", equalTo(10000));
    asAdmin()
        .queryParam("customerId", c.toString())
        .queryParam("mode", "PASSIVE")
        .get(query)
        .then()
        .body("elements.id", contains(b));
    asAdmin()
        .queryParam("customerId", c.toString())
        .queryParam("type", "viewedPage")
        .queryParam("context", "WEB")
        .get(query)
        .then()
        .body("elements.id", contains(a));
    asAdmin()
        .queryParam("customerId", c.toString())
        .queryParam("dateFrom", "2024-05-02T00:00:00Z")
        .queryParam("dateTo", "2024-05-31T00:00:00Z")
        .get(query)
        .then()
        .body("elements.id", contains(b));
    asAdmin()
        .queryParam("customerId", c.toString())
        .queryParam("size", 2)
        .queryParam("page", 1)
        .get(query)
        .then()
        .body("elements.id", contains(a))
        .body("page.totalPages", equalTo(2))
        .body("page.number", equalTo(1));
    asAdmin()
        .queryParam("nodeId", node)
        .queryParam("customerId", c.toString())
        .get(query)
        .then()
        .body("elements", hasSize(3));
    asAdmin()
        .queryParam("type", "nope")
        .get(query)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("type"));
    asAdmin()
        .queryParam("mode", "BOTH")
        .get(query)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("mode"));
    asAdmin()
        .queryParam("dateFrom", "today")
        .get(query)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("dateFrom"));
    asAdmin()
        .queryParam("customerId", "x")
        .get(query)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("customerId"));
    asAdmin().queryParam("page", 200).queryParam("size", 100).get(query).then().statusCode(400);
  }

  @Test
  void createsMonthlyPartitionsForPastAndFutureMonths() {
    create(with(viewedPage(customer()), "date", "2019-03-05T12:00:00Z"));
    Set<String> partitions = new HashSet<>();
    for (Row r :
        rows(
            "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " join pg_class p on p.oid = i.inhparent where p.relname = 'event'")) {
      partitions.add(r.getString("relname"));
    }
    assertTrue(partitions.contains("event_y2019m03"), partitions::toString);
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    for (int i = 0; i <= 3; i++) {
      assertTrue(
          partitions.contains(EventPartitions.tableName(now.plusMonths(i))), partitions::toString);
    }
  }

  @Test
  void ingestsABatchItemByItem() {
    UUID c = customer();
    List<Object> items = new ArrayList<>();
    items.add(viewedPage(c));
    items.add(with(viewedPage(c), "type", "nope"));
    items.add(viewedPage(UUID.randomUUID()));
    items.add(with(viewedPage(c), "date", "2023-11-11T11:00:00Z"));
    var response =
        asAdmin()
            .body(Map.of("events", items))
            .post(events() + "/batch")
            .then()
            .statusCode(207)
            .body("accepted", equalTo(2))
            .body("rejected", equalTo(2))
            .body("results.index", contains(0, 1, 2, 3))
            .body("results.status", contains(202, 400, 404, 202))
            .body("results[1].errors[0].path", equalTo("type"))
            .body("results[2].errors[0].path", equalTo("customerId"))
            .extract();
    String stored = response.path("results[3].id");
    asAdmin()
        .get(events() + "/" + stored)
        .then()
        .statusCode(200)
        .body("date", equalTo("2023-11-11T11:00:00.000Z"));

    asAdmin()
        .body(List.of(viewedPage(c), viewedPage(c)))
        .post(events() + "/batch")
        .then()
        .statusCode(200)
        .body("accepted", equalTo(2))
        .body("results.id", everyItem(notNullValue()));

    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(viewedPage(c));
    }
    asAdmin()
        .body(tooMany)
        .post(events() + "/batch")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("events"));
  }

  @Test
  void refusesDisabledTypesOversizePayloadsAndEventsWithoutConsent() {
    String ws = Api.createWorkspace();
    String n = Api.createEntryNode(ws);
    UUID c = EventFixtures.customer(ws, n, "x1");
    UUID consenting =
        EventFixtures.customer(
            ws, n, "x2", Map.of("profiling", Map.of("classic", Map.of("status", true))));
    String url = ws(ws) + "/events";

    asAdmin()
        .body(Map.of("value", false))
        .put(ws(ws) + "/configuration/events/loggedOut/enabled")
        .then()
        .statusCode(200)
        .body("value", equalTo(false));
    asAdmin()
        .get(ws(ws) + "/configuration/events/loggedOut")
        .then()
        .body("enabled", equalTo(false))
        .body("mode", equalTo("ACTIVE"));
    asAdmin()
        .body(with(viewedPage(c), "type", "loggedOut", "properties", Map.of()))
        .post(url)
        .then()
        .statusCode(422)
        .body("errors[0].path", equalTo("type"));

    asAdmin()
        .body(Map.of("viewedPage", Map.of("maxBytes", 300)))
        .put(ws(ws) + "/configuration/payload-size")
        .then()
        .statusCode(200)
        .body("viewedPage.maxBytes", equalTo(300))
        .body("searched.maxBytes", equalTo(65535));
    asAdmin()
        .body(with(viewedPage(c), "properties", Map.of("title", "x".repeat(400))))
        .post(url)
        .then()
        .statusCode(413);
    asAdmin().body(viewedPage(c)).post(url).then().statusCode(202);
    asAdmin()
        .body(Map.of("viewedPage", Map.of("maxBytes", 0)))
        .put(ws(ws) + "/configuration/payload-size")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("viewedPage.maxBytes"));

    asAdmin()
        .body(Map.of("searched", List.of("consents.profiling.classic")))
        .put(ws(ws) + "/configuration/consent-policy")
        .then()
        .statusCode(200)
        .body("searched", contains("consents.profiling.classic"));
    Map<String, Object> searched =
        with(viewedPage(c), "type", "searched", "properties", Map.of("keyword", "k"));
    asAdmin()
        .body(searched)
        .post(url)
        .then()
        .statusCode(422)
        .body("errors[0].path", equalTo("consents.profiling.classic"));
    asAdmin()
        .body(with(searched, "customerId", consenting.toString()))
        .post(url)
        .then()
        .statusCode(202);
    Map<String, Object> byExternalId = new java.util.HashMap<>(searched);
    byExternalId.remove("customerId");
    byExternalId.put(
        "bringBackProperties", Map.of("type", "EXTERNAL_ID", "value", "x2", "nodeId", n));
    asAdmin().body(byExternalId).post(url).then().statusCode(202);
    byExternalId.put(
        "bringBackProperties", Map.of("type", "EXTERNAL_ID", "value", "x1", "nodeId", n));
    asAdmin().body(byExternalId).post(url).then().statusCode(422);
    byExternalId.put(
        "bringBackProperties", Map.of("type", "SESSION_ID", "value", "nobody-yet", "nodeId", n));
    asAdmin()
        .body(byExternalId)
        .post(url)
        .then()
        .statusCode(422)
        .body("errors[0].path", equalTo("bringBackProperties.value"));
    EventFixtures.bindSession(ws, consenting, "bound-session");
    byExternalId.put(
        "bringBackProperties", Map.of("type", "SESSION_ID", "value", "bound-session", "nodeId", n));
    asAdmin()
        .body(List.of(byExternalId, searched, with(searched, "customerId", consenting.toString())))
        .post(url + "/batch")
        .then()
        .statusCode(207)
        .body("results.status", contains(202, 422, 202));
    asAdmin()
        .body(Map.of("searched", List.of("consents.profiling.sometimes")))
        .put(ws(ws) + "/configuration/consent-policy")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("searched[0]"));
  }

  @Test
  void keepsWorkspacesAndSourceNodesApart() {
    UUID c = customer();
    String id = create(viewedPage(c));
    String other = Api.createWorkspace();
    asAdmin().get(ws(other) + "/events/" + id).then().statusCode(404);
    asAdmin().body(viewedPage(c)).post(ws(other) + "/events").then().statusCode(404);

    String otherNode = Api.createEntryNode(workspace);
    String token = Api.createSource(workspace, otherNode).get("token");
    as(token).get(events() + "/" + id).then().statusCode(404);
    as(token).body(viewedPage(c)).post(events()).then().statusCode(403);
    as(token)
        .queryParam("customerId", c.toString())
        .get(events())
        .then()
        .statusCode(200)
        .body("elements", hasSize(0));
    UUID mine = EventFixtures.customer(workspace, otherNode, "mine");
    String own =
        as(token).body(viewedPage(mine)).post(events()).then().statusCode(202).extract().path("id");
    as(token).get(events() + "/" + own).then().statusCode(200);
    as(token).queryParam("nodeId", node).get(events()).then().statusCode(403);
  }

  @Test
  void letsReadersReadButNotWrite() {
    UUID c = customer();
    String id = create(viewedPage(c));
    String user = io.customer360.support.Tokens.user();
    Api.grant(workspace, Api.userId(user), Map.of(node, "R"));
    as(user).get(events() + "/" + id).then().statusCode(200);
    as(user).body(viewedPage(c)).post(events()).then().statusCode(403);
    as(user)
        .body(Map.of("properties", Map.of("title", "x")))
        .patch(events() + "/" + id)
        .then()
        .statusCode(403);
    as(user).delete(events() + "/" + id).then().statusCode(403);
    as(user)
        .body(Map.of("events", List.of(viewedPage(c))))
        .post(events() + "/batch")
        .then()
        .statusCode(207)
        .body("results[0].status", equalTo(403));
  }

  private List<Row> rows(String sql) {
    List<Row> out = new ArrayList<>();
    pool.query(sql).execute().await().indefinitely().forEach(out::add);
    return out;
  }
}
