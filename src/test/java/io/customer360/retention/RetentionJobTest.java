package io.customer360.retention;

import static io.customer360.retention.RetentionFixtures.pageView;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled purge on its own (every second here): an expired event goes without anyone calling
 * the service, a younger one stays.
 */
@QuarkusTest
@TestProfile(RetentionJobTest.EverySecond.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class RetentionJobTest {

  /** The purge job on, every second from the start. */
  public static class EverySecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "customer360.retention.purge-interval", "1s",
          "customer360.retention.purge-delay", "1s");
    }
  }

  @Test
  void theScheduledPurgeRemovesExpiredEvents() throws InterruptedException {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String anna =
        asAdmin()
            .body(Map.of("nodeId", shop, "externalId", "anna"))
            .post(ws(workspace) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String old = pageView(workspace, anna, now.minusMonths(8));
    String young = pageView(workspace, anna, now.minusMonths(2));

    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 6)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);

    for (int i = 0;
        i < 300 && asAdmin().get(ws(workspace) + "/events/" + old).statusCode() != 404;
        i++) {
      Thread.sleep(100);
    }
    asAdmin().get(ws(workspace) + "/events/" + old).then().statusCode(404);
    asAdmin().get(ws(workspace) + "/events/" + young).then().statusCode(200);
  }
}
