package io.customer360.consent;

import static io.customer360.consent.ConsentFixtures.automatic;
import static io.customer360.consent.ConsentFixtures.consents;
import static io.customer360.consent.ConsentFixtures.create;
import static io.customer360.consent.ConsentFixtures.customers;
import static io.customer360.consent.ConsentFixtures.list;
import static io.customer360.consent.ConsentFixtures.listAs;
import static io.customer360.consent.ConsentFixtures.patch;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * K1 and K2 (spec §1.11): every filter, sorting, paging, bad parameters and who may read.
 *
 * <p>The workspace: entry node A (unique by externalId), entry node B (unique by e-mail, case
 * insensitive) and the ACTIVE aggregate G over both, matching e-mails. Seven entries, in this
 * order: a1 (A) email.status true; b1 (B, the same e-mail as a1, so one unified customer with it)
 * sms.objection true and sms.status true; a2 (A) disclaimer v1 and profiling.classic.limitation
 * true; then a1's email.status false (a PATCH) and a2's export.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ConsentLogSearchTest {

  @Inject Pool pool;

  String w;
  String nodeA;
  String nodeB;
  String aggregate;
  String a1;
  String b1;
  String a2;
  String unified;

  @BeforeEach
  void sevenEntries() throws InterruptedException {
    w = Api.createWorkspace();
    nodeA = Api.createEntryNode(w);
    nodeB =
        Api.createEntryNode(
            w,
            Map.of(
                "name",
                "Stores",
                "uniqueCustomer",
                Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)));
    aggregate = Api.createActiveAggregate(w, nodeA, nodeB);
    a1 =
        create(
                w,
                Map.of(
                    "nodeId",
                    nodeA,
                    "externalId",
                    "a1",
                    "base",
                    Map.of("contacts", Map.of("email", "one@example.com")),
                    "consents",
                    automatic("email", Map.of("status", true))))
            .getString("id");
    pause();
    b1 =
        create(
                w,
                Map.of(
                    "nodeId",
                    nodeB,
                    "base",
                    Map.of("contacts", Map.of("email", "one@example.com")),
                    "consents",
                    automatic("sms", Map.of("status", true, "objection", true))))
            .getString("id");
    pause();
    a2 =
        create(
                w,
                Map.of(
                    "nodeId",
                    nodeA,
                    "externalId",
                    "a2",
                    "consents",
                    Map.of(
                        "disclaimer",
                        Map.of("version", "v1"),
                        "profiling",
                        Map.of("classic", Map.of("limitation", true)))))
            .getString("id");
    pause();
    patch(w, a1, Map.of("consents", automatic("email", Map.of("status", false))));
    pause();
    asAdmin().get(customers(w) + "/" + a2 + "/export").then().statusCode(200);
    unified =
        pool.preparedQuery("select unified_id from unified_member where customer_id = $1")
            .execute(Tuple.of(UUID.fromString(a1)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getUUID(0)
            .toString();
  }

  /** Keeps the steps' dates apart (milliseconds on the wire). */
  private static void pause() throws InterruptedException {
    Thread.sleep(15);
  }

  private List<Map<String, Object>> elements(Map<String, ?> params) {
    return list(w, params).getList("elements");
  }

  /** The (customer, type, property) of each entry, in the answer's order. */
  private List<String> keys(Map<String, ?> params) {
    return elements(params).stream().map(ConsentLogSearchTest::key).toList();
  }

  private static String key(Map<String, Object> e) {
    return e.get("customerId") + " " + e.get("type") + " " + e.get("property");
  }

  private String k(String customer, String type, String property) {
    return customer + " " + type + " " + property;
  }

  private List<String> all() {
    return List.of(
        k(a1, "CONSENT_CHANGED", "consents.marketing.automatic.email.status"),
        k(b1, "CONSENT_OBJECTED", "consents.marketing.automatic.sms.objection"),
        k(b1, "CONSENT_CHANGED", "consents.marketing.automatic.sms.status"),
        k(a2, "DISCLAIMER_READ", "consents.disclaimer"),
        k(a2, "CONSENT_RESTRICTED", "consents.profiling.classic.limitation"),
        k(a1, "CONSENT_CHANGED", "consents.marketing.automatic.email.status"),
        k(a2, "DATA_PORTABILITY_REQUESTED", "null"));
  }

  private static List<String> reversed(List<String> in) {
    List<String> out = new ArrayList<>(in);
    java.util.Collections.reverse(out);
    return out;
  }

  private void refused(Map<String, ?> params, int status, String path) {
    var response = asAdmin().queryParams(params).get(consents(w)).then().statusCode(status);
    if (path != null) {
      response.body("errors[0].path", equalTo(path));
    }
  }

  @Test
  void listsNewestFirstByDefaultAndOldestFirstOnRequest() {
    JsonPath page = list(w, Map.of());
    assertEquals(
        reversed(all()),
        page.getList("elements").stream().map(e -> key((Map<String, Object>) e)).toList());
    assertEquals(7, page.getInt("page.totalElements"));
    assertEquals(7, page.getInt("page.totalUnfilteredElements"));
    assertEquals(20, page.getInt("page.size"));
    assertEquals(10_000, page.getInt("page.maxElements"));
    assertEquals(all(), keys(Map.of("sort", "date,asc")));
    assertEquals(all(), keys(Map.of("sort", "date")));
    assertEquals(reversed(all()), keys(Map.of("sort", "date,desc")));
    List<Map<String, Object>> newest = elements(Map.of());
    for (int i = 1; i < newest.size(); i++) {
      Map<String, Object> before = newest.get(i - 1);
      Map<String, Object> after = newest.get(i);
      int byDate = ((String) before.get("date")).compareTo((String) after.get("date"));
      boolean ordered =
          byDate > 0
              || (byDate == 0
                  && ((Number) before.get("id")).longValue()
                      > ((Number) after.get("id")).longValue());
      assertEquals(true, ordered, "date, then id, descending at " + i);
    }
    refused(Map.of("sort", "id"), 400, "sort");
    refused(Map.of("sort", "date,sideways"), 400, "sort");
  }

  @Test
  void filtersByCustomerAnEntryCustomerOrTheMembersOfAUnifiedOne() {
    List<String> everything = all();
    assertEquals(
        List.of(everything.get(0), everything.get(5)),
        keys(Map.of("customerId", a1, "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(0), everything.get(1), everything.get(2), everything.get(5)),
        keys(Map.of("customerId", unified, "sort", "date,asc")));
    assertEquals(List.of(), keys(Map.of("customerId", UUID.randomUUID().toString())));
    JsonPath filtered = list(w, Map.of("customerId", a2));
    assertEquals(3, filtered.getInt("page.totalElements"));
    assertEquals(7, filtered.getInt("page.totalUnfilteredElements"));
    refused(Map.of("customerId", "a1"), 400, "customerId");
  }

  @Test
  void filtersByUniqueKeyThroughEachNodesPolicy() {
    List<String> everything = all();
    assertEquals(
        List.of(everything.get(3), everything.get(4), everything.get(6)),
        keys(Map.of("uniqueKey", "{\"externalId\":\"A2\"}", "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(1), everything.get(2)),
        keys(
            Map.of(
                "uniqueKey",
                "{\"base\":{\"contacts\":{\"email\":\" ONE@example.com\"}}}",
                "sort",
                "date,asc")));
    assertEquals(
        List.of(everything.get(1), everything.get(2)),
        keys(
            Map.of(
                "uniqueKey", "{\"base.contacts.email\":\"one@example.com\"}", "sort", "date,asc")));
    JsonPath nobody = list(w, Map.of("uniqueKey", "{\"externalId\":\"nobody\"}"));
    assertEquals(List.of(), nobody.getList("elements"));
    assertEquals(0, nobody.getInt("page.totalElements"));
    assertEquals(
        List.of(),
        keys(Map.of("uniqueKey", "{\"externalId\":\"a1\"}", "customerId", a2)),
        "both customer filters must hold");
    refused(
        Map.of("uniqueKey", "{\"base.contacts.email\":\"one@example.com\"}", "nodes", nodeA),
        400,
        "uniqueKey");
    refused(Map.of("uniqueKey", "{\"firstName\":\"x\"}"), 400, "uniqueKey");
    refused(Map.of("uniqueKey", "externalId=a1"), 400, "uniqueKey");
  }

  @Test
  void filtersByTypeAndProperty() {
    List<String> everything = all();
    assertEquals(
        List.of(everything.get(0), everything.get(2), everything.get(5)),
        keys(Map.of("type", "CONSENT_CHANGED", "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(1), everything.get(6)),
        keys(Map.of("type", "CONSENT_OBJECTED,DATA_PORTABILITY_REQUESTED", "sort", "date,asc")));
    refused(Map.of("type", "CONSENT_WITHDRAWN"), 400, "type");

    assertEquals(
        List.of(everything.get(0), everything.get(1), everything.get(2), everything.get(5)),
        keys(Map.of("property", "marketing.automatic", "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(1)),
        keys(Map.of("property", "consents.marketing.automatic.sms.objection")));
    assertEquals(List.of(everything.get(3)), keys(Map.of("property", "$.consents.disclaimer")));
    refused(Map.of("property", "consents.marketing.automatic.e"), 400, "property");
    assertEquals(
        List.of(everything.get(1)),
        keys(Map.of("property", "marketing.automatic", "type", "CONSENT_OBJECTED")));
    refused(Map.of("property", "consents.marketing..sms"), 400, "property");
  }

  @Test
  void filtersByNodesAnAggregateStandingForItsEntryNodes() {
    List<String> everything = all();
    assertEquals(
        List.of(
            everything.get(0),
            everything.get(3),
            everything.get(4),
            everything.get(5),
            everything.get(6)),
        keys(Map.of("nodes", nodeA, "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(1), everything.get(2)),
        keys(Map.of("nodes", nodeB, "sort", "date,asc")));
    assertEquals(everything, keys(Map.of("nodes", aggregate, "sort", "date,asc")));
    assertEquals(everything, keys(Map.of("nodes", nodeB + "," + nodeA, "sort", "date,asc")));
    String unknown = UUID.randomUUID().toString();
    asAdmin()
        .queryParam("nodes", nodeA + "," + unknown)
        .get(consents(w))
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found " + unknown));
    refused(Map.of("nodes", "not-a-node"), 404, null);
    String elsewhere = Api.createEntryNode(Api.createWorkspace());
    refused(Map.of("nodes", elsewhere), 404, null);
  }

  @Test
  void filtersByDatesAsWholeDaysOrInstants() {
    List<Map<String, Object>> oldestFirst = elements(Map.of("sort", "date,asc"));
    String patched = (String) oldestFirst.get(5).get("date");
    String exported = (String) oldestFirst.get(6).get("date");
    String created = (String) oldestFirst.get(0).get("date");
    List<String> everything = all();

    assertEquals(
        List.of(everything.get(5), everything.get(6)),
        keys(Map.of("startDate", patched, "sort", "date,asc")));
    assertEquals(
        List.of(everything.get(5)), keys(Map.of("startDate", patched, "endDate", patched)));
    assertEquals(
        everything.subList(0, 6),
        keys(Map.of("endDate", patched, "sort", "date,asc")),
        "inclusive");
    assertEquals(
        List.of(everything.get(6)), keys(Map.of("startDate", exported.replace("Z", "+00:00"))));

    String firstDay = created.substring(0, 10);
    String lastDay = exported.substring(0, 10);
    assertEquals(
        everything, keys(Map.of("startDate", firstDay, "endDate", lastDay, "sort", "date,asc")));
    String dayBefore = java.time.LocalDate.parse(firstDay).minusDays(1).toString();
    String dayAfter = java.time.LocalDate.parse(lastDay).plusDays(1).toString();
    assertEquals(List.of(), keys(Map.of("endDate", dayBefore)));
    assertEquals(List.of(), keys(Map.of("startDate", dayAfter)));

    refused(Map.of("startDate", "yesterday"), 400, "startDate");
    refused(Map.of("endDate", "2026-02-30"), 400, "endDate");
    refused(Map.of("startDate", dayAfter, "endDate", dayBefore), 400, "startDate");
  }

  @Test
  void pagesThroughTheEntries() {
    List<String> newestFirst = reversed(all());
    JsonPath first = list(w, Map.of("size", 3));
    assertEquals(3, first.getInt("page.size"));
    assertEquals(7, first.getInt("page.totalElements"));
    assertEquals(3, first.getInt("page.totalPages"));
    assertEquals(0, first.getInt("page.number"));
    assertEquals(newestFirst.subList(0, 3), keys(Map.of("size", 3)));
    assertEquals(newestFirst.subList(3, 6), keys(Map.of("size", 3, "page", 1)));
    assertEquals(newestFirst.subList(6, 7), keys(Map.of("size", 3, "page", 2)));
    JsonPath past = list(w, Map.of("size", 3, "page", 3));
    assertEquals(List.of(), past.getList("elements"));
    assertEquals(7, past.getInt("page.totalElements"));
    JsonPath counts = list(w, Map.of("size", 0, "type", "CONSENT_CHANGED"));
    assertEquals(List.of(), counts.getList("elements"));
    assertEquals(3, counts.getInt("page.totalElements"));
    assertEquals(7, counts.getInt("page.totalUnfilteredElements"));
    refused(Map.of("size", 101), 400, "size");
    refused(Map.of("size", "ten"), 400, "size");
    refused(Map.of("page", -1), 400, "page");
    refused(Map.of("page", 100, "size", 100), 400, "page");
  }

  /**
   * Counts and pages reach the first 10,000 matches (spec §5 style cap). A count that reached the
   * cap is remembered and skipped afterwards (the log only grows): the answers stay the same, also
   * after more entries arrive.
   */
  @Test
  void countsAndPagesStopAtTenThousandEntries() {
    String other = Api.createWorkspace();
    String node = Api.createEntryNode(other);
    String insert =
        """
        insert into consent_log (workspace_id, customer_id, node_id, date, type, property, value)
        select $1, gen_random_uuid(), $2, timestamptz '2026-01-01 00:00:00Z' + g * interval '1 s',
               'CONSENT_CHANGED', 'consents.profiling.online.status', 'true'
          from generate_series($3::int, $4::int) g""";
    pool.preparedQuery(insert)
        .execute(Tuple.of(UUID.fromString(other), UUID.fromString(node), 1, 10_050))
        .await()
        .indefinitely();
    for (int round = 0; round < 2; round++) {
      JsonPath first = list(other, Map.of());
      assertEquals(10_000, first.getInt("page.totalElements"));
      assertEquals(10_000, first.getInt("page.totalUnfilteredElements"));
      assertEquals(10_000, first.getInt("page.maxElements"));
      assertEquals(500, first.getInt("page.totalPages"));
      assertEquals("2026-01-01T02:47:30.000Z", first.getString("elements[0].date"));
      JsonPath last = list(other, Map.of("page", 499));
      assertEquals(20, last.getList("elements").size());
      assertEquals("2026-01-01T00:00:51.000Z", last.getString("elements[19].date"));
      JsonPath byProperty = list(other, Map.of("property", "profiling.online", "size", 5));
      assertEquals(10_000, byProperty.getInt("page.totalElements"));
      assertEquals("2026-01-01T02:47:30.000Z", byProperty.getString("elements[0].date"));
      JsonPath none = list(other, Map.of("type", "CONSENT_OBJECTED"));
      assertEquals(0, none.getInt("page.totalElements"));
      assertEquals(10_000, none.getInt("page.totalUnfilteredElements"));
    }
    asAdmin()
        .queryParams(Map.of("page", 500))
        .get(consents(other))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("page"));
    pool.preparedQuery(insert)
        .execute(Tuple.of(UUID.fromString(other), UUID.fromString(node), 20_000, 20_001))
        .await()
        .indefinitely();
    JsonPath grown = list(other, Map.of("property", "consents.profiling.online"));
    assertEquals(10_000, grown.getInt("page.totalElements"));
    assertEquals("2026-01-01T05:33:21.000Z", grown.getString("elements[0].date"));
  }

  @Test
  void readsOneEntryById() {
    Map<String, Object> e = elements(Map.of("type", "DISCLAIMER_READ")).get(0);
    Object id = e.get("id");
    Map<String, Object> read =
        asAdmin()
            .get(consents(w) + "/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("$");
    assertEquals(e, read);
    assertEquals(Map.of("version", "v1"), read.get("value"));
    asAdmin().get(consents(w) + "/987654321").then().statusCode(404);
    asAdmin().get(consents(w) + "/-1").then().statusCode(404);
    asAdmin()
        .get(consents(w) + "/abc")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
    asAdmin()
        .get(consents(w) + "/99999999999999999999")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
    String other = Api.createWorkspace();
    asAdmin().get(consents(other) + "/" + id).then().statusCode(404);
    assertEquals(0, list(other, Map.of()).getInt("page.totalElements"));
  }

  @Test
  void onlyDposAdminsAndOperatorsReadTheLog() {
    listAs(Tokens.operator(), w, Map.of()).getList("elements");
    assertEquals(7, listAs(Tokens.operator(), w, Map.of()).getInt("page.totalElements"));
    Object entryOfB = elements(Map.of("nodes", nodeB)).get(0).get("id");
    Object entryOfA = elements(Map.of("nodes", nodeA)).get(0).get("id");

    String dpo = Tokens.dpo();
    int dpoId = Api.userId(dpo);
    as(dpo).get(consents(w)).then().statusCode(403);
    Api.grant(w, dpoId, Map.of(nodeA, "R"));
    JsonPath seen = listAs(dpo, w, Map.of());
    assertEquals(5, seen.getInt("page.totalElements"));
    assertEquals(5, seen.getInt("page.totalUnfilteredElements"));
    assertEquals(List.of(nodeA), seen.getList("elements.nodeId").stream().distinct().toList());
    assertEquals(0, listAs(dpo, w, Map.of("customerId", b1)).getInt("page.totalElements"));
    as(dpo).queryParam("nodes", nodeB).get(consents(w)).then().statusCode(403);
    as(dpo).get(consents(w) + "/" + entryOfB).then().statusCode(403);
    as(dpo).get(consents(w) + "/" + entryOfA).then().statusCode(200);

    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(nodeA, "RW", nodeB, "RW"));
    as(user).get(consents(w)).then().statusCode(403);
    as(user).get(consents(w) + "/" + entryOfA).then().statusCode(403);
    String token = Api.createSource(w, nodeA, nodeB).get("token");
    as(token).get(consents(w)).then().statusCode(403);
    as(token).get(consents(w) + "/" + entryOfA).then().statusCode(403);
    given().get(consents(w)).then().statusCode(401);
  }
}
