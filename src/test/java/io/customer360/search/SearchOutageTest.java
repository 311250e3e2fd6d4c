package io.customer360.search;

import static io.customer360.search.SearchIndex.await;
import static io.customer360.search.SearchIndex.count;
import static io.customer360.search.SearchIndex.customers;
import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch unreachable (a forwarder in front of it is closed): customer writes still answer
 * 201, readiness stays UP with search degraded, the indexer keeps its position and retries; once
 * Elasticsearch is back, every write becomes searchable.
 */
@QuarkusTest
@TestProfile(SearchOutageTest.BehindForwarder.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SearchOutageTest {

  /** The application reaches Elasticsearch through a forwarder the test can close. */
  public static class BehindForwarder implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ElasticsearchForwarder.class));
    }
  }

  @Test
  void writesSucceedWhileElasticsearchIsDownAndAreSearchableOnceItIsBack() {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    ElasticsearchForwarder.current.close();
    try {
      for (int i = 0; i < 20; i++) {
        SearchIndexerTest.customer(w, Map.of("nodeId", node, "externalId", "down-" + i));
      }
      given()
          .get("/q/health/ready")
          .then()
          .statusCode(200)
          .body("status", equalTo("UP"))
          .body("checks.find { it.name == 'elasticsearch' }.data.search", equalTo("degraded"));
      asAdmin()
          .get(Api.HUB + "/search/status")
          .then()
          .statusCode(200)
          .body("elasticsearch", equalTo("degraded"))
          .body("lagRows", greaterThanOrEqualTo(20));
      await(
          "the indexer counts failed bulk requests", SearchIndexerTest.WAIT, () -> failures() > 0);
      assertEquals(0, count(customers(), w, null), "nothing reached Elasticsearch");
    } finally {
      ElasticsearchForwarder.current.open();
    }
    await(
        "every write made during the outage is searchable",
        SearchIndexerTest.WAIT,
        () -> count(customers(), w, null) == 20);
    asAdmin().get(Api.HUB + "/search/status").then().body("elasticsearch", equalTo("up"));
  }

  private static double failures() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("customer360_search_indexer_failures_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
