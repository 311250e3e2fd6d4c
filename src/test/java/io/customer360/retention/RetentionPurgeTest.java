package io.customer360.retention;

import static io.customer360.retention.RetentionFixtures.customer;
import static io.customer360.retention.RetentionFixtures.event;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.retention.RetentionService.Purged;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The purge over real PostgreSQL and Elasticsearch: events seeded with past dates (their monthly
 * partitions are created on demand), the policies set over HTTP, the purge run through its service
 * (the scheduled job is off in tests). Expired events are gone from GET, from the event search and
 * from the Elasticsearch index; younger ones, types kept forever, a node's enabled override and
 * another workspace are untouched; R1 counts exactly before and after.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class RetentionPurgeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Inject RetentionService retention;
  @Inject Pool pool;

  private final OffsetDateTime now =
      OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void removesExpiredEventsEverywhereAndKeepsTheRest() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String store = Api.createEntryNode(workspace);
    String paused = Api.createEntryNode(workspace);
    String anna = customer(workspace, shop, "anna");
    String bob = customer(workspace, store, "bob");
    String carl = customer(workspace, paused, "carl");

    // the workspace keeps page views 12 months and searches forever
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 12)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    // store's own policy keeps page views 48 months
    asAdmin()
        .body(Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", 48))))
        .put(ws(workspace) + "/configuration/nodes/" + store + "/retention-policy")
        .then()
        .statusCode(200);
    // paused's policy would keep them forever, but it is off: the workspace's 12 months apply
    asAdmin()
        .body(Map.of("enabled", false, "events", Map.of("viewedPage", Map.of("months", 0))))
        .put(ws(workspace) + "/configuration/nodes/" + paused + "/retention-policy")
        .then()
        .statusCode(200);

    String shopOld = event(workspace, anna, "viewedPage", months(24));
    String shopOlder = event(workspace, anna, "viewedPage", months(13).minusDays(2));
    String shopYoung = event(workspace, anna, "viewedPage", months(11));
    String shopSearch = event(workspace, anna, "searched", months(36));
    String storeKept = event(workspace, bob, "viewedPage", months(24));
    String storeOld = event(workspace, bob, "viewedPage", months(60));
    String pausedOld = event(workspace, carl, "viewedPage", months(24));

    // another workspace with a longer policy and the same kind of events
    String other = Api.createWorkspace();
    String otherNode = Api.createEntryNode(other);
    String dora = customer(other, otherNode, "dora");
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 48)))
        .put(ws(other) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    String otherOld = event(other, dora, "viewedPage", months(24));
    String otherNoPolicy = event(other, dora, "searched", months(100));

    List<String> purged = List.of(shopOld, shopOlder, storeOld, pausedOld);
    List<String> kept = List.of(shopYoung, shopSearch, storeKept);

    SearchSync.awaitIndexed();
    for (String id : purged) {
      assertThat("indexed before the purge: " + id, indexed(workspace, id), equalTo(true));
    }
    assertThat(eventCount(workspace, anna), equalTo(4L));
    assertThat(eventCount(workspace, bob), equalTo(2L));

    ValidatableResponse before = status(workspace);
    expect(before, shop, "viewedPage", 12, 3, 1, 2, months(24));
    expect(before, shop, "searched", 0, 1, 1, 0, months(36));
    expect(before, store, "viewedPage", 48, 2, 1, 1, months(60));
    expect(before, paused, "viewedPage", 12, 1, 0, 1, months(24));

    List<Purged> report = retention.purge().await().atMost(Duration.ofMinutes(1));

    Map<String, Long> removed = new HashMap<>();
    report.stream()
        .filter(p -> p.workspaceId().toString().equals(workspace))
        .forEach(p -> removed.merge(p.nodeId() + "/" + p.type(), p.removed(), Long::sum));
    assertThat(
        removed,
        equalTo(
            Map.of(
                shop + "/viewedPage", 2L, store + "/viewedPage", 1L, paused + "/viewedPage", 1L)));
    assertThat(
        report.stream().filter(p -> p.workspaceId().toString().equals(other)).toList(), empty());

    for (String id : purged) {
      asAdmin().get(ws(workspace) + "/events/" + id).then().statusCode(404);
    }
    for (String id : kept) {
      asAdmin().get(ws(workspace) + "/events/" + id).then().statusCode(200);
    }
    asAdmin().get(ws(other) + "/events/" + otherOld).then().statusCode(200);
    asAdmin().get(ws(other) + "/events/" + otherNoPolicy).then().statusCode(200);

    asAdmin()
        .queryParam("customerId", anna)
        .get(ws(workspace) + "/events")
        .then()
        .statusCode(200)
        .body("elements.id", containsInAnyOrder(shopYoung, shopSearch));

    SearchSync.awaitIndexed();
    for (String id : purged) {
      assertThat("removed from the index: " + id, indexed(workspace, id), equalTo(false));
    }
    for (String id : kept) {
      assertThat("still indexed: " + id, indexed(workspace, id), equalTo(true));
    }
    assertThat(indexed(other, otherOld), equalTo(true));
    // the customers' activity summaries follow
    assertThat(eventCount(workspace, anna), equalTo(2L));
    assertThat(eventCount(workspace, bob), equalTo(1L));
    assertThat(eventCount(workspace, carl), equalTo(0L));

    ValidatableResponse after = status(workspace);
    expect(after, shop, "viewedPage", 12, 1, 1, 0, months(11));
    expect(after, shop, "searched", 0, 1, 1, 0, months(36));
    expect(after, store, "viewedPage", 48, 1, 1, 0, months(24));
    after.body("'" + paused + "'", nullValue());

    // the override switched off: store's events follow the workspace's 12 months
    asAdmin()
        .body(Map.of("enabled", false))
        .put(ws(workspace) + "/configuration/nodes/entries/" + store + "/retention-policy/state")
        .then()
        .statusCode(200);
    expect(status(workspace), store, "viewedPage", 12, 1, 0, 1, months(24));
    retention.purge().await().atMost(Duration.ofMinutes(1));
    asAdmin().get(ws(workspace) + "/events/" + storeKept).then().statusCode(404);
    asAdmin().get(ws(workspace) + "/events/" + shopYoung).then().statusCode(200);
    asAdmin().get(ws(other) + "/events/" + otherOld).then().statusCode(200);
  }

  @Test
  void anAggregatePolicyKeepsTheEventsOfItsEntryNodesLonger() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String aggregate = Api.createActiveAggregate(workspace, shop);
    String anna = customer(workspace, shop, "anna");
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 6)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    asAdmin()
        .body(Map.of("enabled", true, "events", Map.of("viewedPage", Map.of("months", 24))))
        .put(ws(workspace) + "/configuration/nodes/" + aggregate + "/retention-policy")
        .then()
        .statusCode(200);
    String kept = event(workspace, anna, "viewedPage", months(12));
    String gone = event(workspace, anna, "viewedPage", months(30));

    expect(status(workspace), shop, "viewedPage", 24, 2, 1, 1, months(30));
    retention.purge().await().atMost(Duration.ofMinutes(1));
    asAdmin().get(ws(workspace) + "/events/" + gone).then().statusCode(404);
    asAdmin().get(ws(workspace) + "/events/" + kept).then().statusCode(200);
  }

  @Test
  void concurrentPurgesRemoveEachEventOnceWithOneChangeLogRowEach() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String anna = customer(workspace, shop, "anna");
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 1)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 3; i < 10; i++) {
      ids.add(event(workspace, anna, "viewedPage", months(i)));
    }
    String young = event(workspace, anna, "viewedPage", now.minusDays(3));

    var both =
        Uni.combine()
            .all()
            .unis(retention.purge(), retention.purge())
            .asTuple()
            .await()
            .atMost(Duration.ofMinutes(1));
    long removed =
        java.util.stream.Stream.concat(both.getItem1().stream(), both.getItem2().stream())
            .filter(p -> p.workspaceId().toString().equals(workspace))
            .mapToLong(Purged::removed)
            .sum();
    assertThat(removed, equalTo(7L));
    long logged =
        pool.preparedQuery(
                "select count(*) from change_log where entity = 'EVENT' and operation = 'DELETE'"
                    + " and entity_id = any($1::uuid[])")
            .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator()
            .next()
            .getLong(0);
    assertThat(logged, equalTo(7L));
    for (String id : ids) {
      asAdmin().get(ws(workspace) + "/events/" + id).then().statusCode(404);
    }
    asAdmin().get(ws(workspace) + "/events/" + young).then().statusCode(200);
    expect(status(workspace), shop, "viewedPage", 1, 1, 1, 0, now.minusDays(3));
  }

  @Test
  void aWorkspaceAnotherReplicaIsPurgingIsLeftToIt() {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String anna = customer(workspace, shop, "anna");
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 1)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    String old = event(workspace, anna, "viewedPage", months(5));

    // another replica's purge batch holds the workspace's lock
    Duration wait = Duration.ofSeconds(30);
    SqlConnection replica = pool.getConnection().await().atMost(wait);
    List<Purged> whileHeld;
    try {
      Transaction tx = replica.begin().await().atMost(wait);
      replica
          .preparedQuery("select pg_advisory_xact_lock($1, hashtext($2))")
          .execute(Tuple.of(0x72657465, workspace))
          .await()
          .atMost(wait);
      whileHeld = retention.purge().await().atMost(Duration.ofMinutes(1));
      tx.rollback().await().atMost(wait);
    } finally {
      replica.close().await().atMost(wait);
    }
    assertThat(
        whileHeld.stream().filter(p -> p.workspaceId().toString().equals(workspace)).toList(),
        empty());
    asAdmin().get(ws(workspace) + "/events/" + old).then().statusCode(200);

    List<Purged> afterwards = retention.purge().await().atMost(Duration.ofMinutes(1));
    assertThat(
        afterwards.stream()
            .filter(p -> p.workspaceId().toString().equals(workspace))
            .mapToLong(Purged::removed)
            .sum(),
        equalTo(1L));
    asAdmin().get(ws(workspace) + "/events/" + old).then().statusCode(404);
  }

  private OffsetDateTime months(int n) {
    return now.minusMonths(n);
  }

  private static ValidatableResponse status(String workspace) {
    return asAdmin()
        .get(ws(workspace) + "/configuration/retention-policy/status")
        .then()
        .statusCode(200);
  }

  private static void expect(
      ValidatableResponse status,
      String node,
      String type,
      int months,
      int total,
      int valid,
      int expired,
      OffsetDateTime oldest) {
    String at = "'" + node + "'." + type + ".";
    status
        .body(at + "months", equalTo(months))
        .body(at + "total", equalTo(total))
        .body(at + "valid", equalTo(valid))
        .body(at + "expired", equalTo(expired))
        .body(at + "oldestDate", equalTo(oldest.toInstant().toString().replace("Z", ".000Z")));
  }

  /** Whether Elasticsearch holds the event's document (routed by workspace). */
  private static boolean indexed(String workspace, String eventId) {
    return document("events", workspace, eventId) != null;
  }

  /** How many events the customer's document counts in its activity summary. */
  private static long eventCount(String workspace, String customerId) {
    return document("customers", workspace, customerId)
        .path("activity")
        .path("eventCount")
        .asLong();
  }

  /** A document's source in the test index {@code <prefix>-<kind>}, or null when absent. */
  private static JsonNode document(String kind, String workspace, String id) {
    String prefix =
        ConfigProvider.getConfig().getValue("customer360.search.index-prefix", String.class);
    String hosts = ConfigProvider.getConfig().getValue("quarkus.elasticsearch.hosts", String.class);
    URI uri =
        URI.create(
            "http://"
                + hosts.split(",")[0].trim()
                + "/"
                + prefix
                + "-"
                + kind
                + "/_doc/"
                + id
                + "?routing="
                + workspace);
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode answer = JSON.readTree(r.body());
      return answer.path("found").asBoolean(false) ? answer.path("_source") : null;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
