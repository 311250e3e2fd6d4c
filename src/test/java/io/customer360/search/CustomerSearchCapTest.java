package io.customer360.search;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The 10,000-match cap of CU1 with 10,001 customers written concurrently through the API: the count
 * stops at the cap, the node's count does not, the last reachable page is full and in order, a page
 * past the cap is refused and a page that straddles it is cut.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerSearchCapTest {

  static final int CUSTOMERS = 10_001;

  /**
   * Creates one customer; a 5xx (a pooled connection closed under the load) is retried, and the
   * retry of a create that did commit answers 200 (the node's unique key merges it): both count.
   */
  private static int create(String token, String workspace, String node, String externalId) {
    for (int attempt = 0; ; attempt++) {
      int status =
          as(token)
              .body(
                  Map.of(
                      "nodeId",
                      node,
                      "externalId",
                      externalId,
                      "base",
                      Map.of("firstName", "F" + externalId)))
              .post(ws(workspace) + "/customers")
              .then()
              .extract()
              .statusCode();
      if (status < 500 || attempt == 3) {
        return status == 200 && attempt > 0 ? 201 : status;
      }
    }
  }

  @Test
  void searchesReachTenThousandMatchesAndNoMore() throws Exception {
    String workspace = Api.createWorkspace();
    String node = Api.createEntryNode(workspace);
    String token = Tokens.admin();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String externalId = String.format("c-%05d", i);
      writes.add(pool.submit(() -> create(token, workspace, node, externalId)));
    }
    for (Future<Integer> w : writes) {
      assertEquals(201, w.get());
    }
    assertEquals(CUSTOMERS, writes.size());
    pool.shutdown();
    SearchSync.awaitIndexed();

    String customers = ws(workspace) + "/customers";
    as(token)
        .queryParam("nodeId", node)
        .queryParam("size", 50)
        .get(customers)
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(10_000))
        .body("page.totalUnfilteredElements", equalTo(CUSTOMERS))
        .body("page.totalPages", equalTo(200))
        .body("page.maxElements", equalTo(10_000))
        .body("page.maxPages", equalTo(200));
    // the last reachable page, deep in the index, is full and in order
    as(token)
        .queryParam("nodeId", node)
        .queryParam("sort", "externalId,asc")
        .queryParam("size", 50)
        .queryParam("page", 199)
        .get(customers)
        .then()
        .statusCode(200)
        .body("elements", hasSize(50))
        .body("elements[0].externalId", equalTo("c-09950"))
        .body("elements[49].externalId", equalTo("c-09999"));
    // the other direction reaches the one customer the ascending order cannot
    as(token)
        .queryParam("nodeId", node)
        .queryParam("sort", "externalId,desc")
        .queryParam("size", 1)
        .get(customers)
        .then()
        .statusCode(200)
        .body("elements[0].externalId", equalTo("c-10000"));
    // a page past the cap is refused, a page across it is cut at it
    as(token)
        .queryParam("nodeId", node)
        .queryParam("size", 50)
        .queryParam("page", 200)
        .get(customers)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("page"));
    as(token)
        .queryParam("nodeId", node)
        .queryParam("sort", "externalId")
        .queryParam("size", 30)
        .queryParam("page", 333)
        .get(customers)
        .then()
        .statusCode(200)
        .body("elements", hasSize(10))
        .body("elements[9].externalId", equalTo("c-09999"));
    // a query narrows the count below the cap; the node's count stays
    as(token)
        .queryParam("nodeId", node)
        .queryParam(
            "query",
            "{\"name\":\"\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":{\"type\":"
                + "\"atomic\",\"attribute\":\"base.firstName\",\"operator\":\"LIKE\","
                + "\"value\":\"Fc-0001%\"}}}}")
        .get(customers)
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(10))
        .body("page.totalUnfilteredElements", equalTo(CUSTOMERS));
  }
}
