package io.customer360.search;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch unreachable (the client points at a closed port): searches answer 503 with
 * Retry-After, while writes and reads by id keep working from PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestProfile(SearchUnavailableTest.NoElasticsearch.class)
class SearchUnavailableTest {

  /** The Elasticsearch client of this profile connects to a port nothing listens on. */
  public static class NoElasticsearch implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.elasticsearch.hosts", "127.0.0.1:9", "customer360.search.timeout", "2s");
    }
  }

  @Test
  void searchesAnswer503WithRetryAfterWhileWritesAndReadsByIdWork() {
    String workspace = Api.createWorkspace();
    String node = Api.createEntryNode(workspace);
    String id =
        asAdmin()
            .body(Map.of("nodeId", node, "externalId", "x1"))
            .post(ws(workspace) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin().get(ws(workspace) + "/customers/" + id).then().statusCode(200);
    asAdmin()
        .queryParam("nodeId", node)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(503)
        .header("Retry-After", notNullValue())
        .body("message", equalTo("Service temporarily unavailable, retry later"));
    // a malformed query is still a 400: it is checked before the index is asked
    asAdmin()
        .queryParam("nodeId", node)
        .queryParam("query", "{")
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("query"));
  }
}
