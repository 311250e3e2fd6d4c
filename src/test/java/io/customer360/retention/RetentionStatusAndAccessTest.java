package io.customer360.retention;

import static io.customer360.retention.RetentionFixtures.customer;
import static io.customer360.retention.RetentionFixtures.pageView;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.common.DatabaseOutage;
import io.customer360.common.LongStatementPool;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Retention under load and access (spec §1.5 R1, §1.6 N3): the status counts only the nodes the
 * caller may read and answers many parallel calls alike; its long statements run where the socket
 * idle bound cannot cut them, and a connection closed under a statement is an outage (503), not a
 * bug; an aggregate node's policy needs write access to its entry nodes; long error lists are
 * capped; the months schema names its bounds.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class RetentionStatusAndAccessTest {

  @Inject LongStatementPool longStatements;
  @Inject Pool pool;

  private final OffsetDateTime now =
      OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void statusCountsOnlyReadableNodesAndAnswersParallelCallsAlike() throws Exception {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String store = Api.createEntryNode(workspace);
    pageView(workspace, customer(workspace, shop, "anna"), now.minusDays(3));
    pageView(workspace, customer(workspace, store, "bob"), now.minusDays(2));
    String status = ws(workspace) + "/configuration/retention-policy/status";

    asAdmin()
        .get(status)
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(2))
        .body("'" + shop + "'.viewedPage.total", equalTo(1))
        .body("'" + store + "'.viewedPage.total", equalTo(1));

    String dpo = Tokens.dpo();
    Api.grant(workspace, Api.userId(dpo), Map.of(shop, "R"));
    as(dpo)
        .get(status)
        .then()
        .statusCode(200)
        .body("$", aMapWithSize(1))
        .body("$", hasKey(shop))
        .body("$", not(hasKey(store)))
        .body("'" + shop + "'.viewedPage.total", equalTo(1));

    // 16 parallel calls: every one answers 200 with the same counts
    ExecutorService pool16 = Executors.newFixedThreadPool(16);
    try {
      List<Future<io.restassured.response.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String token = i % 2 == 0 ? null : dpo;
        calls.add(
            pool16.submit(() -> (token == null ? asAdmin() : as(token)).get(status).andReturn()));
      }
      for (Future<io.restassured.response.Response> call : calls) {
        io.restassured.response.Response r = call.get();
        assertEquals(200, r.statusCode(), r.asString());
        Map<String, Object> body = r.jsonPath().getMap("$");
        assertTrue(body.containsKey(shop), r.asString());
      }
    } finally {
      pool16.shutdownNow();
    }
  }

  @Test
  void aLongStatementOutlivesTheRequestSocketBoundOnTheLongStatementPool() {
    // 6 s is past customer360.database.socket-idle-timeout (5 s) of the request pools
    Integer answer =
        longStatements
            .pool()
            .query("select 1 as one from pg_sleep(6)")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(20))
            .iterator()
            .next()
            .getInteger("one");
    assertEquals(1, answer);
  }

  @Test
  void aConnectionClosedUnderAStatementIsAnOutageNotABug() {
    // on the request pool, a statement running past the socket idle bound loses its connection
    Throwable failure = null;
    try {
      pool.withTransaction(
              tx ->
                  tx.query("set local statement_timeout = '30s'")
                      .execute()
                      .chain(() -> tx.query("select pg_sleep(6)").execute()))
          .await()
          .atMost(Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      failure = e;
    }
    assertTrue(failure != null, "the socket bound should have closed the connection");
    assertTrue(DatabaseOutage.isUnavailable(failure), failure.toString());
  }

  @Test
  void anAggregatePolicyNeedsWriteOnEveryEntryNode() {
    String workspace = Api.createWorkspace();
    String nodeA = Api.createEntryNode(workspace);
    String nodeB = Api.createEntryNode(workspace);
    String aggregate = Api.createActiveAggregate(workspace, nodeA, nodeB);
    String url = ws(workspace) + "/configuration/nodes/" + aggregate + "/retention-policy";
    Map<String, Object> shorten =
        Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", 1)));
    String user = Tokens.user();
    int userId = Api.userId(user);

    Api.grant(workspace, userId, Map.of(aggregate, "RW"));
    as(user).body(shorten).put(url).then().statusCode(403);
    Api.grant(workspace, userId, Map.of(aggregate, "RW", nodeA, "RW", nodeB, "R"));
    as(user).body(shorten).put(url).then().statusCode(403);
    asAdmin()
        .get(url)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("events", aMapWithSize(0));

    Api.grant(workspace, userId, Map.of(aggregate, "RW", nodeA, "RW", nodeB, "RW"));
    as(user)
        .body(shorten)
        .put(url)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true))
        .body("events.viewedPage.months", equalTo(1));
    // an entry node's own policy still needs RW on that node only
    as(user)
        .body(Map.of("enabled", true))
        .put(ws(workspace) + "/configuration/nodes/" + nodeA + "/retention-policy")
        .then()
        .statusCode(200);
  }

  @Test
  void aBodyWithManyBadEntriesListsTheFirstHundredAndCountsTheRest() {
    String workspace = Api.createWorkspace();
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      body.put("noSuchType" + i, Map.of("months", 1));
    }
    asAdmin()
        .body(body)
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(400)
        .body("errors", hasSize(101))
        .body("errors[100].path", equalTo("errors"))
        .body("errors[100].message", equalTo("and 150 more errors, not listed"));
    asAdmin()
        .get(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200)
        .body("viewedPage.months", equalTo(0));
  }

  @Test
  void theMonthsSchemaNamesItsBounds() {
    io.restassured.RestAssured.given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.schemas.EventRetentionPolicy.properties.months.minimum", equalTo(0))
        .body("components.schemas.EventRetentionPolicy.properties.months.maximum", equalTo(240));
  }
}
