package io.customer360.user;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class UserTest {

  String workspace;
  String node;

  @BeforeEach
  void freshWorkspace() {
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
  }

  @Test
  void listsSearchesAndGetsUsers() {
    int dpo = Api.userId(Tokens.dpo());
    asAdmin()
        .queryParam("search", "Dora")
        .get(ws(workspace) + "/configuration/users")
        .then()
        .statusCode(200)
        .body("elements.id", hasItem(dpo))
        .body("elements.username", everyUsername("dpo"));
    asAdmin()
        .queryParam("search", "dpo@customer360.test")
        .get(ws(workspace) + "/configuration/users")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1));
    asAdmin()
        .get(ws(workspace) + "/configuration/users/" + dpo)
        .then()
        .statusCode(200)
        .body("id", equalTo(dpo))
        .body("name", equalTo("Dora"))
        .body("nodes", empty());
    asAdmin().get(ws(workspace) + "/configuration/users/999999").then().statusCode(404);
    asAdmin()
        .get(ws(workspace) + "/configuration/users/abc")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
  }

  private static org.hamcrest.Matcher<Iterable<? super String>> everyUsername(String name) {
    return hasItem(name);
  }

  @Test
  void grantsNodePermissionsThatTakeEffect() {
    int user = Api.userId(Tokens.user());
    String second = Api.createEntryNode(workspace);
    as(Tokens.user()).get(ws(workspace)).then().statusCode(403);
    asAdmin()
        .body(
            Map.of(
                "nodes",
                List.of(
                    Map.of("id", node, "permission", "R"),
                    Map.of("id", second, "permission", "RW"))))
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(200)
        .body("nodes.id", containsInAnyOrder(node, second))
        .body("nodes.permission", containsInAnyOrder("R", "RW"));
    as(Tokens.user()).get(ws(workspace)).then().statusCode(200);
    as(Tokens.user())
        .get(Api.HUB + "/me")
        .then()
        .statusCode(200)
        .body("roles", equalTo(List.of("USER")))
        .body("groups.workspaces.flatten().id", hasItem(workspace));

    // Replacing with an empty list revokes access to the workspace.
    asAdmin()
        .body(Map.of("nodes", List.of()))
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(200)
        .body("nodes", empty());
    as(Tokens.user()).get(ws(workspace)).then().statusCode(403);
    as(Tokens.user())
        .get(Api.HUB + "/me")
        .then()
        .statusCode(200)
        .body("groups.workspaces.flatten().id", not(hasItem(workspace)));
  }

  @Test
  void refusesBadPermissionChanges() {
    int user = Api.userId(Tokens.user());
    asAdmin()
        .body(Map.of("nodes", List.of(Map.of("id", node, "permission", "X"))))
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodes[0].permission"));
    asAdmin()
        .body(Map.of("nodes", List.of(Map.of("id", UUID.randomUUID(), "permission", "R"))))
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodes"));
    asAdmin()
        .body(Map.of())
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodes"));
    // Only staff manage permissions, even a user holding RW.
    Api.grant(workspace, user, Map.of(node, "RW"));
    as(Tokens.user())
        .body(Map.of("nodes", List.of(Map.of("id", node, "permission", "RW"))))
        .put(ws(workspace) + "/configuration/users/" + user)
        .then()
        .statusCode(403);
    as(Tokens.user()).get(ws(workspace) + "/configuration/users").then().statusCode(403);
  }

  @Test
  void describesTheCurrentUserFromTheirToken() {
    as(Tokens.operator())
        .get(Api.HUB + "/me")
        .then()
        .statusCode(200)
        .body("name", equalTo("Otto"))
        .body("surname", equalTo("Operator"))
        .body("email", equalTo("operator@customer360.test"))
        .body("roles", hasItem("CLAB_OPERATOR"))
        .body("mc", equalTo(true))
        .body("groups.workspaces.flatten().id", hasItem(workspace));
    as(Tokens.user()).get(Api.HUB + "/me").then().statusCode(200).body("mc", equalTo(false));
    Map<String, String> src = Api.createSource(workspace, node);
    as(src.get("token")).get(Api.HUB + "/me").then().statusCode(403);
    io.restassured.RestAssured.given().get(Api.HUB + "/me").then().statusCode(401);
  }
}
