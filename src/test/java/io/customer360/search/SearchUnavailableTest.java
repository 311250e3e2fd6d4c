package io.customer360.search;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.search.CustomerProfiles.ProfileFilter;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch unreachable (the client points at a closed port): searches and profile reads answer
 * 503 with Retry-After, while writes and reads by id keep working from PostgreSQL.
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

  @Inject CustomerProfiles profiles;
  @Inject NodeService nodes;

  @Test
  void profileReadsFailWith503AndRetryAfter() {
    String workspace = Api.createWorkspace();
    UUID w = UUID.fromString(workspace);
    Node node =
        nodes.find(w, UUID.fromString(Api.createEntryNode(workspace))).await().indefinitely();
    List<Supplier<Uni<?>>> reads =
        List.of(
            () -> profiles.profile(w, node, UUID.randomUUID()),
            () ->
                profiles.profiles(
                    w, node, new ProfileFilter("a", null, "vip"), new PageRequest(0, 10)),
            () -> profiles.overview(w, node, Instant.EPOCH, Instant.EPOCH));
    for (Supplier<Uni<?>> read : reads) {
      ApiException e =
          assertThrows(ApiException.class, () -> read.get().await().atMost(Duration.ofSeconds(30)));
      assertEquals(503, e.status());
      assertNotNull(e.retryAfterSeconds());
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
