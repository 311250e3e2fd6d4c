package io.customer360.retention;

import static io.customer360.retention.RetentionFixtures.pageView;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retention status answer (spec §1.5 R1) is shared for {@code status-fresh-for} (one minute
 * here) by identical requests only: same workspace, same readable nodes, same policies. A caller
 * who may read other nodes, or any policy change, gets a new count.
 */
@QuarkusTest
@TestProfile(RetentionStatusSharingTest.Shared.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class RetentionStatusSharingTest {

  /** Status answers reused for a minute. */
  public static class Shared implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "customer360.retention.status-fresh-for", "60s",
          "customer360.retention.status-stale-for", "60s");
    }
  }

  @Test
  void identicalRequestsShareAnAnswerAndOtherAccessOrPoliciesGetTheirOwn() {
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
    String status = ws(workspace) + "/configuration/retention-policy/status";
    String total = "'" + shop + "'.viewedPage.total";

    pageView(workspace, anna, now.minusDays(3));
    asAdmin().get(status).then().statusCode(200).body(total, equalTo(1));

    pageView(workspace, anna, now.minusDays(2));
    // the same request within fresh-for: the shared answer
    asAdmin().get(status).then().statusCode(200).body(total, equalTo(1));

    // another set of readable nodes is another answer
    String dpo = Tokens.dpo();
    Api.grant(workspace, Api.userId(dpo), Map.of(shop, "R"));
    as(dpo).get(status).then().statusCode(200).body(total, equalTo(2));

    // a policy change is another answer too
    asAdmin()
        .body(Map.of("viewedPage", Map.of("months", 24)))
        .put(ws(workspace) + "/configuration/retention-policy")
        .then()
        .statusCode(200);
    asAdmin()
        .get(status)
        .then()
        .statusCode(200)
        .body(total, equalTo(2))
        .body("'" + shop + "'.viewedPage.months", equalTo(24));
  }
}
