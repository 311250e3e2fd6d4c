package io.customer360.updates;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The update stream (spec §1.18 US1, US2) over HTTP: a client that follows {@code nextOffset} while
 * writers run sees every committed change of the workspace exactly once and in order (compared with
 * the database), never a rolled-back one, and a change that commits late is not passed over; the
 * filters, the size bounds, the 400s and the access rules.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class UpdateStreamTest {

  static final int WRITERS = 8;

  @Inject Pool pool;

  static String updates(String workspace) {
    return ws(workspace) + "/updates";
  }

  // ------------------------------------------------------------------------ exactly once

  @Test
  void aFollowerSeesEveryCommittedChangeOnceInOrderWhileEightWritersRun() throws Exception {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String token = Api.createSource(w, shop, stores).get("token");
    UUID rolledBack = UUID.randomUUID();
    UUID late = UUID.randomUUID();

    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 2);
    try {
      Future<Follow> all = threads.submit(() -> follow(() -> asAdmin(), w, null, 37, writing));
      Future<Follow> shopOnly = threads.submit(() -> follow(() -> asAdmin(), w, shop, 7, writing));
      List<Future<Integer>> writers = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        int writer = t;
        writers.add(threads.submit(() -> write(w, token, writer % 2 == 0 ? shop : stores, writer)));
      }
      // Meanwhile, one change that commits only after later offsets did, and one that rolls back.
      lateAndRolledBack(w, shop, late, rolledBack);
      int written = 0;
      for (Future<Integer> f : writers) {
        written += f.get(3, TimeUnit.MINUTES);
      }
      writing.set(false);
      Follow everything = all.get(1, TimeUnit.MINUTES);
      Follow ofShop = shopOnly.get(1, TimeUnit.MINUTES);

      List<Long> expected = offsets(w, null);
      assertTrue(expected.size() >= written, "every write left a change-log row");
      assertEquals(expected, everything.offsets, "every committed change once, in offset order");
      assertEquals(offsets(w, UUID.fromString(shop)), ofShop.offsets, "the node's changes only");
      assertTrue(everything.pagesWhileWriting > 1, "the follower read while writers ran");
      assertTrue(everything.entityIds.contains(late), "a change that committed late is not lost");
      assertFalse(everything.entityIds.contains(rolledBack), "a rolled-back change never shows");
      assertFalse(ofShop.entityIds.contains(rolledBack));
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A transaction draws its offset and waits 2.5 s before committing while nothing else writes: a
   * follower polling meanwhile must not move past its offset (the horizon waits for it), and sees
   * it once it commits.
   */
  @Test
  void aFollowerWaitsForAChangeThatCommitsLate() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    customer(w, node, "before");
    awaitHorizon(w);
    long offset = readAll(Api::asAdmin, w, Map.of()).size() == 1 ? maxOffset(w) : -1;
    assertTrue(offset > 0);
    UUID late = UUID.randomUUID();
    String insert =
        "insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
            + " values ($1, $2, 'CUSTOMER', $3, 'DELETE')";
    var slow =
        pool.withTransaction(
                c ->
                    c.preparedQuery(insert)
                        .execute(Tuple.of(UUID.fromString(w), UUID.fromString(node), late))
                        .chain(() -> c.query("select pg_sleep(2.5)").execute()))
            .subscribeAsCompletionStage();
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (seen.isEmpty() && System.nanoTime() < deadline) {
      JsonPath page =
          asAdmin()
              .queryParam("offset", offset)
              .get(updates(w))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      seen.addAll(ids(page.getList("updates")));
      offset = page.getLong("nextOffset");
      Thread.sleep(30);
    }
    slow.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of(late.toString()), seen, "the late change, not skipped");
  }

  /** Creates customers and events, patches and deletes; answers how many writes succeeded. */
  static int write(String w, String token, String node, int writer) {
    int writes = 0;
    for (int i = 0; i < 12; i++) {
      String id =
          as(token)
              .body(
                  Map.of(
                      "nodeId",
                      node,
                      "externalId",
                      "w" + writer + "-" + i,
                      "base",
                      Map.of("firstName", "W" + writer, "lastName", "N" + i)))
              .post(ws(w) + "/customers")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      as(token).body(event(id, i)).post(ws(w) + "/events").then().statusCode(202);
      writes += 2;
      if (i % 3 == 0) {
        as(token)
            .body(Map.of("events", List.of(event(id, 100 + i), event(id, 200 + i))))
            .post(ws(w) + "/events/batch")
            .then()
            .statusCode(200);
        as(token)
            .body(Map.of("base", Map.of("firstName", "Patched")))
            .patch(ws(w) + "/customers/" + id)
            .then()
            .statusCode(200);
        writes += 3;
      }
      if (i % 4 == 1) {
        as(token).delete(ws(w) + "/customers/" + id).then().statusCode(200);
        writes++;
      }
      // A refused create (unknown customer) writes nothing.
      as(token).body(event(UUID.randomUUID().toString(), i)).post(ws(w) + "/events").then();
    }
    return writes;
  }

  static Map<String, Object> event(String customerId, int n) {
    return Map.of(
        "customerId",
        customerId,
        "type",
        "viewedPage",
        "context",
        "WEB",
        "properties",
        Map.of("url", "https://shop.example/p/" + n));
  }

  /**
   * A change-log row whose transaction draws its offset and then waits 1.5 s before committing
   * (later offsets commit meanwhile), and one whose transaction rolls back.
   */
  void lateAndRolledBack(String w, String node, UUID late, UUID rolledBack) throws Exception {
    String insert =
        "insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
            + " values ($1, $2, 'CUSTOMER', $3, 'DELETE')";
    Tuple lateRow = Tuple.of(UUID.fromString(w), UUID.fromString(node), late);
    Tuple gone = Tuple.of(UUID.fromString(w), UUID.fromString(node), rolledBack);
    Thread.sleep(300);
    var slow =
        pool.withTransaction(
                c ->
                    c.preparedQuery(insert)
                        .execute(lateRow)
                        .chain(() -> c.query("select pg_sleep(1.5)").execute()))
            .subscribeAsCompletionStage();
    try {
      pool.withTransaction(
              c ->
                  c.preparedQuery(insert)
                      .execute(gone)
                      .chain(() -> c.query("select 1/0").execute()))
          .await()
          .atMost(Duration.ofSeconds(10));
    } catch (RuntimeException expected) {
      // division by zero: the insert rolls back with it
    }
    slow.get(20, TimeUnit.SECONDS);
  }

  static final class Follow {
    final List<Long> offsets = new ArrayList<>();
    final Set<UUID> entityIds = new HashSet<>();
    int pagesWhileWriting;
  }

  /**
   * Follows nextOffset from 0 until the writers have stopped and the stream has caught up with the
   * database (two empty pages after the horizon passed the workspace's last offset).
   */
  Follow follow(
      Supplier<RequestSpecification> caller, String w, String node, int size, AtomicBoolean writing)
      throws Exception {
    Follow f = new Follow();
    long offset = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    int quiet = 0;
    while (System.nanoTime() < deadline) {
      boolean stillWriting = writing.get();
      RequestSpecification r = caller.get().queryParam("offset", offset).queryParam("size", size);
      if (node != null) {
        r.queryParam("nodeId", node);
      }
      JsonPath page = r.get(updates(w)).then().statusCode(200).extract().jsonPath();
      List<Map<String, Object>> updates = page.getList("updates");
      long next = page.getLong("nextOffset");
      assertTrue(next >= offset, "nextOffset never goes back");
      for (Map<String, Object> u : updates) {
        long o = ((Number) u.get("offset")).longValue();
        assertTrue(o > offset && o <= next, "an update lies after the offset asked, up to next");
        f.offsets.add(o);
        f.entityIds.add(UUID.fromString((String) ((Map<?, ?>) u.get("entity")).get("id")));
      }
      assertTrue(updates.size() <= size);
      if (updates.size() == size) {
        assertEquals(
            ((Number) updates.get(size - 1).get("offset")).longValue(),
            next,
            "a full page goes on from its last update");
      }
      if (stillWriting && !updates.isEmpty()) {
        f.pagesWhileWriting++;
      }
      offset = next;
      if (!stillWriting && updates.isEmpty()) {
        long last = maxOffset(w);
        quiet = next >= last ? quiet + 1 : 0;
        if (quiet >= 2) {
          return f;
        }
        Thread.sleep(50);
      } else if (updates.isEmpty()) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the stream did not catch up with the database");
  }

  List<Long> offsets(String w, UUID node) {
    String sql =
        node == null
            ? "select \"offset\" from change_log where workspace_id = $1 order by \"offset\""
            : "select \"offset\" from change_log where workspace_id = $1 and node_id = $2"
                + " order by \"offset\"";
    Tuple args = node == null ? Tuple.of(UUID.fromString(w)) : Tuple.of(UUID.fromString(w), node);
    List<Long> out = new ArrayList<>();
    for (Row r : pool.preparedQuery(sql).execute(args).await().indefinitely()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  long maxOffset(String w) {
    Long max =
        pool.preparedQuery("select max(\"offset\") from change_log where workspace_id = $1")
            .execute(Tuple.of(UUID.fromString(w)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getLong(0);
    return max == null ? 0 : max;
  }

  /** Reads the whole stream with these parameters, following nextOffset until it is caught up. */
  static List<Map<String, Object>> readAll(
      Supplier<RequestSpecification> caller, String w, Map<String, Object> params) {
    List<Map<String, Object>> out = new ArrayList<>();
    long offset = 0;
    for (int round = 0; round < 1000; round++) {
      JsonPath page =
          caller
              .get()
              .queryParams(params)
              .queryParam("offset", offset)
              .queryParam("size", 20)
              .get(updates(w))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      List<Map<String, Object>> updates = page.getList("updates");
      out.addAll(updates);
      long next = page.getLong("nextOffset");
      if (updates.isEmpty() && next == offset) {
        return out;
      }
      offset = next;
    }
    throw new AssertionError("the stream did not end");
  }

  /** Waits until the stream's last offset for admins equals the database's last offset. */
  void awaitHorizon(String w) throws InterruptedException {
    long last = maxOffset(w);
    for (int i = 0; i < 100; i++) {
      long seen =
          asAdmin()
              .get(updates(w) + "/last-offset")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getLong("lastOffset");
      if (seen == last) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the horizon did not reach the workspace's last change");
  }

  static String customer(String w, String node, String externalId) {
    return asAdmin()
        .body(Map.of("nodeId", node, "externalId", externalId))
        .post(ws(w) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static List<String> ids(List<Map<String, Object>> updates) {
    return updates.stream().map(u -> (String) ((Map<?, ?>) u.get("entity")).get("id")).toList();
  }

  static Set<Object> values(List<Map<String, Object>> updates, String entityField) {
    Set<Object> out = new HashSet<>();
    updates.forEach(u -> out.add(((Map<?, ?>) u.get("entity")).get(entityField)));
    return out;
  }

  // ------------------------------------------------------------------------ filters and shape

  @Test
  void filtersByNodeEntityAndTimestampAndNamesUnifiedCustomers() throws Exception {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String everyone = activeAggregate(w, shop);
    String early = customer(w, shop, "early");
    asAdmin().body(event(early, 1)).post(ws(w) + "/events").then().statusCode(202);
    Thread.sleep(30);
    long since = System.currentTimeMillis();
    Thread.sleep(30);
    String later = customer(w, stores, "later");
    asAdmin().body(event(later, 2)).post(ws(w) + "/events").then().statusCode(202);
    awaitHorizon(w);

    List<Map<String, Object>> all = readAll(Api::asAdmin, w, Map.of());
    assertEquals(
        offsets(w, null), all.stream().map(u -> ((Number) u.get("offset")).longValue()).toList());
    Map<String, Object> created =
        all.stream()
            .filter(u -> ((Map<?, ?>) u.get("entity")).get("id").equals(early))
            .findFirst()
            .orElseThrow();
    assertEquals("CREATE", created.get("operation"));
    Map<?, ?> entity = (Map<?, ?>) created.get("entity");
    assertEquals("CUSTOMER", entity.get("type"));
    assertEquals("ENTRY", entity.get("kind"));
    assertEquals(shop, entity.get("nodeId"));
    assertEquals("early", ((Map<?, ?>) entity.get("data")).get("externalId"));
    assertTrue(((Number) created.get("timestamp")).longValue() < since);

    // The aggregate node's unified customer of `early`: type CUSTOMER, kind UNIFIED.
    List<Map<String, Object>> unified = readAll(Api::asAdmin, w, Map.of("nodeId", everyone));
    assertFalse(unified.isEmpty());
    assertEquals(Set.of("CUSTOMER"), values(unified, "type"));
    assertEquals(Set.of("UNIFIED"), values(unified, "kind"));
    assertEquals(Set.of(everyone), values(unified, "nodeId"));

    List<Map<String, Object>> ofShop = readAll(Api::asAdmin, w, Map.of("nodeId", shop));
    assertEquals(Set.of(shop), values(ofShop, "nodeId"));
    assertTrue(ids(ofShop).contains(early));
    assertFalse(ids(ofShop).contains(later));

    List<Map<String, Object>> events = readAll(Api::asAdmin, w, Map.of("entity", "EVENT"));
    assertEquals(2, events.size());
    assertEquals(Set.of("EVENT"), values(events, "type"));
    assertFalse(((Map<?, ?>) events.get(0).get("entity")).containsKey("kind"));
    assertEquals(
        early,
        ((Map<?, ?>) ((Map<?, ?>) events.get(0).get("entity")).get("data")).get("customerId"));

    List<Map<String, Object>> customers = readAll(Api::asAdmin, w, Map.of("entity", "CUSTOMER"));
    assertEquals(Set.of("CUSTOMER"), values(customers, "type"));
    assertEquals(Set.of("ENTRY", "UNIFIED"), values(customers, "kind"));
    assertEquals(all.size() - 2, customers.size());

    List<Map<String, Object>> recent = readAll(Api::asAdmin, w, Map.of("timestamp", since));
    assertTrue(ids(recent).contains(later));
    assertFalse(ids(recent).contains(early));
    recent.forEach(u -> assertTrue(((Number) u.get("timestamp")).longValue() >= since));
    assertEquals(2, recent.size(), "the later customer and its event");

    List<Map<String, Object>> shopEvents =
        readAll(Api::asAdmin, w, Map.of("nodeId", stores, "entity", "EVENT", "timestamp", since));
    assertEquals(1, shopEvents.size());

    // US1 with the same filters.
    assertEquals(maxOffset(w), lastOffset(w, Map.of()));
    assertEquals(last(events), lastOffset(w, Map.of("entity", "EVENT")));
    assertEquals(last(ofShop), lastOffset(w, Map.of("nodeId", shop)));
    assertEquals(last(unified), lastOffset(w, Map.of("nodeId", everyone, "entity", "CUSTOMER")));
    assertEquals(0L, lastOffset(w, Map.of("nodeId", everyone, "entity", "EVENT")));
  }

  static long last(List<Map<String, Object>> updates) {
    return ((Number) updates.get(updates.size() - 1).get("offset")).longValue();
  }

  static long lastOffset(String w, Map<String, Object> params) {
    return asAdmin()
        .queryParams(params)
        .get(updates(w) + "/last-offset")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("lastOffset");
  }

  static String activeAggregate(String w, String... entries) throws InterruptedException {
    String id =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Everyone",
                    "entryNodes",
                    List.of(entries),
                    "matchingProperties",
                    Map.of("properties", List.of("externalId"), "caseSensitive", false)))
            .post(ws(w) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(w) + "/configuration/nodes/aggregates/" + id + "/state")
        .then()
        .statusCode(200);
    for (int i = 0; i < 100; i++) {
      String node =
          asAdmin()
              .get(ws(w) + "/configuration/nodes/aggregates/" + id)
              .then()
              .extract()
              .asString();
      if (node.contains("\"DONE\"")) {
        return id;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the aggregate node's activation did not finish");
  }

  @Test
  void aForgottenCustomersChangesKeepTheirOffsetsWithNullData() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String id =
        asAdmin()
            .body(
                Map.of(
                    "nodeId",
                    node,
                    "externalId",
                    "f1",
                    "base",
                    Map.of("contacts", Map.of("email", "forget.me@example.com"))))
            .post(ws(w) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String event =
        asAdmin()
            .body(event(id, 1))
            .post(ws(w) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String other = customer(w, node, "keep");
    awaitHorizon(w);
    List<Map<String, Object>> before = readAll(Api::asAdmin, w, Map.of());
    assertTrue(before.stream().allMatch(u -> ((Map<?, ?>) u.get("entity")).get("data") != null));

    asAdmin().post(ws(w) + "/customers/" + id + "/forget").then().statusCode(204);
    awaitHorizon(w);
    List<Map<String, Object>> after = readAll(Api::asAdmin, w, Map.of());
    assertTrue(after.size() > before.size(), "the forget itself is a change");
    for (Map<String, Object> u : after) {
      Map<?, ?> entity = (Map<?, ?>) u.get("entity");
      if (entity.get("id").equals(id) || entity.get("id").equals(event)) {
        assertTrue(entity.containsKey("data"));
        assertNull(entity.get("data"), "no data of a forgotten customer or its events");
      } else if (entity.get("id").equals(other)) {
        assertNotNull(entity.get("data"));
      }
    }
    assertTrue(
        after.stream()
            .anyMatch(
                u ->
                    u.get("operation").equals("DELETE")
                        && ((Map<?, ?>) u.get("entity")).get("id").equals(id)));
    assertFalse(
        asAdmin().get(updates(w) + "?size=4000").asString().contains("forget.me@example.com"));
  }

  // ------------------------------------------------------------------------ paging and 400s

  @Test
  void sizeBoundsAndPaging() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    for (int i = 0; i < 55; i++) {
      customer(w, node, "p" + i);
    }
    awaitHorizon(w);
    List<Long> expected = offsets(w, null);
    asAdmin().get(updates(w)).then().statusCode(200).body("updates", hasSize(50));
    asAdmin()
        .queryParam("size", 3)
        .get(updates(w))
        .then()
        .statusCode(200)
        .body("updates", hasSize(3))
        .body("updates[2].offset", equalTo(expected.get(2).intValue()))
        .body("nextOffset", equalTo(expected.get(2).intValue()));
    asAdmin()
        .queryParam("size", 3)
        .queryParam("offset", expected.get(2))
        .get(updates(w))
        .then()
        .statusCode(200)
        .body("updates[0].offset", equalTo(expected.get(3).intValue()));
    asAdmin()
        .queryParam("size", 0)
        .queryParam("offset", expected.get(10))
        .get(updates(w))
        .then()
        .statusCode(200)
        .body("updates", hasSize(0))
        .body("nextOffset", equalTo(expected.get(10).intValue()));
    JsonPath whole =
        asAdmin()
            .queryParam("size", 4000)
            .get(updates(w))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(expected.size(), whole.getList("updates").size());
    assertTrue(whole.getLong("nextOffset") >= expected.get(expected.size() - 1));
    // An offset far ahead of the stream stays where it is.
    long ahead = expected.get(expected.size() - 1) + 1_000_000_000L;
    JsonPath stays =
        asAdmin()
            .queryParam("offset", ahead)
            .get(updates(w))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertTrue(stays.getList("updates").isEmpty());
    assertEquals(ahead, stays.getLong("nextOffset"));

    for (String size : List.of("4001", "-1", "x", "1.5")) {
      badRequest(asAdmin().queryParam("size", size).get(updates(w)).then(), "size");
    }
    for (String offset : List.of("-1", "abc", "1e3")) {
      badRequest(asAdmin().queryParam("offset", offset).get(updates(w)).then(), "offset");
    }
    badRequest(asAdmin().queryParam("timestamp", "yesterday").get(updates(w)).then(), "timestamp");
    badRequest(asAdmin().queryParam("timestamp", "-5").get(updates(w)).then(), "timestamp");
    for (String entity : List.of("customer", "UNIFIED_CUSTOMER", "SESSION")) {
      badRequest(asAdmin().queryParam("entity", entity).get(updates(w)).then(), "entity");
      badRequest(
          asAdmin().queryParam("entity", entity).get(updates(w) + "/last-offset").then(), "entity");
    }
    // Node ids answer like everywhere else (spec §5): malformed or unknown -> 404.
    for (String path : List.of(updates(w), updates(w) + "/last-offset")) {
      asAdmin()
          .queryParam("nodeId", "not-a-uuid")
          .get(path)
          .then()
          .statusCode(404)
          .body("message", equalTo("node not found not-a-uuid"));
      UUID unknown = UUID.randomUUID();
      asAdmin()
          .queryParam("nodeId", unknown.toString())
          .get(path)
          .then()
          .statusCode(404)
          .body("message", equalTo("node not found " + unknown));
    }
  }

  static void badRequest(io.restassured.response.ValidatableResponse r, String parameter) {
    r.statusCode(400).body("errors[0].path", equalTo(parameter));
  }

  @Test
  void aWorkspaceWithoutChangesStillMovesPastOtherWorkspacesRows() throws Exception {
    String busy = Api.createWorkspace();
    String quiet = Api.createWorkspace();
    String node = Api.createEntryNode(busy);
    customer(busy, node, "b1");
    awaitHorizon(busy);
    asAdmin()
        .get(updates(quiet) + "/last-offset")
        .then()
        .statusCode(200)
        .body("lastOffset", equalTo(0));
    JsonPath page = asAdmin().get(updates(quiet)).then().statusCode(200).extract().jsonPath();
    assertTrue(page.getList("updates").isEmpty());
    assertTrue(
        page.getLong("nextOffset") >= maxOffset(busy),
        "nextOffset passes the other workspace's rows");
  }

  // ------------------------------------------------------------------------ access

  @Test
  void callersSeeOnlyTheNodesTheyMayRead() throws Exception {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String inShop = customer(w, shop, "s1");
    String inStores = customer(w, stores, "t1");
    awaitHorizon(w);

    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(shop, "R"));
    List<Map<String, Object>> seen = readAll(() -> as(user), w, Map.of());
    assertEquals(List.of(inShop), ids(seen));
    as(user).queryParam("nodeId", shop).get(updates(w)).then().statusCode(200);
    as(user).queryParam("nodeId", stores).get(updates(w)).then().statusCode(403);
    as(user).queryParam("nodeId", stores).get(updates(w) + "/last-offset").then().statusCode(403);
    long userLast =
        as(user)
            .get(updates(w) + "/last-offset")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("lastOffset");
    assertEquals(((Number) seen.get(0).get("offset")).longValue(), userLast);

    String sourceToken = Api.createSource(w, stores).get("token");
    assertEquals(List.of(inStores), ids(readAll(() -> as(sourceToken), w, Map.of())));
    as(sourceToken).queryParam("nodeId", shop).get(updates(w)).then().statusCode(403);

    Set<String> both = Set.of(inShop, inStores);
    assertEquals(both, Set.copyOf(ids(readAll(Api::asAdmin, w, Map.of()))));
    assertEquals(both, Set.copyOf(ids(readAll(() -> as(Tokens.operator()), w, Map.of()))));

    // Another workspace: 403 "workspace not found" (spec §5), for people and sources alike.
    String elsewhere = Api.createWorkspace();
    String otherNode = Api.createEntryNode(elsewhere);
    String otherToken = Api.createSource(elsewhere, otherNode).get("token");
    as(otherToken)
        .get(updates(w))
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: " + w));
    as(Tokens.dpo())
        .get(updates(w) + "/last-offset")
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: " + w));
    given().get(updates(w)).then().statusCode(401);
  }
}
