package io.customer360.security;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A caller of workspace A can neither read nor change workspace B: B answers 403 "workspace not
 * found" exactly as an unknown workspace would (spec §5), and B's node ids in A answer 404.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class TenancyTest {

  @Test
  void aSourceTokenOfOneWorkspaceCannotReadOrChangeAnother() {
    String a = Api.createWorkspace();
    String nodeA = Api.createEntryNode(a);
    String b = Api.createWorkspace();
    String nodeB = Api.createEntryNode(b);
    String token = Api.createSource(a, nodeA).get("token");

    as(token).get(ws(b) + "/configuration").then().statusCode(403);
    as(token).get(ws(b) + "/configuration/nodes").then().statusCode(403);
    as(token)
        .body(
            Map.of("name", "hijack", "uniqueCustomer", Map.of("properties", List.of("externalId"))))
        .put(ws(b) + "/configuration/nodes/entries/" + nodeB)
        .then()
        .statusCode(403);
    // Its own workspace, with the other workspace's node id, is also a 404.
    as(token).get(ws(a) + "/configuration/nodes/entries/" + nodeB).then().statusCode(404);
    // B's node is unchanged.
    asAdmin()
        .get(ws(b) + "/configuration/nodes/entries/" + nodeB)
        .then()
        .body("name", startsWith("Entry "))
        .body("uniqueCustomer.caseSensitive", equalTo(false));
  }

  @Test
  void aPersonWithPermissionsInOneWorkspaceCannotReachAnother() {
    String a = Api.createWorkspace();
    String nodeA = Api.createEntryNode(a);
    String b = Api.createWorkspace();
    String nodeB = Api.createEntryNode(b);
    Api.grant(a, Api.userId(Tokens.dpo()), Map.of(nodeA, "RW"));

    as(Tokens.dpo()).get(ws(a) + "/configuration/nodes/entries/" + nodeA).then().statusCode(200);
    as(Tokens.dpo()).get(ws(b) + "/configuration/nodes/entries/" + nodeB).then().statusCode(403);
    as(Tokens.dpo())
        .body(Map.of("currency", "USD"))
        .put(ws(b) + "/configuration")
        .then()
        .statusCode(403);
    as(Tokens.dpo()).get(ws(a) + "/configuration/nodes/entries/" + nodeB).then().statusCode(404);
  }
}
