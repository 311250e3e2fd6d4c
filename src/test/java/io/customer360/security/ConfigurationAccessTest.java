package io.customer360.security;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workspace-wide configuration is for ADMIN and CLAB_OPERATOR (issue 13, fault 18), and their
 * configuration is never throttled by the workspace's budget (fault 17).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ConfigurationAccessTest {

  @Test
  void aPersonWithRwOnANodeChangesNodeDataButNotWorkspaceConfiguration() {
    String ws = Api.createWorkspace();
    String node = Api.createEntryNode(ws);
    Api.grant(ws, Api.userId(Tokens.dpo()), Map.of(node, "RW"));

    as(Tokens.dpo())
        .body(Map.of("currency", "USD"))
        .put(ws(ws) + "/configuration")
        .then()
        .statusCode(403);
    as(Tokens.dpo())
        .body(Map.of("value", true))
        .put(ws(ws) + "/configuration/events/formCompiled/enabled")
        .then()
        .statusCode(403);
    // Node data stays theirs.
    as(Tokens.dpo())
        .body(Map.of("nodeId", node, "externalId", "dpo-" + System.nanoTime()))
        .post(ws(ws) + "/customers")
        .then()
        .statusCode(201);
    asAdmin().body(Map.of("currency", "USD")).put(ws(ws) + "/configuration").then().statusCode(200);
  }

  @Test
  void anAdministratorLiftsTheBudgetAfterExhaustingIt() {
    String ws = Api.createWorkspace();
    asAdmin()
        .body(Map.of("maxRequestsPerMinute", 2))
        .put(ws(ws) + "/configuration/throttling")
        .then()
        .statusCode(200);
    for (int i = 0; i < 3; i++) {
      asAdmin().get(ws(ws) + "/configuration");
    }
    asAdmin().get(ws(ws) + "/configuration").then().statusCode(429);
    asAdmin()
        .body(Map.of("maxRequestsPerMinute", 0))
        .put(ws(ws) + "/configuration/throttling")
        .then()
        .statusCode(200);
    asAdmin().get(ws(ws) + "/configuration").then().statusCode(200);
  }
}
