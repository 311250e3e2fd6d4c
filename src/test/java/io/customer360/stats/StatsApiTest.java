package io.customer360.stats;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stats operations S1–S7 and S10–S13 over HTTP on one hand-made data set whose answers are
 * computed by hand below. The workspace is in Europe/Rome (the default time zone), whose clocks
 * went from 02:00 CET (+01:00) to 03:00 CEST (+02:00) on Sunday 2024-03-31, so that day lasted 23
 * hours: from 2024-03-30T23:00:00Z to 2024-03-31T22:00:00Z.
 *
 * <p>Nodes: entry nodes A and B, aggregate node AG over both (matching e-mail, ACTIVE), a
 * CONTACTPLAN source on A, a CONTACTSEND source on B. Customers (A: c1, c2, c3, c6, c7; B: c5, c8):
 *
 * <pre>
 *   c1 A  email a@x.com, mobile          -> emailMobile; unified U1 with c5
 *   c2 A  email b@x.com                  -> emailOnly;   unified U2 with c8
 *   c3 A  mobile                         -> mobileOnly
 *   c6 A  email + mobile, e-mail opt-out -> mobileOnly
 *   c7 A  nothing                        -> notReachable
 *   c5 B  email a@x.com                  -> emailOnly
 *   c8 B  mobile, then email b@x.com     -> emailMobile (its unified U8 merged into U2)
 * </pre>
 *
 * Events (UTC instant, the day in Rome):
 *
 * <pre>
 *   e1  c1 viewedPage WEB              2024-03-30T22:30Z  03-30 (23:30 CET)
 *   e2  c1 viewedPage WEB              2024-03-30T23:30Z  03-31 (00:30 CET)
 *   e3  c1 completedOrder ECOMMERCE    2024-03-31T21:30Z  03-31 (23:30 CEST) sale 100.50 / 80
 *   e4  c1 completedOrder ECOMMERCE    2024-03-31T22:30Z  04-01 (00:30 CEST) sale 49.25 / 40
 *   e5  c1 completedOrder RETAIL       2024-04-02T10:00Z  04-02  return 20 / 15
 *   e6  c1 completedOrder ECOMMERCE    2024-04-03T10:00Z  04-03  sale 30 / 25 in USD
 *   e7  c1 abandonedCart ECOMMERCE     2024-04-01T08:00Z  04-01  total 70
 *   e8  c5 viewedPage WEB              2024-03-31T12:00Z  03-31
 *   e9  c5 completedOrder ECOMMERCE    2024-04-01T09:00Z  04-01  10 / 8, no order type (a sale)
 *   e10 c2 viewedPage MOBILE           2024-03-31T12:00Z  03-31
 *   e11 -- viewedPage WEB (anonymous)  2024-04-01T10:00Z  04-01  session of no customer, node A
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsApiTest {

  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  static final List<String> FIVE_DAYS =
      List.of("2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02", "2024-04-03");

  String w;
  String a;
  String b;
  String ag;
  final Map<String, String> c = new HashMap<>();
  String u1;
  String u2;
  String u8;
  String other;

  /** Decimals read as BigDecimal, so money figures compare exactly. */
  static final RestAssuredConfig DECIMALS =
      RestAssured.config()
          .jsonConfig(
              JsonConfig.jsonConfig()
                  .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

  @BeforeEach
  void data() {
    if (w != null) {
      return;
    }
    w = Api.createWorkspace();
    a = Api.createEntryNode(w);
    b = Api.createEntryNode(w);
    ag = Api.createActiveAggregate(w, a, b);
    awaitActivation(w, ag);
    source("CONTACTPLAN", a, Map.of("groupPk", 3, "userdbId", "99"));
    source("CONTACTSEND", b, Map.of("groupPk", 7, "userdbId", "1234"));

    Map<String, Object> optOut =
        Map.of(
            "marketing",
            Map.of(
                "automatic",
                Map.of("email", Map.of("status", false, "limitation", false, "objection", false))));
    customer("c1", a, Map.of("email", "a@x.com", "mobilePhone", "+393330000001"), null);
    customer("c2", a, Map.of("email", "b@x.com"), null);
    customer("c3", a, Map.of("mobilePhone", "+393330000003"), null);
    customer("c6", a, Map.of("email", "f@x.com", "mobilePhone", "+393330000006"), optOut);
    customer("c7", a, null, null);
    customer("c5", b, Map.of("email", "a@x.com"), null);
    customer("c8", b, Map.of("mobilePhone", "+393330000008"), null);

    event("c1", "viewedPage", "WEB", "2024-03-30T22:30:00Z", Map.of("url", "https://s/1"));
    event("c1", "viewedPage", "WEB", "2024-03-30T23:30:00Z", Map.of("url", "https://s/2"));
    event("c1", "completedOrder", "ECOMMERCE", "2024-03-31T21:30:00Z", order("sale", 100.50, 80));
    event("c1", "completedOrder", "ECOMMERCE", "2024-03-31T22:30:00Z", order("sale", 49.25, 40));
    event("c1", "completedOrder", "RETAIL", "2024-04-02T10:00:00Z", order("return", 20, 15));
    Map<String, Object> usd = new HashMap<>(order("sale", 30, 25));
    ((Map<String, Object>) usd.get("amount")).put("local", Map.of("currency", "usd"));
    event("c1", "completedOrder", "ECOMMERCE", "2024-04-03T10:00:00Z", usd);
    event(
        "c1",
        "abandonedCart",
        "ECOMMERCE",
        "2024-04-01T08:00:00Z",
        Map.of("amount", Map.of("total", 70)));
    event("c5", "viewedPage", "WEB", "2024-03-31T12:00:00Z", Map.of("url", "https://s/8"));
    event(
        "c5",
        "completedOrder",
        "ECOMMERCE",
        "2024-04-01T09:00:00Z",
        Map.of("amount", Map.of("total", 10, "revenue", 8)));
    event("c2", "viewedPage", "MOBILE", "2024-03-31T12:00:00Z", Map.of("url", "app://s/10"));
    asAdmin()
        .body(
            Map.of(
                "bringBackProperties",
                Map.of("type", "SESSION_ID", "value", "anonymous-visit", "nodeId", a),
                "type",
                "viewedPage",
                "context",
                "WEB",
                "date",
                "2024-04-01T10:00:00Z",
                "properties",
                Map.of("url", "https://s/11")))
        .post(ws(w) + "/events")
        .then()
        .statusCode(202);

    SearchSync.awaitIndexed();
    u1 = unified("c1");
    u2 = unified("c2");
    u8 = unified("c8");
    // c8 now shares c2's e-mail: the two unified customers merge, the older (U2) survives
    asAdmin()
        .body(Map.of("base", Map.of("contacts", Map.of("email", "b@x.com"))))
        .patch(ws(w) + "/customers/" + c.get("c8"))
        .then()
        .statusCode(200);
    SearchSync.awaitIndexed();

    other = Api.createWorkspace();
  }

  // ------------------------------------------------------------------------------ S10

  @Test
  void eventsByTypeAndContextCountEachDayOfTheWorkspacesTimeZoneAcrossTheDstChange() {
    ValidatableResponse r =
        stats("/events/by-type-context", "start", "2024-03-30", "end", "2024-04-03")
            .statusCode(200)
            .body("parameters.start", equalTo("2024-03-29T23:00:00.000Z"))
            .body("parameters.end", equalTo("2024-04-03T21:59:59.999Z"))
            .body("parameters.context", equalTo("ALL"))
            .body("parameters.nodeId", nullValue())
            .body("data", hasSize(5));
    series(r, 0, "abandonedCart", "ECOMMERCE", 0, 0, 1, 0, 0);
    series(r, 1, "completedOrder", "ECOMMERCE", 0, 1, 2, 0, 1);
    series(r, 2, "completedOrder", "RETAIL", 0, 0, 0, 1, 0);
    series(r, 3, "viewedPage", "MOBILE", 0, 1, 0, 0, 0);
    series(r, 4, "viewedPage", "WEB", 1, 2, 1, 0, 0);
  }

  @Test
  void eventsByTypeAndContextFilterByContextAndNode() {
    ValidatableResponse web =
        stats(
                "/events/by-type-context",
                "start",
                "2024-03-30",
                "end",
                "2024-04-03",
                "context",
                "WEB")
            .statusCode(200)
            .body("parameters.context", equalTo("WEB"))
            .body("data", hasSize(1));
    series(web, 0, "viewedPage", "WEB", 1, 2, 1, 0, 0);

    ValidatableResponse nodeB =
        stats("/events/by-type-context", "start", "2024-03-30", "end", "2024-04-03", "nodeId", b)
            .statusCode(200)
            .body("parameters.nodeId", equalTo(b))
            .body("data", hasSize(2));
    series(nodeB, 0, "completedOrder", "ECOMMERCE", 0, 0, 1, 0, 0);
    series(nodeB, 1, "viewedPage", "WEB", 0, 1, 0, 0, 0);

    // an ACTIVE aggregate node stands for its entry nodes' events
    ValidatableResponse aggregate =
        stats("/events/by-type-context", "start", "2024-03-30", "end", "2024-04-03", "nodeId", ag)
            .statusCode(200)
            .body("data", hasSize(5));
    series(aggregate, 4, "viewedPage", "WEB", 1, 2, 1, 0, 0);
  }

  @Test
  void instantBoundsCutTheRangeToTheMillisecond() {
    // 2024-03-31 in Rome exactly: 23 hours
    ValidatableResponse r =
        stats(
                "/events/by-type-context",
                "start",
                "2024-03-30T23:00:00Z",
                "end",
                "2024-03-31T21:59:59.999Z")
            .statusCode(200)
            .body("parameters.start", equalTo("2024-03-30T23:00:00.000Z"))
            .body("parameters.end", equalTo("2024-03-31T21:59:59.999Z"))
            .body("data", hasSize(3));
    r.body("data[0].values.datetime", contains("2024-03-31"));
    r.body("data[0].category", equalTo("completedOrder")).body("data[0].values.value", contains(1));
    r.body("data[1].context", equalTo("MOBILE")).body("data[1].values.value", contains(1));
    r.body("data[2].context", equalTo("WEB")).body("data[2].values.value", contains(2));

    // an offset and a local date-time (read in Rome) name the same instant
    stats(
            "/events/by-type-context",
            "start",
            "2024-03-31T00:00:00+01:00",
            "end",
            "2024-03-31T23:59:59.999")
        .statusCode(200)
        .body("parameters.start", equalTo("2024-03-30T23:00:00.000Z"))
        .body("parameters.end", equalTo("2024-03-31T21:59:59.999Z"));
  }

  // ------------------------------------------------------------------------------ S1

  @Test
  void customerEventsByCategoryDailyWeeklyAndMonthly() {
    ValidatableResponse daily =
        stats(
                "/../customers/" + c.get("c1") + "/stats/events",
                "start",
                "2024-03-30",
                "end",
                "2024-04-03")
            .statusCode(200)
            .body("parameters.mode", equalTo("DAILY"))
            .body("data.category", contains("abandonedCart", "completedOrder", "viewedPage"))
            .body("data.type", contains("timeseries", "timeseries", "timeseries"));
    values(daily, 0, 0, 0, 1, 0, 0);
    values(daily, 1, 0, 1, 1, 1, 1);
    values(daily, 2, 1, 1, 0, 0, 0);
    daily.body("data[0].values.datetime", contains(FIVE_DAYS.toArray()));

    // weeks start on Monday: 2024-03-25 and 2024-04-01
    ValidatableResponse weekly =
        stats(
                "/../customers/" + c.get("c1") + "/stats/events",
                "start",
                "2024-03-25",
                "end",
                "2024-04-07",
                "mode",
                "WEEKLY")
            .statusCode(200)
            .body("parameters.mode", equalTo("WEEKLY"))
            .body("data[0].values.datetime", contains("2024-03-25", "2024-04-01"));
    values(weekly, 0, 0, 1);
    values(weekly, 1, 1, 3);
    values(weekly, 2, 2, 0);

    // e4 happened on 2024-03-31 in UTC but on 2024-04-01 in Rome: an April order
    ValidatableResponse monthly =
        stats(
                "/../customers/" + c.get("c1") + "/stats/events",
                "start",
                "2024-03-01",
                "end",
                "2024-04-30",
                "mode",
                "MONTHLY")
            .statusCode(200)
            .body("data[0].values.datetime", contains("2024-03-01", "2024-04-01"));
    values(monthly, 0, 0, 1);
    values(monthly, 1, 1, 3);
    values(monthly, 2, 2, 0);
  }

  @Test
  void aUnifiedCustomersEventsAreItsMembersEvents() {
    ValidatableResponse r =
        stats("/../customers/" + u1 + "/stats/events", "start", "2024-03-30", "end", "2024-04-03")
            .statusCode(200)
            .body("data.category", contains("abandonedCart", "completedOrder", "viewedPage"));
    values(r, 0, 0, 0, 1, 0, 0);
    values(r, 1, 0, 1, 2, 1, 1);
    values(r, 2, 1, 2, 0, 0, 0);
  }

  @Test
  void customerStatsOfUnknownMalformedForeignOrMergedCustomers() {
    stats("/../customers/" + UUID.randomUUID() + "/stats/events").statusCode(404);
    stats("/../customers/not-a-uuid/stats/buying-behaviors")
        .statusCode(400)
        .body("errors[0].path", equalTo("customerId"));
    asAdmin().get(ws(other) + "/customers/" + c.get("c1") + "/stats/events").then().statusCode(404);
    asAdmin()
        .redirects()
        .follow(false)
        .get(ws(w) + "/customers/" + u8 + "/stats/events")
        .then()
        .statusCode(301)
        .header("Location", endsWith("/customers/" + u2 + "/stats/events"))
        .body("data.mergedInto", equalTo(u2));
    stats("/../customers/" + c.get("c7") + "/stats/events")
        .statusCode(200)
        .body("data", hasSize(0))
        .body("parameters.mode", equalTo("DAILY"));
  }

  // ------------------------------------------------------------------------------ S2

  @Test
  void buyingBehaviorsPerCurrencyFromTheCompletedOrders() {
    ValidatableResponse r =
        stats(
                "/../customers/" + c.get("c1") + "/stats/buying-behaviors",
                "start",
                "2024-03-01",
                "end",
                "2024-04-30")
            .statusCode(200)
            .body("parameters.start", equalTo("2024-02-29T23:00:00.000Z"))
            .body(
                "data.name",
                contains(
                    "totalSpending",
                    "averageOrderValue",
                    "totalReturns",
                    "totalSpending",
                    "averageOrderValue",
                    "totalReturns"))
            .body("data.currency", contains("EUR", "EUR", "EUR", "USD", "USD", "USD"))
            .body(
                "data.type",
                contains("currency", "currency", "currency", "currency", "currency", "currency"));
    behaviour(r, 0, "149.75", 2, "120.00");
    behaviour(r, 1, "74.88", 2, "60.00");
    behaviour(r, 2, "20.00", 1, "15.00");
    behaviour(r, 3, "30.00", 1, "25.00");
    behaviour(r, 4, "30.00", 1, "25.00");
    behaviour(r, 5, "0.00", 0, "0.00");

    ValidatableResponse unified =
        stats(
                "/../customers/" + u1 + "/stats/buying-behaviors",
                "start",
                "2024-03-01",
                "end",
                "2024-04-30")
            .statusCode(200);
    behaviour(unified, 0, "159.75", 3, "128.00");
    behaviour(unified, 1, "53.25", 3, "42.67");

    // no order: zero in the workspace's currency, no average
    stats("/../customers/" + c.get("c7") + "/stats/buying-behaviors")
        .statusCode(200)
        .body("data.currency", contains("EUR", "EUR", "EUR"))
        .body("data[0].value", comparesEqualTo(new BigDecimal("0")))
        .body("data[1].value", nullValue())
        .body("data[1].revenue", nullValue())
        .body("data[1].total", equalTo(0));
  }

  // ------------------------------------------------------------------------------ S11-S13

  @Test
  void purchaseKpisOfAllContextsRetailOrEcommerce() {
    ValidatableResponse all =
        stats("/events/kpi/purchases", "start", "2024-03-30", "end", "2024-04-03")
            .statusCode(200)
            .body("parameters.type", equalTo("ALL"))
            .body(
                "data.name",
                contains(
                    "totalRevenue",
                    "totalSales",
                    "averageOrderValue",
                    "totalReturns",
                    "totalRevenue",
                    "totalSales",
                    "averageOrderValue",
                    "totalReturns"))
            .body(
                "data.currency", contains("EUR", "EUR", "EUR", "EUR", "USD", "USD", "USD", "USD"));
    money(all, 0, "128.00", 3);
    money(all, 1, "159.75", 3);
    money(all, 2, "53.25", 3);
    money(all, 3, "20.00", 1);
    money(all, 4, "25.00", 1);
    money(all, 5, "30.00", 1);
    money(all, 6, "30.00", 1);
    money(all, 7, "0.00", 0);

    ValidatableResponse retail =
        stats("/events/kpi/purchases", "start", "2024-03-30", "end", "2024-04-03", "type", "RETAIL")
            .statusCode(200)
            .body("data.currency", contains("EUR", "EUR", "EUR", "EUR"));
    money(retail, 0, "0.00", 0);
    money(retail, 1, "0.00", 0);
    retail.body("data[2].value", nullValue()).body("data[2].total", equalTo(0));
    money(retail, 3, "20.00", 1);

    ValidatableResponse ecommerce =
        stats(
                "/events/kpi/purchases",
                "start",
                "2024-03-30",
                "end",
                "2024-04-03",
                "type",
                "ECOMMERCE")
            .statusCode(200);
    money(ecommerce, 1, "159.75", 3);
    money(ecommerce, 3, "0.00", 0);

    // from midnight of 2024-04-01 in Rome (2024-03-31T22:00Z): e3 at 21:30Z is left out
    ValidatableResponse april =
        stats("/events/kpi/purchases", "start", "2024-04-01", "end", "2024-04-01")
            .statusCode(200)
            .body("data.currency", contains("EUR", "EUR", "EUR", "EUR"));
    money(april, 1, "59.25", 2);
  }

  @Test
  void ecommerceKpisAddTheAbandonedCarts() {
    ValidatableResponse r =
        stats("/events/kpi/ecommerce", "start", "2024-03-30", "end", "2024-04-03")
            .statusCode(200)
            .body(
                "data.name",
                contains(
                    "totalSales",
                    "averageOrderValue",
                    "totalReturns",
                    "abandonedCartValue",
                    "totalSales",
                    "averageOrderValue",
                    "totalReturns",
                    "abandonedCartValue"))
            .body(
                "data.currency", contains("EUR", "EUR", "EUR", "EUR", "USD", "USD", "USD", "USD"));
    money(r, 0, "159.75", 3);
    money(r, 1, "53.25", 3);
    money(r, 2, "0.00", 0);
    money(r, 3, "70.00", 1);
    money(r, 4, "30.00", 1);
    money(r, 7, "0.00", 0);
  }

  @Test
  void webKpisCountPageViewsVisitorsAndAnonymousViews() {
    stats("/events/kpi/web", "start", "2024-03-30", "end", "2024-04-03")
        .statusCode(200)
        .body("data", hasSize(1))
        .body("data[0].name", equalTo("pageViews"))
        .body("data[0].category", equalTo("eventsKPI"))
        .body("data[0].type", equalTo("keyValue"))
        .body("data[0].values.key", contains("pageViews", "visitors", "anonymousPageViews"))
        .body("data[0].values.value", contains(4, 2, 1));
    stats("/events/kpi/web", "start", "2024-03-30", "end", "2024-04-03", "nodeId", b)
        .statusCode(200)
        .body("parameters.nodeId", equalTo(b))
        .body("data[0].values.value", contains(1, 1, 0));
  }

  // ------------------------------------------------------------------------------ S3-S5, S7

  @Test
  void workspaceAndNodeCounts() {
    stats("/workspace")
        .statusCode(200)
        .body("id", equalTo(w))
        .body("status", equalTo("ENABLED"))
        .body("customers", equalTo(7));
    stats("/nodes")
        .statusCode(200)
        .body("elements.id", contains(a, b, ag))
        .body("elements.type", contains("ENTRY", "ENTRY", "AGGREGATE"))
        .body("elements.customers", contains(5, 2, 5))
        .body("elements.plan", contains(true, false, false))
        .body("elements[0].send", nullValue())
        .body("elements[1].send.groupPk", equalTo(7))
        .body("elements[1].send.userDbId", equalTo(1234))
        .body("page.size", equalTo(50))
        .body("page.totalElements", equalTo(3))
        .body("page.maxElements", equalTo(3));
    stats("/nodes", "page", "1", "size", "2")
        .statusCode(200)
        .body("elements.id", contains(ag))
        .body("page.number", equalTo(1))
        .body("page.totalPages", equalTo(2));
  }

  @Test
  void customerCountsOfTheWorkspaceAnEntryNodeAndAnAggregateNode() {
    stats("/customers")
        .statusCode(200)
        .body("parameters.nodeId", nullValue())
        .body("data.category", equalTo("CustomersSnapshot"))
        .body("data.type", equalTo("keyValue"))
        .body("data.values.key", contains("total"))
        .body("data.values.value", contains(7));
    stats("/customers", "nodeId", a).statusCode(200).body("data.values.value", contains(5));
    stats("/customers", "nodeId", b).statusCode(200).body("data.values.value", contains(2));
    // U1 (c1, c5), U2 (c2, c8 after the merge), c3, c6, c7
    stats("/customers", "nodeId", ag).statusCode(200).body("data.values.value", contains(5));
  }

  @Test
  void customersByReachableChannel() {
    channels(null, 2, 2, 2, 1);
    channels(a, 1, 1, 2, 1);
    channels(b, 1, 1, 0, 0);
    channels(ag, 2, 0, 2, 1);
  }

  // ------------------------------------------------------------------------------ defaults

  @Test
  void defaultRangesEndNowAndStartAMonthOrAYearBefore() {
    Instant before = Instant.now().minusSeconds(1);
    ValidatableResponse month = stats("/events/by-type-context").statusCode(200);
    Instant end = Instant.parse(month.extract().path("parameters.end"));
    Instant start = Instant.parse(month.extract().path("parameters.start"));
    assertTrue(!end.isBefore(before) && end.isBefore(Instant.now().plusSeconds(1)), end.toString());
    assertEquals(end.atZone(ROME).minusMonths(1).toInstant(), start);

    ValidatableResponse year = stats("/customers/by-creation-date").statusCode(200);
    year.body("parameters.mode", equalTo("MONTHLY"));
    Instant yearEnd = Instant.parse(year.extract().path("parameters.end"));
    Instant yearStart = Instant.parse(year.extract().path("parameters.start"));
    assertEquals(yearEnd.atZone(ROME).minusYears(1).toInstant(), yearStart);
    // 13 months: the one holding start, ..., the one holding end
    year.body("data[0].values", hasSize(13));
    LocalDate thisMonth = yearEnd.atZone(ROME).toLocalDate().withDayOfMonth(1);
    year.body("data[0].values[12].datetime", equalTo(thisMonth.toString()));
    // all seven customers were registered this month (c8 once, although it was changed)
    year.body("data[0].values[12].value", equalTo(7));
  }

  // ------------------------------------------------------------------------------ access

  @Test
  void aPersonSeesTheNodesTheyMayRead() {
    String marketer = Tokens.marketer();
    Api.grant(w, Api.userId(marketer), Map.of(a, "R"));
    get(marketer, "/workspace").statusCode(200).body("customers", equalTo(5));
    get(marketer, "/customers").statusCode(200).body("data.values.value", contains(5));
    get(marketer, "/customers?nodeId=" + b).statusCode(403);
    get(marketer, "/nodes").statusCode(200).body("elements.id", contains(a));
    ValidatableResponse events =
        get(marketer, "/events/by-type-context?start=2024-03-30&end=2024-04-03")
            .statusCode(200)
            .body(
                "data.category",
                contains(
                    "abandonedCart",
                    "completedOrder",
                    "completedOrder",
                    "viewedPage",
                    "viewedPage"));
    series(events, 4, "viewedPage", "WEB", 1, 1, 1, 0, 0);
    as(marketer).get(ws(w) + "/customers/" + c.get("c5") + "/stats/events").then().statusCode(403);

    as(Tokens.user()).get(ws(w) + "/stats/workspace").then().statusCode(403);
    RestAssured.given().get(ws(w) + "/stats/workspace").then().statusCode(401);

    String token = Api.createSource(w, b).get("token");
    get(token, "/customers").statusCode(200).body("data.values.value", contains(2));
  }

  // ------------------------------------------------------------------------------ errors

  @Test
  void badParametersAnswer400NamingTheParameter() {
    bad("/events/by-type-context", "start", "2024-04-03", "end", "2024-03-30")
        .body("errors[0].path", equalTo("start"));
    bad("/events/by-type-context", "start", "2023-03-30", "end", "2024-04-03")
        .body("errors[0].path", equalTo("end"))
        .body("errors[0].message", containsString("1 year"));
    // one year exactly is allowed; one day more is not
    stats("/events/kpi/web", "start", "2023-04-04", "end", "2024-04-03").statusCode(200);
    bad("/events/kpi/web", "start", "2023-04-03", "end", "2024-04-03")
        .body("errors[0].path", equalTo("end"));
    // end left to its default (now): the range from a start two years ago is too long
    bad("/events/kpi/ecommerce", "start", "2020-01-01").body("errors[0].path", equalTo("start"));
    bad("/events/kpi/purchases", "start", "2024-13-01").body("errors[0].path", equalTo("start"));
    bad("/events/kpi/purchases", "end", "yesterday").body("errors[0].path", equalTo("end"));
    bad("/events/kpi/purchases", "type", "ONLINE").body("errors[0].path", equalTo("type"));
    bad("/events/by-type-context", "context", "ALLL").body("errors[0].path", equalTo("context"));
    bad("/customers/by-creation-date", "mode", "HOURLY").body("errors[0].path", equalTo("mode"));
    bad("/customers/by-update-date", "type", "REMOVED").body("errors[0].path", equalTo("type"));
    bad("/nodes", "size", "51").body("errors[0].path", equalTo("size"));
    asAdmin()
        .get(ws(w) + "/customers/" + c.get("c1") + "/stats/events?mode=daily")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("mode"));
    // a bad range is reported before the customer is looked up
    asAdmin()
        .get(
            ws(w)
                + "/customers/"
                + UUID.randomUUID()
                + "/stats/events?start=2024-04-03&end=2024-03-30")
        .then()
        .statusCode(400);

    stats("/customers", "nodeId", "not-a-node")
        .statusCode(404)
        .body("message", equalTo("node not found not-a-node"));
    stats("/events/kpi/web", "nodeId", UUID.randomUUID().toString()).statusCode(404);
    String nodeOfOther = Api.createEntryNode(other);
    stats("/customers/by-channel", "nodeId", nodeOfOther).statusCode(404);
    // customers of an aggregate node that is not ACTIVE yet (in the other workspace, so the node
    // list of this one stays as the other tests expect it)
    String fresh =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Not yet active",
                    "entryNodes",
                    List.of(nodeOfOther),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(other) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .get(ws(other) + "/stats/customers?nodeId=" + fresh)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
  }

  // ------------------------------------------------------------------------------ helpers

  private ValidatableResponse stats(String path, String... params) {
    RequestSpecification r = asAdmin().config(DECIMALS);
    for (int i = 0; i < params.length; i += 2) {
      r = r.queryParam(params[i], params[i + 1]);
    }
    String url = path.startsWith("/../") ? ws(w) + path.substring(3) : ws(w) + "/stats" + path;
    return r.get(url).then();
  }

  private ValidatableResponse bad(String path, String... params) {
    return stats(path, params).statusCode(400);
  }

  private ValidatableResponse get(String token, String pathAndQuery) {
    return as(token).get(ws(w) + "/stats" + pathAndQuery).then();
  }

  private static void series(
      ValidatableResponse r, int i, String type, String context, Integer... values) {
    r.body("data[" + i + "].category", equalTo(type))
        .body("data[" + i + "].context", equalTo(context))
        .body("data[" + i + "].type", equalTo("timeseries"))
        .body("data[" + i + "].values.datetime", contains(FIVE_DAYS.toArray()))
        .body("data[" + i + "].values.value", contains(values));
  }

  private static void values(ValidatableResponse r, int i, Integer... values) {
    r.body("data[" + i + "].values.value", contains(values));
  }

  private static void behaviour(
      ValidatableResponse r, int i, String value, int total, String revenue) {
    r.body("data[" + i + "].value", comparesEqualTo(new BigDecimal(value)))
        .body("data[" + i + "].total", equalTo(total))
        .body("data[" + i + "].revenue", comparesEqualTo(new BigDecimal(revenue)));
    String text = r.extract().asString();
    assertTrue(text.contains("\"value\":" + value), "value written as " + value + ": " + text);
  }

  private static void money(ValidatableResponse r, int i, String value, int total) {
    r.body("data[" + i + "].type", equalTo("currency"))
        .body("data[" + i + "].value", comparesEqualTo(new BigDecimal(value)))
        .body("data[" + i + "].total", equalTo(total));
  }

  private void channels(String node, int emailMobile, int emailOnly, int mobileOnly, int none) {
    ValidatableResponse r =
        node == null
            ? stats("/customers/by-channel")
            : stats("/customers/by-channel", "nodeId", node);
    r.statusCode(200)
        .body("parameters.nodeId", equalTo(node))
        .body("data.category", equalTo("communicationChannels"))
        .body("data.type", equalTo("keyValue"))
        .body("data.values.key", contains("emailMobile", "emailOnly", "mobileOnly", "notReachable"))
        .body("data.values.value", contains(emailMobile, emailOnly, mobileOnly, none));
  }

  private void source(String provider, String node, Map<String, Object> properties) {
    asAdmin()
        .body(
            Map.of(
                "provider",
                provider,
                "name",
                provider + " source",
                "nodes",
                List.of(node),
                "enabled",
                true,
                "properties",
                properties))
        .post(ws(w) + "/configuration/sources")
        .then()
        .statusCode(201);
  }

  private void customer(
      String name, String node, Map<String, Object> contacts, Map<String, Object> consents) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", node);
    body.put("externalId", name);
    if (contacts != null) {
      body.put("base", Map.of("contacts", contacts));
    }
    if (consents != null) {
      body.put("consents", consents);
    }
    c.put(
        name,
        asAdmin()
            .body(body)
            .post(ws(w) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id"));
  }

  private void event(
      String customer, String type, String context, String date, Map<String, Object> properties) {
    asAdmin()
        .body(
            Map.of(
                "customerId", c.get(customer),
                "type", type,
                "context", context,
                "date", date,
                "properties", properties))
        .post(ws(w) + "/events")
        .then()
        .statusCode(202);
  }

  private static Map<String, Object> order(String type, double total, double revenue) {
    Map<String, Object> amount = new HashMap<>();
    amount.put("total", total);
    amount.put("revenue", revenue);
    return Map.of("orderId", UUID.randomUUID().toString(), "type", type, "amount", amount);
  }

  /** The unified customer of an entry customer, found on AG by the member's external id. */
  private String unified(String name) {
    return asAdmin()
        .queryParam("nodeId", ag)
        .queryParam("externalId", name)
        .get(ws(w) + "/customers")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .extract()
        .path("elements[0].id");
  }

  static void awaitActivation(String workspace, String aggregate) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String status =
          asAdmin()
              .get(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate)
              .then()
              .statusCode(200)
              .extract()
              .path("activation.status");
      if ("DONE".equals(status)) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the aggregate node's activation did not finish");
  }
}
