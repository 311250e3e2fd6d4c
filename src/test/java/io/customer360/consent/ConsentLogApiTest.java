package io.customer360.consent;

import static io.customer360.consent.ConsentFixtures.EMAIL;
import static io.customer360.consent.ConsentFixtures.automatic;
import static io.customer360.consent.ConsentFixtures.create;
import static io.customer360.consent.ConsentFixtures.customers;
import static io.customer360.consent.ConsentFixtures.entriesOf;
import static io.customer360.consent.ConsentFixtures.entry;
import static io.customer360.consent.ConsentFixtures.patch;
import static io.customer360.consent.ConsentFixtures.withoutIds;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a customer's consents change appends its consent-log entries (spec §1.11), read back
 * over K2: create (alone, grouped with concurrent creates, with a session), PATCH, PUT, the merge
 * of a create into the holder of its unique key, item edits; exports and forgets; and writes that
 * do not change consents append nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ConsentLogApiTest {

  @Inject Pool pool;

  String w;
  String node;
  int admin;

  @BeforeEach
  void workspaceWithAnEntryNode() {
    w = Api.createWorkspace();
    node = Api.createEntryNode(w);
    admin = Api.userId(Tokens.admin());
  }

  private long count(String sql, Object... params) {
    return pool.preparedQuery(sql)
        .execute(Tuple.from(java.util.Arrays.asList(params)))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void aCreateLogsEachConsentValueDatedByTheCustomerAndAttributedToThePerson() {
    JsonPath c =
        create(
            w,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "c1",
                "consents",
                Map.of(
                    "disclaimer",
                    Map.of("date", "2026-01-02T10:00:00Z", "version", "v1"),
                    "marketing",
                    Map.of(
                        "automatic",
                        Map.of(
                            "email",
                            Map.of("status", true, "limitation", false, "objection", false))))));
    String id = c.getString("id");
    String at = c.getString("registeredAt");
    assertEquals(
        List.of(
            entry(
                id,
                node,
                at,
                "DISCLAIMER_READ",
                "consents.disclaimer",
                Map.of("date", "2026-01-02T10:00:00Z", "version", "v1"),
                null,
                admin),
            entry(id, node, at, "CONSENT_RESTRICTED", EMAIL + ".limitation", false, null, admin),
            entry(id, node, at, "CONSENT_OBJECTED", EMAIL + ".objection", false, null, admin),
            entry(id, node, at, "CONSENT_CHANGED", EMAIL + ".status", true, null, admin)),
        withoutIds(entriesOf(w, id)));
  }

  @Test
  void aCreateWithoutConsentsLogsNothing() {
    String id =
        create(w, Map.of("nodeId", node, "externalId", "none", "base", Map.of("firstName", "A")))
            .getString("id");
    assertEquals(List.of(), entriesOf(w, id));
    assertEquals(0, count("select count(*) from consent_log where workspace_id = $1", uuid(w)));
  }

  @Test
  void aSourceTokensChangesAreAttributedToTheSource() {
    Map<String, String> source = Api.createSource(w, node);
    String id =
        as(source.get("token"))
            .body(
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "s1",
                    "consents",
                    automatic("sms", Map.of("status", true))))
            .post(customers(w))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    List<Map<String, Object>> entries = entriesOf(w, id);
    assertEquals(1, entries.size());
    assertEquals(source.get("id"), entries.get(0).get("sourceId"));
    assertEquals(null, entries.get(0).get("userId"));
    assertEquals("consents.marketing.automatic.sms.status", entries.get(0).get("property"));
  }

  @Test
  void aPatchLogsExactlyTheValuesItChangesAndNothingWhenConsentsStay() {
    String id =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "p1",
                    "consents",
                    automatic("email", Map.of("status", true))))
            .getString("id");
    assertEquals(1, entriesOf(w, id).size());

    patch(w, id, Map.of("base", Map.of("firstName", "Ada")));
    patch(w, id, Map.of("consents", automatic("email", Map.of("status", true))));
    patch(w, id, Map.of("tags", Map.of("manual", List.of("vip"))));
    assertEquals(1, entriesOf(w, id).size(), "writes that leave the consents as they were");

    String restricted =
        patch(w, id, Map.of("consents", automatic("email", Map.of("limitation", true))))
            .getString("updatedAt");
    String objected =
        patch(w, id, Map.of("consents", automatic("email", Map.of("objection", true))))
            .getString("updatedAt");
    String withdrawn =
        patch(w, id, Map.of("consents", automatic("email", Map.of("status", false))))
            .getString("updatedAt");
    String read =
        patch(w, id, Map.of("consents", Map.of("disclaimer", Map.of("version", "v2"))))
            .getString("updatedAt");
    List<Map<String, Object>> entries = withoutIds(entriesOf(w, id));
    assertEquals(5, entries.size());
    assertEquals(
        List.of(
            entry(
                id,
                node,
                restricted,
                "CONSENT_RESTRICTED",
                EMAIL + ".limitation",
                true,
                null,
                admin),
            entry(id, node, objected, "CONSENT_OBJECTED", EMAIL + ".objection", true, null, admin),
            entry(id, node, withdrawn, "CONSENT_CHANGED", EMAIL + ".status", false, null, admin),
            entry(
                id,
                node,
                read,
                "DISCLAIMER_READ",
                "consents.disclaimer",
                Map.of("version", "v2"),
                null,
                admin)),
        entries.subList(1, 5));
  }

  @Test
  void itemEditsAndSessionsLeaveTheLogAlone() {
    String id =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "i1",
                    "consents",
                    automatic("push", Map.of("status", true))))
            .getString("id");
    asAdmin()
        .body(Map.of("id", "news", "subscribed", true))
        .post(customers(w) + "/" + id + "/subscriptions")
        .then()
        .statusCode(201);
    asAdmin()
        .body(Map.of("value", "s-" + UUID.randomUUID()))
        .post(customers(w) + "/" + id + "/sessions")
        .then()
        .statusCode(201);
    assertEquals(1, entriesOf(w, id).size());
  }

  @Test
  void aPutLogsTheValuesItRemovesAsNull() {
    String id =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "r1",
                    "consents",
                    Map.of(
                        "profiling", Map.of("online", Map.of("status", true, "objection", true)))))
            .getString("id");
    Map<String, Object> same =
        Map.of(
            "nodeId",
            node,
            "externalId",
            "r1",
            "consents",
            Map.of("profiling", Map.of("online", Map.of("status", true, "objection", true))));
    asAdmin().body(same).put(customers(w) + "/" + id).then().statusCode(200);
    assertEquals(2, entriesOf(w, id).size(), "a PUT with the same consents");

    String at =
        asAdmin()
            .body(Map.of("nodeId", node, "externalId", "r1"))
            .put(customers(w) + "/" + id)
            .then()
            .statusCode(200)
            .extract()
            .path("updatedAt");
    List<Map<String, Object>> entries = withoutIds(entriesOf(w, id));
    assertEquals(
        List.of(
            entry(
                id,
                node,
                at,
                "CONSENT_OBJECTED",
                "consents.profiling.online.objection",
                null,
                null,
                admin),
            entry(
                id,
                node,
                at,
                "CONSENT_CHANGED",
                "consents.profiling.online.status",
                null,
                null,
                admin)),
        entries.subList(2, 4));
  }

  @Test
  void aCreateMergedIntoTheHolderOfItsKeyLogsOnlyTheLeavesThatChanged() {
    String id =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "m1",
                    "consents",
                    Map.of(
                        "marketing",
                        Map.of(
                            "automatic",
                            Map.of(
                                "email", Map.of("status", true), "sms", Map.of("status", true))))))
            .getString("id");
    JsonPath merged =
        asAdmin()
            .body(
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "M1",
                    "consents",
                    Map.of(
                        "marketing",
                        Map.of(
                            "automatic",
                            Map.of(
                                "email", Map.of("status", true),
                                "sms", Map.of("status", false),
                                "push", Map.of("status", true))))))
            .post(customers(w))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(id, merged.getString("id"));
    String at = merged.getString("updatedAt");
    List<Map<String, Object>> entries = withoutIds(entriesOf(w, id));
    assertEquals(4, entries.size());
    assertEquals(
        List.of(
            entry(
                id,
                node,
                at,
                "CONSENT_CHANGED",
                "consents.marketing.automatic.push.status",
                true,
                null,
                admin),
            entry(
                id,
                node,
                at,
                "CONSENT_CHANGED",
                "consents.marketing.automatic.sms.status",
                false,
                null,
                admin)),
        entries.subList(2, 4));

    asAdmin()
        .body(Map.of("nodeId", node, "externalId", "m1", "base", Map.of("firstName", "B")))
        .post(customers(w))
        .then()
        .statusCode(200);
    assertEquals(4, entriesOf(w, id).size(), "a merge that leaves the consents as they were");
  }

  @Test
  void aCreateWithASessionLogsInItsTransaction() {
    String id =
        asAdmin()
            .queryParam("sessionId", "sess-" + UUID.randomUUID())
            .body(
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "sess",
                    "consents",
                    automatic("im", Map.of("status", true))))
            .post(customers(w))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    List<Map<String, Object>> entries = entriesOf(w, id);
    assertEquals(1, entries.size());
    assertEquals("consents.marketing.automatic.im.status", entries.get(0).get("property"));
  }

  /**
   * Concurrent creates go in groups (one statement and one commit per group): each created customer
   * with consents gets its own entries, those without get none, none is lost or doubled.
   */
  @Test
  void concurrentCreatesLogEachCustomersConsentsOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(12);
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      int n = i;
      Map<String, Object> body = new HashMap<>();
      body.put("nodeId", node);
      body.put("externalId", "g-" + n);
      if (n % 3 != 0) {
        body.put("consents", automatic("email", Map.of("status", n % 2 == 0)));
      }
      Callable<String> call =
          () -> asAdmin().body(body).post(customers(w)).then().statusCode(201).extract().path("id");
      ids.add(threads.submit(call));
    }
    List<String> created = new ArrayList<>();
    for (Future<String> f : ids) {
      created.add(f.get());
    }
    threads.shutdown();
    List<Map<String, Object>> entries =
        ConsentFixtures.list(w, Map.of("size", 100)).getList("elements");
    assertEquals(24, entries.size());
    Set<Object> logged = new HashSet<>();
    for (int i = 0; i < created.size(); i++) {
      String id = created.get(i);
      List<Map<String, Object>> own =
          entries.stream().filter(e -> id.equals(e.get("customerId"))).toList();
      assertEquals(i % 3 != 0 ? 1 : 0, own.size(), "entries of customer " + i);
      if (!own.isEmpty()) {
        assertEquals(i % 2 == 0, own.get(0).get("value"));
        logged.add(id);
      }
    }
    assertEquals(24, logged.size());
  }

  /**
   * Concurrent PATCHes of one customer are serialised on its row: every change gets its entry, and
   * the newest entry of each property holds the value the customer ends with.
   */
  @Test
  void concurrentConsentChangesLoseNoEntry() throws Exception {
    String id = create(w, Map.of("nodeId", node, "externalId", "cc")).getString("id");
    List<Map<String, Object>> changes = new ArrayList<>();
    for (String channel : List.of("sms", "email", "push", "im", "telephonic")) {
      changes.add(Map.of("consents", automatic(channel, Map.of("status", true))));
    }
    changes.add(Map.of("consents", Map.of("profiling", Map.of("classic", Map.of("status", true)))));
    for (int i = 0; i < 6; i++) {
      changes.add(
          Map.of("consents", Map.of("softSpam", Map.of("email", Map.of("status", i % 2 == 0)))));
    }
    ExecutorService threads = Executors.newFixedThreadPool(12);
    List<Future<Integer>> done = new ArrayList<>();
    for (Map<String, Object> change : changes) {
      Callable<Integer> call =
          () -> asAdmin().body(change).patch(customers(w) + "/" + id).then().extract().statusCode();
      done.add(threads.submit(call));
    }
    for (Future<Integer> f : done) {
      assertEquals(200, f.get());
    }
    threads.shutdown();

    List<Map<String, Object>> entries = entriesOf(w, id);
    Map<String, Long> perProperty = new HashMap<>();
    entries.forEach(e -> perProperty.merge((String) e.get("property"), 1L, Long::sum));
    for (String channel : List.of("sms", "email", "push", "im", "telephonic")) {
      assertEquals(1L, perProperty.get("consents.marketing.automatic." + channel + ".status"));
    }
    assertEquals(1L, perProperty.get("consents.profiling.classic.status"));
    long softSpam = perProperty.get("consents.softSpam.email.status");
    assertTrue(softSpam >= 1 && softSpam <= 6, "one entry per change of softSpam: " + softSpam);

    List<Map<String, Object>> soft =
        entries.stream()
            .filter(e -> "consents.softSpam.email.status".equals(e.get("property")))
            .toList();
    for (int i = 1; i < soft.size(); i++) {
      assertTrue(
          !soft.get(i).get("value").equals(soft.get(i - 1).get("value")),
          "each entry is a change from the one before");
    }
    Object stored =
        asAdmin()
            .get(customers(w) + "/" + id)
            .then()
            .statusCode(200)
            .extract()
            .path("consents.softSpam.email.status");
    assertEquals(stored, soft.get(soft.size() - 1).get("value"));
  }

  @Test
  void anExportIsLoggedForEachEntryCustomerItHolds() {
    String other = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, node, other);
    String first =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "x1",
                    "base",
                    Map.of("contacts", Map.of("email", "shared@example.com"))))
            .getString("id");
    String second =
        create(
                w,
                Map.of(
                    "nodeId",
                    other,
                    "externalId",
                    "x2",
                    "base",
                    Map.of("contacts", Map.of("email", "shared@example.com"))))
            .getString("id");
    asAdmin().get(customers(w) + "/" + first + "/export").then().statusCode(200);
    List<Map<String, Object>> entries = entriesOf(w, first);
    assertEquals(1, entries.size());
    Map<String, Object> e = entries.get(0);
    assertEquals("DATA_PORTABILITY_REQUESTED", e.get("type"));
    assertEquals(node, e.get("nodeId"));
    assertEquals(admin, e.get("userId"));
    assertEquals(null, e.get("property"));
    assertEquals(null, e.get("value"));

    asAdmin().get(customers(w) + "/" + UUID.randomUUID() + "/export").then().statusCode(404);
    assertEquals(1, ConsentFixtures.list(w, Map.of()).getInt("page.totalElements"));

    String unified =
        pool.preparedQuery("select unified_id from unified_member where customer_id = $1")
            .execute(Tuple.of(UUID.fromString(second)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getUUID(0)
            .toString();
    asAdmin().get(customers(w) + "/" + unified + "/export").then().statusCode(200);
    assertEquals(2, entriesOf(w, first).size());
    List<Map<String, Object>> ofSecond = entriesOf(w, second);
    assertEquals(1, ofSecond.size());
    assertEquals(other, ofSecond.get(0).get("nodeId"));
    assertEquals("DATA_PORTABILITY_REQUESTED", ofSecond.get(0).get("type"));
    assertEquals(
        3,
        ConsentFixtures.list(w, Map.of("nodes", aggregate, "type", "DATA_PORTABILITY_REQUESTED"))
            .getInt("page.totalElements"));
  }

  @Test
  void theLogOutlivesAForgottenCustomerAndHoldsNoPersonalData() {
    String email = "forget-" + UUID.randomUUID() + "@example.com";
    String id =
        create(
                w,
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "f1",
                    "base",
                    Map.of("firstName", "Fiona", "contacts", Map.of("email", email)),
                    "consents",
                    Map.of(
                        "disclaimer",
                        Map.of("version", "v9"),
                        "marketing",
                        Map.of("automatic", Map.of("email", Map.of("status", true))))))
            .getString("id");
    asAdmin().get(customers(w) + "/" + id + "/export").then().statusCode(200);
    String dpo = Tokens.dpo();
    Api.grant(w, Api.userId(dpo), Map.of(node, "RW"));
    as(dpo).post(customers(w) + "/" + id + "/forget").then().statusCode(204);
    asAdmin().get(customers(w) + "/" + id).then().statusCode(404);

    List<Map<String, Object>> entries = entriesOf(w, id);
    assertEquals(
        List.of(
            "DISCLAIMER_READ", "CONSENT_CHANGED", "DATA_PORTABILITY_REQUESTED", "FORCED_DELETE"),
        entries.stream().map(e -> e.get("type")).toList());
    Map<String, Object> forced = entries.get(3);
    assertEquals(node, forced.get("nodeId"));
    assertEquals(Api.userId(dpo), forced.get("userId"));
    assertEquals(null, forced.get("sourceId"));
    assertEquals(
        4,
        ConsentFixtures.list(w, Map.of("nodes", node)).getInt("page.totalElements"),
        "the nodes filter still finds the forgotten customer's entries");
    as(dpo)
        .queryParam("customerId", id)
        .get(ConsentFixtures.consents(w))
        .then()
        .statusCode(200)
        .body("page.totalElements", org.hamcrest.Matchers.equalTo(4));
    assertEquals(
        0,
        count(
            "select count(*) from consent_log l where strpos(l::text, $1) > 0 or strpos(l::text, $2) > 0",
            email,
            "Fiona"));
  }

  private static UUID uuid(String id) {
    return UUID.fromString(id);
  }
}
