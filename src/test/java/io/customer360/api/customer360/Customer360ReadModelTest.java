package io.customer360.api.customer360;

import static io.customer360.api.customer360.Customer360Fixtures.api;
import static io.customer360.api.customer360.Customer360Fixtures.configure;
import static io.customer360.api.customer360.Customer360Fixtures.event;
import static io.customer360.api.customer360.Customer360Fixtures.in;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The index-backed read model of the dialect over HTTP: the overview's numbers against a data set
 * whose answer is known, profile objects field by field, the profile list's filters, and segments
 * whose counts follow the customers written (after the indexer catches up).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class Customer360ReadModelTest {

  @Inject Pool pool;

  private static String daysAgo(int days) {
    return Instant.now().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Map<String, Object> consent(String channel, boolean status) {
    return Map.of("marketing", Map.of("automatic", Map.of(channel, Map.of("status", status))));
  }

  /** Moves a customer's registration into an earlier month and has it indexed again. */
  private void registeredEarlier(String workspace, String customerId) {
    pool.preparedQuery("update customer set registered_at = $2 where id = $1")
        .execute(
            Tuple.of(
                UUID.fromString(customerId),
                java.time.OffsetDateTime.parse("2024-01-15T10:00:00Z")))
        .await()
        .indefinitely();
    asAdmin()
        .body(Map.of("tags", Map.of("manual", List.of("backdated"))))
        .patch(ws(workspace) + "/customers/" + customerId)
        .then()
        .statusCode(200);
  }

  private static Map<String, Object> segment(String name, String attribute, String operator) {
    return Map.of(
        "name",
        name,
        "query",
        Map.of(
            "name",
            name,
            "query",
            Map.of(
                "type",
                "simple",
                "name",
                name,
                "are",
                Map.of(
                    "condition",
                    Map.of("type", "atomic", "attribute", attribute, "operator", operator)))));
  }

  @Test
  void theOverviewCountsAKnownDataSet() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    configure(w, true, null);
    Map<String, Object> push =
        Map.of(
            "identifier",
            "d-1",
            "appId",
            "app",
            "name",
            "phone",
            "type",
            "IOS",
            "notificationService",
            "APN");
    // c1: new, active, e-mail and SMS reachable.
    String c1 =
        Customer360Fixtures.customer(
            w,
            node,
            Map.of(
                "externalId", "c1",
                "base",
                    Map.of("contacts", Map.of("email", "c1@x.test", "mobilePhone", "3331000001")),
                "consents", consent("email", true)));
    // c2: new, inactive, opted out of e-mail and SMS.
    Customer360Fixtures.customer(
        w,
        node,
        Map.of(
            "externalId", "c2",
            "base", Map.of("contacts", Map.of("email", "c2@x.test", "mobilePhone", "3331000002")),
            "consents",
                Map.of(
                    "marketing",
                    Map.of(
                        "automatic",
                        Map.of(
                            "email", Map.of("status", false), "sms", Map.of("status", false))))));
    // c3: earlier, inactive (an event 200 days ago), SMS and push reachable.
    String c3 =
        Customer360Fixtures.customer(
            w,
            node,
            Map.of(
                "externalId",
                "c3",
                "base",
                Map.of(
                    "contacts",
                    Map.of("mobilePhone", "3331000003", "mobileDevices", List.of(push)))));
    // c4: earlier, active, e-mail reachable.
    String c4 =
        Customer360Fixtures.customer(
            w,
            node,
            Map.of("externalId", "c4", "base", Map.of("contacts", Map.of("email", "c4@x.test"))));
    // c5: earlier, a push device but opted out of push.
    String c5 =
        Customer360Fixtures.customer(
            w,
            node,
            Map.of(
                "externalId", "c5",
                "base", Map.of("contacts", Map.of("mobileDevices", List.of(push))),
                "consents", consent("push", false)));
    for (String c : List.of(c3, c4, c5)) {
      registeredEarlier(w, c);
    }
    event(
        w,
        Map.of(
            "customerId",
            c1,
            "type",
            "viewedPage",
            "context",
            "WEB",
            "date",
            daysAgo(10),
            "properties",
            Map.of("url", "https://x.test/")));
    event(
        w,
        Map.of(
            "customerId",
            c3,
            "type",
            "viewedPage",
            "context",
            "WEB",
            "date",
            daysAgo(200),
            "properties",
            Map.of("url", "https://x.test/")));
    event(
        w,
        Map.of(
            "customerId",
            c4,
            "type",
            "viewedPage",
            "context",
            "WEB",
            "date",
            daysAgo(5),
            "properties",
            Map.of("url", "https://x.test/")));
    String withEmail =
        in(Tokens.admin(), w)
            .body(segment("With e-mail", "base.contacts.email", "IS_NOT_NULL"))
            .post(api("en") + "/segments")
            .then()
            .statusCode(201)
            .extract()
            .path("result.data.id");
    String withMobile =
        in(Tokens.admin(), w)
            .body(segment("With mobile", "base.contacts.mobilePhone", "IS_NOT_NULL"))
            .post(api("en") + "/segments")
            .then()
            .statusCode(201)
            .extract()
            .path("result.data.id");
    SearchSync.awaitIndexed();

    in(Tokens.admin(), w)
        .get(api("en"))
        .then()
        .statusCode(200)
        .body("result.status", equalTo(200))
        .body("result.message", equalTo("Customer 360 overview fetched"))
        .body("result.data.totalContacts", equalTo(5))
        .body("result.data.activeContacts", equalTo(2))
        .body("result.data.newContactsThisMonth", equalTo(2))
        .body("result.data.channelReach.email", equalTo(2))
        .body("result.data.channelReach.sms", equalTo(2))
        .body("result.data.channelReach.push", equalTo(1))
        .body("result.data.topSegments.id", contains(withEmail, withMobile))
        // Three customers each; equal counts go by name.
        .body("result.data.topSegments.contactCount", contains(3, 3))
        .body("result.data.topSegments.name", contains("With e-mail", "With mobile"));
    in(Tokens.admin(), w)
        .get(api("pt-BR"))
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Visão geral do Customer 360 obtida"));
  }

  @Test
  void profilesAreMappedFieldByFieldAndListedWithFilters() {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, shop, stores);
    configure(w, true, null);
    Customer360Fixtures.customer(
        w,
        shop,
        Map.of(
            "externalId", "j1",
            "base",
                Map.of(
                    "firstName", "Jane",
                    "lastName", "Doe",
                    "locale", "en_AE",
                    "timezone", "Asia/Dubai",
                    "contacts",
                        Map.of("email", "jane.doe@example.com", "mobilePhone", "+971501234567"),
                    "address", Map.of("city", "Dubai", "country", "United Arab Emirates")),
            "consents", consent("email", true),
            "tags", Map.of("auto", List.of("vip"), "manual", List.of("high-ltv"))));
    String member =
        Customer360Fixtures.customer(
            w,
            stores,
            Map.of(
                "externalId",
                "j2",
                "base",
                Map.of(
                    "contacts", Map.of("email", "JANE.DOE@example.com"),
                    "subscriptions",
                        List.of(Map.of("id", "s1", "type", "SMS", "subscribed", true)))));
    event(
        w,
        Map.of(
            "customerId",
            member,
            "type",
            "completedOrder",
            "context",
            "ECOMMERCE",
            "date",
            "2025-01-15T10:00:00Z",
            "properties",
            Map.of("orderId", "o1", "amount", Map.of("total", 4000.5))));
    event(
        w,
        Map.of(
            "customerId",
            member,
            "type",
            "completedOrder",
            "context",
            "ECOMMERCE",
            "date",
            "2025-02-18T14:30:00Z",
            "properties",
            Map.of("orderId", "o2", "amount", Map.of("total", 820))));
    Customer360Fixtures.customer(
        w,
        shop,
        Map.of("externalId", "x1", "base", Map.of("firstName", "Xavier", "lastName", "Dupont")));
    String unified = Customer360Fixtures.unifiedIdByEmail(w, aggregate, "jane.doe@example.com");

    in(Tokens.admin(), w)
        .get(api("en") + "/customers/" + unified)
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Customer fetched"))
        .body("result.data.id", equalTo(unified))
        .body(
            "result.data.email",
            anyOf(equalTo("jane.doe@example.com"), equalTo("JANE.DOE@example.com")))
        .body("result.data.phone", equalTo("+971501234567"))
        .body("result.data.firstName", equalTo("Jane"))
        .body("result.data.lastName", equalTo("Doe"))
        .body("result.data.country", equalTo("AE"))
        .body("result.data.city", equalTo("Dubai"))
        .body("result.data.language", equalTo("en"))
        .body("result.data.timezone", equalTo("Asia/Dubai"))
        .body("result.data.tags", contains("vip", "high-ltv"))
        .body("result.data.attributes", equalTo(Map.of()))
        .body("result.data.isSubscribed", equalTo(true))
        .body("result.data.isSmsSubscribed", equalTo(true))
        .body("result.data.isPushSubscribed", equalTo(false))
        .body("result.data.lifetimeValue", equalTo(4820.5f))
        .body("result.data.lastActiveAt", equalTo("2025-02-18T14:30:00.000Z"))
        .body("result.data.createdAt", startsWith("20"));

    in(Tokens.admin(), w)
        .queryParam("q", "do")
        .get(api("en") + "/customers")
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Customers fetched"))
        .body("result.data.page.totalElements", equalTo(1))
        .body("result.data.elements.id", contains(unified));
    in(Tokens.admin(), w)
        .queryParam("q", "xav")
        .get(api("en") + "/customers")
        .then()
        .body("result.data.elements.firstName", contains("Xavier"));
    in(Tokens.admin(), w)
        .queryParam("tag", "high-ltv")
        .get(api("en") + "/customers")
        .then()
        .body("result.data.elements.id", contains(unified));
    in(Tokens.admin(), w)
        .get(api("en") + "/customers")
        .then()
        .body("result.data.page.totalElements", equalTo(2))
        .body("result.data.page.number", equalTo(0))
        .body("result.data.page.size", equalTo(20));
    String segment =
        in(Tokens.admin(), w)
            .body(segment("Named Xavier", "base.firstName", "IS_NOT_NULL"))
            .post(api("en") + "/segments")
            .then()
            .statusCode(201)
            .extract()
            .path("result.data.id");
    in(Tokens.admin(), w)
        .queryParam("segment", segment)
        .get(api("en") + "/customers")
        .then()
        .body("result.data.page.totalElements", equalTo(2));
    in(Tokens.admin(), w)
        .queryParam("segment", UUID.randomUUID().toString())
        .get(api("it") + "/customers")
        .then()
        .statusCode(404)
        .body("result.message", equalTo("Segmento non trovato"));
    in(Tokens.admin(), w)
        .get(api("en") + "/customers/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("result.message", equalTo("Customer not found"))
        .body("result.data", nullValue());
  }

  @Test
  void segmentsAreCreatedReadChangedAndDeletedAndTheirCountsFollowTheCustomers() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    configure(w, true, null);
    Customer360Fixtures.customer(
        w,
        node,
        Map.of("externalId", "s1", "base", Map.of("contacts", Map.of("email", "a@x.test"))));
    SearchSync.awaitIndexed();

    var created =
        in(Tokens.admin(), w)
            .body(segment("With e-mail", "base.contacts.email", "IS_NOT_NULL"))
            .post(api("es") + "/segments")
            .then()
            .statusCode(201)
            .body("result.status", equalTo(201))
            .body("result.message", equalTo("Segmento creado"))
            .body("result.data.name", equalTo("With e-mail"))
            .body("result.data.enabled", equalTo(true))
            .body("result.data.contactCount", equalTo(1))
            .body("result.data.query.name", equalTo("With e-mail"))
            .extract();
    String id = created.path("result.data.id");

    Customer360Fixtures.customer(
        w,
        node,
        Map.of("externalId", "s2", "base", Map.of("contacts", Map.of("email", "b@x.test"))));
    Customer360Fixtures.customer(w, node, Map.of("externalId", "s3"));
    SearchSync.awaitIndexed();
    in(Tokens.admin(), w)
        .get(api("en") + "/segments/" + id)
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Segment fetched"))
        .body("result.data.contactCount", equalTo(2));
    in(Tokens.admin(), w)
        .get(api("en") + "/segments")
        .then()
        .statusCode(200)
        .body("result.data.elements.id", contains(id))
        .body("result.data.elements.contactCount", contains(2))
        .body("result.data.page.totalElements", equalTo(1));

    in(Tokens.admin(), w)
        .body(segment("Without e-mail", "base.contacts.email", "IS_NULL"))
        .put(api("en") + "/segments/" + id)
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Segment updated"))
        .body("result.data.name", equalTo("Without e-mail"))
        .body("result.data.contactCount", equalTo(1));

    // Bad input names the field; a taken name is a conflict.
    in(Tokens.admin(), w)
        .body(
            Map.of("name", "Broken", "query", Map.of("name", "b", "query", Map.of("type", "nope"))))
        .post(api("en") + "/segments")
        .then()
        .statusCode(400)
        .body("result.data", nullValue())
        .body("result.message", startsWith("Invalid parameter query"));
    in(Tokens.admin(), w)
        .body(Map.of("query", Map.of("name", "b")))
        .post(api("en") + "/segments")
        .then()
        .statusCode(400)
        .body("result.message", equalTo("Invalid parameter name: is required"));
    in(Tokens.admin(), w)
        .body(segment("Without e-mail", "base.contacts.email", "IS_NULL"))
        .post(api("en") + "/segments")
        .then()
        .statusCode(409)
        .body("result.status", equalTo(409));

    // A person with RW on a node may write segments.
    String marketer = Tokens.marketer();
    Api.grant(w, Api.userId(marketer), Map.of(node, "RW"));
    in(marketer, w)
        .delete(api("en") + "/segments/" + id)
        .then()
        .statusCode(200)
        .body("result.message", equalTo("Segment deleted"))
        .body("result.data", nullValue());
    in(Tokens.admin(), w)
        .get(api("en") + "/segments/" + id)
        .then()
        .statusCode(404)
        .body("result.message", equalTo("Segment not found"));
    // Another workspace's segment is not found.
    String other = Api.createWorkspace();
    Api.createEntryNode(other);
    configure(other, true, null);
    in(Tokens.admin(), other)
        .get(api("en") + "/segments/" + created.path("result.data.id"))
        .then()
        .statusCode(404);
  }

  private static void extendedTier(String w, boolean indexed) {
    Api.as(Tokens.operator())
        .body(
            Map.of(
                "tier",
                Map.of("type", "string", "contactlabProperties", Map.of("indexed", indexed))))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
  }

  @Test
  void aSegmentWhoseQueryNoLongerAppliesIsAConflictButStaysListed() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    configure(w, true, null);
    extendedTier(w, true);
    String stale =
        in(Tokens.admin(), w)
            .body(segment("Gold", "extended.tier", "IS_NOT_NULL"))
            .post(api("en") + "/segments")
            .then()
            .statusCode(201)
            .extract()
            .path("result.data.id");
    String fine =
        in(Tokens.admin(), w)
            .body(segment("Mail", "base.contacts.email", "IS_NOT_NULL"))
            .post(api("en") + "/segments")
            .then()
            .statusCode(201)
            .extract()
            .path("result.data.id");
    in(Tokens.admin(), w).get(api("en") + "/customers?segment=" + stale).then().statusCode(200);
    extendedTier(w, false);

    in(Tokens.admin(), w)
        .get(api("en") + "/customers?segment=" + stale)
        .then()
        .statusCode(409)
        .body("result.data", nullValue())
        .body("result.status", equalTo(409))
        .body(
            "result.message",
            startsWith(
                "Conflict: the segment's query no longer applies to the workspace's properties:"
                    + " query.query.are.condition.attribute"));
    in(Tokens.admin(), w)
        .get(api("es") + "/customers?segment=" + stale)
        .then()
        .statusCode(409)
        .body("result.message", startsWith("Conflicto: la consulta del segmento"));
    in(Tokens.admin(), w)
        .get(api("en") + "/segments/" + stale)
        .then()
        .statusCode(409)
        .body("result.status", equalTo(409))
        .body("result.message", startsWith("Conflict: the segment's query no longer applies"));
    in(Tokens.admin(), w)
        .get(api("en") + "/segments")
        .then()
        .statusCode(200)
        .body("result.data.elements.id", contains(stale, fine))
        .body("result.data.elements.contactCount", contains(nullValue(), equalTo((Object) 0)));
    in(Tokens.admin(), w).get(api("en") + "/segments/" + fine).then().statusCode(200);
    in(Tokens.admin(), w).get(api("en") + "/customers?segment=" + fine).then().statusCode(200);
    org.junit.jupiter.api.Assertions.assertNotNull(node);
  }
}
