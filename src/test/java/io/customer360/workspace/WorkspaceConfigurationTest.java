package io.customer360.workspace;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class WorkspaceConfigurationTest {

  @Test
  void readsAndReplacesTheConfiguration() {
    String workspace = Api.createWorkspace();
    asAdmin()
        .get(ws(workspace) + "/configuration")
        .then()
        .statusCode(200)
        .body("industry", equalTo("NotDefined"))
        .body("timezone", equalTo("Europe/Rome"))
        .body("currency", equalTo("EUR"))
        .body("customerUniquenessPolicy", equalTo("MERGE"));
    asAdmin()
        .body(
            Map.of(
                "name", "Renamed shop",
                "industry", "Luxury",
                "timezone", "Europe/Paris",
                "currency", "USD",
                "logo", "https://cdn.example.com/l.png",
                "customerUniquenessPolicy", "MERGE"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(200)
        .body("name", equalTo("Renamed shop"))
        .body("industry", equalTo("Luxury"))
        .body("timezone", equalTo("Europe/Paris"))
        .body("currency", equalTo("USD"));
    asAdmin().get(ws(workspace)).then().body("name", equalTo("Renamed shop"));
    // PUT replaces: absent values return to their defaults.
    asAdmin()
        .body(Map.of("currency", "JPY"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(200)
        .body("industry", equalTo("NotDefined"))
        .body("currency", equalTo("JPY"))
        .body("name", equalTo("Renamed shop"));
  }

  @Test
  void refusesBadConfiguration() {
    String workspace = Api.createWorkspace();
    asAdmin()
        .body(Map.of("timezone", "Mars/Olympus"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("timezone"))
        .body(
            "errors[0].message",
            equalTo("must be one of [Europe/Rome, Europe/Paris, Europe/London]"));
    asAdmin()
        .body(Map.of("customerUniquenessPolicy", "KEEP_BOTH"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("customerUniquenessPolicy"));
    asAdmin()
        .body(Map.of("logo", "ftp://x"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("logo"));
    String node = Api.createEntryNode(workspace);
    int user = Api.userId(Tokens.user());
    Api.grant(workspace, user, Map.of(node, "R"));
    as(Tokens.user()).get(ws(workspace) + "/configuration").then().statusCode(200);
    as(Tokens.user())
        .body(Map.of("currency", "USD"))
        .put(ws(workspace) + "/configuration")
        .then()
        .statusCode(403);
  }

  @Test
  void throttlesAWorkspaceAndRecoversAfterTheWindow() throws InterruptedException {
    String workspace = Api.createWorkspace();
    String other = Api.createWorkspace();
    asAdmin()
        .get(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(200)
        .body("maxRequestsPerMinute", equalTo(0));
    asAdmin()
        .body(Map.of("maxRequestsPerMinute", -1))
        .put(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("maxRequestsPerMinute"));
    as(Tokens.user())
        .body(Map.of("maxRequestsPerMinute", 5))
        .put(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(403);
    asAdmin()
        .body(Map.of("maxRequestsPerMinute", 5))
        .put(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(200)
        .body("maxRequestsPerMinute", equalTo(5));

    // Start at the beginning of a window so that all requests below fall into the same one.
    waitForFreshWindow();
    for (int i = 0; i < 5; i++) {
      asAdmin().get(ws(workspace) + "/configuration").then().statusCode(200);
    }
    int retryAfter =
        Integer.parseInt(
            asAdmin()
                .get(ws(workspace) + "/configuration")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("message", notNullValue())
                .extract()
                .header("Retry-After"));
    org.hamcrest.MatcherAssert.assertThat(retryAfter, greaterThanOrEqualTo(1));
    org.hamcrest.MatcherAssert.assertThat(retryAfter, lessThanOrEqualTo(4));
    // Another workspace is not affected.
    asAdmin().get(ws(other) + "/configuration").then().statusCode(200);

    Thread.sleep(retryAfter * 1000L + 200);
    asAdmin().get(ws(workspace) + "/configuration").then().statusCode(200);

    // 0 switches throttling off.
    waitForFreshWindow();
    asAdmin()
        .body(Map.of("maxRequestsPerMinute", 0))
        .put(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(200);
    for (int i = 0; i < 8; i++) {
      asAdmin().get(ws(workspace) + "/configuration").then().statusCode(200);
    }
  }

  /** The test profile counts requests in 4-second windows aligned on the epoch. */
  private static void waitForFreshWindow() throws InterruptedException {
    long now = System.currentTimeMillis();
    Thread.sleep(4000 - (now % 4000) + 100);
  }
}
