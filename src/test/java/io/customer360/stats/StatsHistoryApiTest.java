package io.customer360.stats;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Statistics of additions, updates and deletes over time (S6, S8, S9) over HTTP. The data set is
 * written through the API; its history is then moved into the past in PostgreSQL, as if it had
 * happened on the days chosen here, around the daylight-saving change of Europe/Rome (the
 * workspace's time zone) on 2024-03-31, when clocks went from 02:00 CET to 03:00 CEST:
 *
 * <pre>
 *   customer  node  registered (UTC)        day in Rome   later
 *   h1        H1    2024-03-30T22:30Z       03-30 (Sat)   updated twice at 2024-03-30T22:45Z (03-30)
 *   h2        H1    2024-03-30T23:30Z       03-31 (Sun)   updated at 2024-03-30T23:15Z (03-31)
 *   h3        H1    2024-03-31T21:30Z       03-31 (Sun)
 *   h4        H1    2024-03-31T22:30Z       04-01 (Mon)
 *   h5        H1    2024-03-31T12:00Z       03-31         deleted at 2024-03-31T21:30Z (03-31)
 *   h6        H2    2024-04-01T12:00Z       04-01         updated at 2024-04-02T10:00Z (04-02)
 *   h7        H1    now                                   deleted at 2024-03-31T22:00Z (04-01 00:00)
 *
 *   event                         registered (UTC)     day     later
 *   ev1 h1 viewedPage             2024-03-30T22:30Z    03-30   updated at 2024-03-30T23:30Z (03-31)
 *   ev2 h1 completedOrder         2024-03-31T22:30Z    04-01   updated twice at 2024-04-01T10:00Z
 *   ev3 h2 viewedPage             2024-03-30T23:30Z    03-31   deleted at 2024-03-31T22:30Z (04-01)
 *   ev4 h6 viewedPage (node H2)   2024-04-02T10:00Z    04-02
 * </pre>
 *
 * The registration dates reach the index through a change-log row dated 2000-01-01, outside every
 * range asked here.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsHistoryApiTest {

  static final List<String> FOUR_DAYS =
      List.of("2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02");

  private static final String CUSTOMER_REGISTERED =
      """
      with c as (update customer set registered_at = $3
                  where workspace_id = $1 and id = $2 returning node_id)
      insert into change_log (workspace_id, node_id, entity, entity_id, operation, created_at)
      select $1, node_id, 'CUSTOMER', $2, 'UPDATE', timestamptz '2000-01-01 00:00Z' from c""";

  private static final String EVENT_REGISTERED =
      """
      with e as (update event set registered_at = $3
                  where workspace_id = $1 and id = $2 returning node_id)
      insert into change_log (workspace_id, node_id, entity, entity_id, operation, created_at)
      select $1, node_id, 'EVENT', $2, 'UPDATE', timestamptz '2000-01-01 00:00Z' from e""";

  private static final String CHANGED =
      """
      update change_log set created_at = $5
       where workspace_id = $1 and entity_id = $2 and operation = $3 and created_at >= $4""";

  @Inject Pool pool;

  String w;
  String h1Node;
  String h2Node;
  Instant since;
  final Map<String, UUID> ids = new HashMap<>();

  @BeforeEach
  void history() {
    if (w != null) {
      return;
    }
    since = Instant.now().minusSeconds(60);
    w = Api.createWorkspace();
    h1Node = Api.createEntryNode(w);
    h2Node = Api.createEntryNode(w);
    for (String h : List.of("h1", "h2", "h3", "h4", "h5", "h7")) {
      customer(h, h1Node);
    }
    customer("h6", h2Node);
    event("ev1", "h1", "viewedPage", "WEB", "2024-03-30T10:00:00Z", Map.of("url", "https://s/1"));
    event(
        "ev2",
        "h1",
        "completedOrder",
        "ECOMMERCE",
        "2024-03-31T10:00:00Z",
        Map.of("orderId", "o-1", "amount", Map.of("total", 12)));
    event("ev3", "h2", "viewedPage", "WEB", "2024-03-31T11:00:00Z", Map.of("url", "https://s/3"));
    event("ev4", "h6", "viewedPage", "WEB", "2024-04-01T10:00:00Z", Map.of("url", "https://s/4"));

    registered(CUSTOMER_REGISTERED, "h1", "2024-03-30T22:30:00Z");
    registered(CUSTOMER_REGISTERED, "h2", "2024-03-30T23:30:00Z");
    registered(CUSTOMER_REGISTERED, "h3", "2024-03-31T21:30:00Z");
    registered(CUSTOMER_REGISTERED, "h4", "2024-03-31T22:30:00Z");
    registered(CUSTOMER_REGISTERED, "h5", "2024-03-31T12:00:00Z");
    registered(CUSTOMER_REGISTERED, "h6", "2024-04-01T12:00:00Z");
    registered(EVENT_REGISTERED, "ev1", "2024-03-30T22:30:00Z");
    registered(EVENT_REGISTERED, "ev3", "2024-03-30T23:30:00Z");
    registered(EVENT_REGISTERED, "ev2", "2024-03-31T22:30:00Z");
    registered(EVENT_REGISTERED, "ev4", "2024-04-02T10:00:00Z");

    patchCustomer("h1", "First");
    patchCustomer("h1", "Second");
    patchCustomer("h2", "Third");
    patchCustomer("h6", "Fourth");
    asAdmin().delete(ws(w) + "/customers/" + ids.get("h5")).then().statusCode(200);
    asAdmin().delete(ws(w) + "/customers/" + ids.get("h7")).then().statusCode(200);
    patchEvent("ev2", Map.of("orderId", "o-2"));
    patchEvent("ev2", Map.of("orderId", "o-3"));
    patchEvent("ev1", Map.of("title", "Home"));
    asAdmin().delete(ws(w) + "/events/" + ids.get("ev3")).then().statusCode(204);

    changed("h1", "UPDATE", "2024-03-30T22:45:00Z", 2);
    changed("h2", "UPDATE", "2024-03-30T23:15:00Z", 1);
    changed("h6", "UPDATE", "2024-04-02T10:00:00Z", 1);
    changed("h5", "DELETE", "2024-03-31T21:30:00Z", 1);
    changed("h7", "DELETE", "2024-03-31T22:00:00Z", 1);
    changed("ev2", "UPDATE", "2024-04-01T10:00:00Z", 2);
    changed("ev1", "UPDATE", "2024-03-30T23:30:00Z", 1);
    changed("ev3", "DELETE", "2024-03-31T22:30:00Z", 1);
    SearchSync.awaitIndexed();
  }

  // ------------------------------------------------------------------------------ S8

  @Test
  void customersAddedPerDayOfTheWorkspacesTimeZone() {
    customers("ADDED", null, 1, 2, 2, 0)
        .body("parameters.type", equalTo("ADDED"))
        .body("parameters.start", equalTo("2024-03-29T23:00:00.000Z"))
        .body("parameters.end", equalTo("2024-04-02T21:59:59.999Z"));
    customers("ADDED", h1Node, 1, 2, 1, 0).body("parameters.nodeId", equalTo(h1Node));
    customers("ADDED", h2Node, 0, 0, 1, 0);
  }

  @Test
  void customersUpdatedPerDayCountEachCustomerOnceADay() {
    customers("UPDATED", null, 1, 1, 0, 1);
    customers("UPDATED", h1Node, 1, 1, 0, 0);
    customers("UPDATED", h2Node, 0, 0, 0, 1);
  }

  @Test
  void customersDeletedPerDayFromTheChangeLog() {
    // h7 was deleted at midnight of 2024-04-01 in Rome: that day, not the one before
    customers("DELETED", null, 0, 1, 1, 0);
    customers("DELETED", h2Node, 0, 0, 0, 0);
  }

  @Test
  void deletedRangesAreLimitedToOneMonthOthersToOneYear() {
    get("/customers/by-update-date", "type", "DELETED", "start", "2024-03-03", "end", "2024-04-02")
        .statusCode(200);
    get("/customers/by-update-date", "type", "DELETED", "start", "2024-03-02", "end", "2024-04-02")
        .statusCode(400)
        .body("errors[0].path", equalTo("end"))
        .body("errors[0].message", containsString("1 month"));
    get("/events/by-update-date", "type", "DELETED", "start", "2024-01-01", "end", "2024-04-02")
        .statusCode(400)
        .body("errors[0].path", equalTo("end"));
    get("/events/by-update-date", "type", "UPDATED", "start", "2023-04-03", "end", "2024-04-02")
        .statusCode(200);
    get("/customers/by-update-date", "type", "ADDED", "start", "2023-04-02", "end", "2024-04-02")
        .statusCode(400)
        .body("errors[0].message", containsString("1 year"));
    // the default range of DELETED is the last month, within its maximum
    ValidatableResponse r = get("/customers/by-update-date", "type", "DELETED").statusCode(200);
    Instant end = Instant.parse(r.extract().path("parameters.end"));
    Instant start = Instant.parse(r.extract().path("parameters.start"));
    assertEquals(end.atZone(ZoneId.of("Europe/Rome")).minusMonths(1).toInstant(), start);
  }

  // ------------------------------------------------------------------------------ S6

  @Test
  void customersByCreationDateMonthlyWeeklyAndDaily() {
    get("/customers/by-creation-date", "start", "2024-03-01", "end", "2024-04-30")
        .statusCode(200)
        .body("parameters.mode", equalTo("MONTHLY"))
        .body("data", hasSize(1))
        .body("data[0].category", equalTo("addedCustomers"))
        .body("data[0].type", equalTo("timeseries"))
        .body("data[0].values.datetime", contains("2024-03-01", "2024-04-01"))
        .body("data[0].values.value", contains(3, 2));
    // h3 registered on Sunday 23:30 and h4 on Monday 00:30 in Rome: two ISO weeks
    get("/customers/by-creation-date", "start", "2024-03-25", "end", "2024-04-07", "mode", "WEEKLY")
        .statusCode(200)
        .body("data[0].values.datetime", contains("2024-03-25", "2024-04-01"))
        .body("data[0].values.value", contains(3, 2));
    get(
            "/customers/by-creation-date",
            "start",
            "2024-03-30",
            "end",
            "2024-04-01",
            "mode",
            "DAILY",
            "nodeId",
            h1Node)
        .statusCode(200)
        .body("parameters.nodeId", equalTo(h1Node))
        .body("data[0].values.datetime", contains("2024-03-30", "2024-03-31", "2024-04-01"))
        .body("data[0].values.value", contains(1, 2, 1));
  }

  // ------------------------------------------------------------------------------ S9

  @Test
  void eventsAddedPerDayAndType() {
    ValidatableResponse r =
        events("ADDED", null).body("data.category", contains("completedOrder", "viewedPage"));
    values(r, 0, 0, 0, 1, 0);
    // ev3 was deleted: it is no longer counted as added
    values(r, 1, 1, 0, 0, 1);
    ValidatableResponse nodeH2 =
        events("ADDED", h2Node).body("data.category", contains("viewedPage"));
    values(nodeH2, 0, 0, 0, 0, 1);
  }

  @Test
  void eventsUpdatedAndDeletedPerDayAndTypeFromTheChangeLog() {
    ValidatableResponse updated =
        events("UPDATED", null).body("data.category", contains("completedOrder", "viewedPage"));
    values(updated, 0, 0, 0, 1, 0);
    values(updated, 1, 0, 1, 0, 0);
    ValidatableResponse deleted =
        events("DELETED", null).body("data.category", contains("viewedPage"));
    values(deleted, 0, 0, 0, 1, 0);
    events("DELETED", h2Node).body("data", hasSize(0));
  }

  @Test
  void eventsAddedTodayUnderTheDefaultRange() {
    // a new event is counted on today's date in Rome, the last day of the default range
    String id =
        asAdmin()
            .body(
                Map.of(
                    "customerId",
                    ids.get("h3"),
                    "type",
                    "loggedIn",
                    "context",
                    "WEB",
                    "properties",
                    Map.of()))
            .post(ws(w) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String registeredAt =
        asAdmin()
            .get(ws(w) + "/events/" + id)
            .then()
            .statusCode(200)
            .extract()
            .path("registeredAt");
    SearchSync.awaitIndexed();
    ValidatableResponse r = get("/events/by-update-date").statusCode(200);
    r.body("parameters.type", equalTo("ADDED")).body("data.category", contains("loggedIn"));
    List<String> days = r.extract().path("data[0].values.datetime");
    List<Integer> values = r.extract().path("data[0].values.value");
    String today =
        LocalDate.ofInstant(Instant.parse(registeredAt), ZoneId.of("Europe/Rome")).toString();
    assertEquals(today, days.get(days.size() - 1));
    assertEquals(1, values.get(values.size() - 1));
    assertEquals(1, values.stream().mapToInt(Integer::intValue).sum());
  }

  // ------------------------------------------------------------------------------ helpers

  private ValidatableResponse get(String path, String... params) {
    RequestSpecification r = asAdmin();
    for (int i = 0; i < params.length; i += 2) {
      r = r.queryParam(params[i], params[i + 1]);
    }
    return r.get(ws(w) + "/stats" + path).then();
  }

  private ValidatableResponse customers(String type, String node, Integer... values) {
    List<String> params =
        new java.util.ArrayList<>(
            List.of("type", type, "start", "2024-03-30", "end", "2024-04-02"));
    if (node != null) {
      params.addAll(List.of("nodeId", node));
    }
    return get("/customers/by-update-date", params.toArray(new String[0]))
        .statusCode(200)
        .body("data", hasSize(1))
        .body("data[0].category", equalTo("customers"))
        .body("data[0].type", equalTo("timeseries"))
        .body("data[0].values.datetime", contains(FOUR_DAYS.toArray()))
        .body("data[0].values.value", contains(values));
  }

  private ValidatableResponse events(String type, String node) {
    List<String> params =
        new java.util.ArrayList<>(
            List.of("type", type, "start", "2024-03-30", "end", "2024-04-02"));
    if (node != null) {
      params.addAll(List.of("nodeId", node));
    }
    return get("/events/by-update-date", params.toArray(new String[0]))
        .statusCode(200)
        .body("parameters.type", equalTo(type));
  }

  private static void values(ValidatableResponse r, int i, Integer... values) {
    r.body("data[" + i + "].type", equalTo("timeseries"))
        .body("data[" + i + "].values.datetime", contains(FOUR_DAYS.toArray()))
        .body("data[" + i + "].values.value", contains(values));
  }

  private void customer(String name, String node) {
    String id =
        asAdmin()
            .body(Map.of("nodeId", node, "externalId", name))
            .post(ws(w) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    ids.put(name, UUID.fromString(id));
  }

  private void event(
      String name,
      String customer,
      String type,
      String context,
      String date,
      Map<String, Object> properties) {
    String id =
        asAdmin()
            .body(
                Map.of(
                    "customerId", ids.get(customer),
                    "type", type,
                    "context", context,
                    "date", date,
                    "properties", properties))
            .post(ws(w) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    ids.put(name, UUID.fromString(id));
  }

  private void patchCustomer(String name, String firstName) {
    asAdmin()
        .body(Map.of("base", Map.of("firstName", firstName)))
        .patch(ws(w) + "/customers/" + ids.get(name))
        .then()
        .statusCode(200);
  }

  private void patchEvent(String name, Map<String, Object> properties) {
    asAdmin()
        .body(Map.of("properties", properties))
        .patch(ws(w) + "/events/" + ids.get(name))
        .then()
        .statusCode(202);
  }

  private void registered(String sql, String name, String at) {
    int n =
        pool.preparedQuery(sql)
            .execute(Tuple.of(UUID.fromString(w), ids.get(name), time(at)))
            .await()
            .indefinitely()
            .rowCount();
    assertEquals(1, n, "registration of " + name);
  }

  /** Dates the change-log rows of {@code name} with this operation written by this test. */
  private void changed(String name, String operation, String at, int expected) {
    int n =
        pool.preparedQuery(CHANGED)
            .execute(
                Tuple.of(
                    UUID.fromString(w),
                    ids.get(name),
                    operation,
                    OffsetDateTime.ofInstant(since, ZoneOffset.UTC),
                    time(at)))
            .await()
            .indefinitely()
            .rowCount();
    assertEquals(expected, n, operation + " rows of " + name);
  }

  private static OffsetDateTime time(String instant) {
    return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
  }
}
