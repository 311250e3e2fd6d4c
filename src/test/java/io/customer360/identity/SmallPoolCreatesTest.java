package io.customer360.identity;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThan;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, fault 1: with a pool of 8 connections, two entry nodes and an ACTIVE aggregate node
 * over both, as many simultaneous creates as the pool has connections (and four times as many) all
 * succeed within seconds, round after round, although every round starts with cold node caches: no
 * create transaction waits for a second pooled connection.
 */
@QuarkusTest
@TestProfile(SmallPoolCreatesTest.SmallPool.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SmallPoolCreatesTest {

  /** The pool of the fault report: 8 connections. */
  public static class SmallPool implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.datasource.reactive.max-size", "8");
    }
  }

  private static final int ROUNDS = 10;

  static String workspace;
  static String shop;
  static String stores;
  static String token;
  static ExecutorService clients = Executors.newFixedThreadPool(32);

  @BeforeEach
  void activeAggregateOverTwoEntryNodes() {
    if (workspace != null) {
      return;
    }
    workspace = Api.createWorkspace();
    shop = Api.createEntryNode(workspace);
    stores = Api.createEntryNode(workspace);
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name", "Everyone",
                    "entryNodes", List.of(shop, stores),
                    "matchingProperties",
                        Map.of(
                            "properties", List.of("base.contacts.email"), "caseSensitive", false)))
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
    token = Api.createSource(workspace, shop, stores, aggregate).get("token");
  }

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  @ParameterizedTest(name = "{0} simultaneous creates, {1} rounds")
  @ValueSource(ints = {8, 32})
  void simultaneousCreatesAllSucceedQuickly(int parallel) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      renameEntryNodes(round);
      List<Future<long[]>> calls = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        calls.add(clients.submit(create(i % 2 == 0 ? shop : stores)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<long[]> f : calls) {
        long[] statusAndMillis = f.get();
        if (statusAndMillis[0] != 201 || statusAndMillis[1] > 5_000) {
          failures.add(statusAndMillis[0] + " after " + statusAndMillis[1] + " ms");
        }
      }
      assertThat("round " + round, failures, empty());
    }
  }

  /** A node write clears the node caches, so the next creates find them cold. */
  private void renameEntryNodes(int round) {
    for (String node : List.of(shop, stores)) {
      asAdmin()
          .body(
              Map.of(
                  "id",
                  node,
                  "name",
                  "Entry " + round + " " + node.substring(0, 6),
                  "uniqueCustomer",
                  Map.of("properties", List.of("externalId"), "caseSensitive", false)))
          .put(ws(workspace) + "/configuration/nodes/entries/" + node)
          .then()
          .statusCode(lessThan(300));
    }
  }

  private Callable<long[]> create(String node) {
    String unique = UUID.randomUUID().toString();
    return () -> {
      long start = System.nanoTime();
      int status =
          as(token)
              .body(
                  Map.of(
                      "nodeId",
                      node,
                      "externalId",
                      unique,
                      "base",
                      Map.of("contacts", Map.of("email", unique + "@example.com"))))
              .post(ws(workspace) + "/customers")
              .then()
              .extract()
              .statusCode();
      return new long[] {status, (System.nanoTime() - start) / 1_000_000};
    };
  }
}
