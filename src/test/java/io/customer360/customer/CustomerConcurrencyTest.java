package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerConcurrencyTest {

  static final int WRITERS = 20;

  static List<Integer> runAll(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  /** PATCH merges objects property by property: each writer's extended property must survive. */
  @Test
  void parallelPatchesLoseNoUpdate() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    Map<String, Object> schema = new java.util.HashMap<>();
    IntStream.range(0, WRITERS).forEach(i -> schema.put("v" + i, Map.of("type", "integer")));
    asAdmin().body(schema).put(ws(w) + "/configuration/properties/extended").then().statusCode(200);
    String id = createId(w, Map.of("nodeId", node, "externalId", "c1"));
    List<Callable<Integer>> calls =
        IntStream.range(0, WRITERS)
            .<Callable<Integer>>mapToObj(
                i ->
                    () ->
                        asAdmin()
                            .body(Map.of("extended", Map.of("v" + i, i)))
                            .patch(customers(w) + "/" + id)
                            .statusCode())
            .toList();
    List<Integer> statuses = runAll(calls);
    assertEquals(List.of(200), statuses.stream().distinct().toList());

    JsonPath c = asAdmin().get(customers(w) + "/" + id).then().statusCode(200).extract().jsonPath();
    Map<String, Object> extended = c.getMap("extended");
    Set<String> expected = new TreeSet<>();
    IntStream.range(0, WRITERS).forEach(i -> expected.add("v" + i));
    assertEquals(expected, new TreeSet<>(extended.keySet()));
    assertEquals(WRITERS + 1, c.getInt("version"));
  }

  @Test
  void parallelCreatesWithOneKeyEndAsOneCustomer() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    List<Callable<Integer>> calls =
        IntStream.range(0, WRITERS)
            .<Callable<Integer>>mapToObj(
                i ->
                    () ->
                        asAdmin()
                            .body(
                                Map.of(
                                    "nodeId",
                                    node,
                                    "externalId",
                                    i % 2 == 0 ? "same-key" : "SAME-KEY",
                                    "tags",
                                    Map.of("manual", List.of("t" + i))))
                            .post(customers(w))
                            .statusCode())
            .toList();
    List<Integer> statuses = runAll(calls);
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
    assertEquals(WRITERS - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());

    SearchSync.awaitIndexed();
    JsonPath page =
        asAdmin()
            .queryParam("nodeId", node)
            .get(customers(w))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, page.getInt("page.totalElements"));
    assertEquals(WRITERS, page.getList("elements[0].tags.manual").size());
    assertEquals(WRITERS, page.getInt("elements[0].version"));
  }

  /**
   * Updates of a customer (PUT) and creates that merge into it (POST with its unique key) run at
   * once on an entry node under an ACTIVE aggregate node: both kinds take the same locks in the
   * same order (the customer row, then the identity keys), so none deadlocks or times out, and one
   * entry customer stays in one unified customer.
   */
  @Test
  void parallelUpdatesAndMergingCreatesOfOneCustomerUnderAnAggregateNeverDeadlock()
      throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, node);
    Map<String, Object> base =
        Map.of("firstName", "Ada", "contacts", Map.of("email", "ada@example.com"));
    String id = createId(w, Map.of("nodeId", node, "externalId", "ada", "base", base));
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < WRITERS; i++) {
        Map<String, Object> body =
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ada",
                "base",
                Map.of("firstName", "Ada" + i, "contacts", Map.of("email", "ada@example.com")));
        calls.add(
            i % 2 == 0
                ? () -> asAdmin().body(body).put(customers(w) + "/" + id).statusCode()
                : () -> asAdmin().body(body).post(customers(w)).statusCode());
      }
    }
    List<Integer> statuses = runAll(calls);
    assertEquals(List.of(200), statuses.stream().distinct().toList(), statuses.toString());

    SearchSync.awaitIndexed();
    JsonPath entries =
        asAdmin().queryParam("nodeId", node).get(customers(w)).then().extract().jsonPath();
    assertEquals(1, entries.getInt("page.totalElements"));
    JsonPath unified =
        asAdmin().queryParam("nodeId", aggregate).get(customers(w)).then().extract().jsonPath();
    assertEquals(1, unified.getInt("page.totalElements"));
  }
}
