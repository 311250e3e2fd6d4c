package io.customer360.workspace;

import static io.customer360.support.Api.HUB;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class WorkspaceProvisioningTest {

  @Test
  void createsGetsAndListsWorkspaces() {
    String slug = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    String id =
        asAdmin()
            .body(Map.of("name", "Shop " + slug, "slug", slug, "groupPk", 4242, "shard", "eu1"))
            .post(HUB + "/workspaces")
            .then()
            .statusCode(201)
            .body("slug", equalTo(slug))
            .body("groupPk", equalTo(4242))
            .body("status", equalTo("ENABLED"))
            .extract()
            .path("id");

    asAdmin()
        .get(HUB + "/workspaces/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("shard", equalTo("eu1"));

    asAdmin()
        .queryParam("name", slug)
        .get(HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(id))
        .body("page.totalElements", equalTo(1))
        .body("page.number", equalTo(0));

    asAdmin()
        .queryParam("groupPk", 4242)
        .queryParam("size", 50)
        .get(HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("elements.groupPk", everyItem(equalTo(4242)))
        .body("elements.id", hasItem(id));
  }

  @Test
  void pagesThroughWorkspaces() {
    int group = 900_000 + (int) (Math.random() * 99_999);
    for (int i = 0; i < 3; i++) {
      String slug = "paged-" + UUID.randomUUID().toString().substring(0, 8);
      asAdmin()
          .body(Map.of("name", slug, "slug", slug, "groupPk", group, "shard", "eu1"))
          .post(HUB + "/workspaces")
          .then()
          .statusCode(201);
    }
    asAdmin()
        .queryParam("groupPk", group)
        .queryParam("size", 2)
        .queryParam("page", 1)
        .get(HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("page.size", equalTo(2))
        .body("page.totalElements", equalTo(3))
        .body("page.totalPages", equalTo(2))
        .body("page.number", equalTo(1));
  }

  @Test
  void changesStatus() {
    String id = Api.createWorkspace();
    asAdmin()
        .body(Map.of("status", "SUSPENDED"))
        .put(HUB + "/workspaces/" + id + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("SUSPENDED"));
    asAdmin().get(HUB + "/workspaces/" + id).then().body("status", equalTo("SUSPENDED"));

    asAdmin()
        .body(Map.of("status", "PAUSED"))
        .put(HUB + "/workspaces/" + id + "/status")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("status"))
        .body("errors[0].message", equalTo("must be one of [ENABLED, SUSPENDED, DISABLED]"));
  }

  @Test
  void refusesIncompleteOrMalformedWorkspaces() {
    asAdmin()
        .body(Map.of("name", "No slug", "groupPk", 1, "shard", "eu1"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("slug"))
        .body("errors.message", hasItem("must not be blank"));

    asAdmin()
        .body(Map.of("name", "x", "slug", "Bad Slug", "groupPk", 1, "shard", "eu1"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("slug"))
        .body("errors[0].message", equalTo("must be lowercase kebab-case"));

    asAdmin()
        .body(Map.of("name", "x", "slug", "ok-slug", "groupPk", "many", "shard", "eu1"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("groupPk"))
        .body("errors[0].message", equalTo("must be an integer"));

    asAdmin()
        .body("{\"name\": \"broken\",")
        .post(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("body"))
        .body("message", notNullValue())
        .body("logref", nullValue());

    asAdmin()
        .body(Map.of("name", "x", "slug", "x-y", "groupPk", 1, "shard", "eu1", "colour", "red"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("colour"))
        .body("errors[0].message", equalTo("is not a known property"));
  }

  @Test
  void refusesADuplicateSlug() {
    String slug = "dup-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = Map.of("name", "A", "slug", slug, "groupPk", 1, "shard", "eu1");
    asAdmin().body(body).post(HUB + "/workspaces").then().statusCode(201);
    asAdmin()
        .body(body)
        .post(HUB + "/workspaces")
        .then()
        .statusCode(409)
        .body("errors[0].path", equalTo("slug"));
  }

  @Test
  void checksPagingBounds() {
    asAdmin()
        .queryParam("size", 51)
        .get(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("size"))
        .body("errors[0].message", equalTo("must be between 0 and 50"));
    asAdmin()
        .queryParam("page", -1)
        .get(HUB + "/workspaces")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("page"));
  }

  @Test
  void answers403WorkspaceNotFoundAnd400ForMalformedIds() {
    String unknown = UUID.randomUUID().toString();
    asAdmin()
        .get(HUB + "/workspaces/" + unknown)
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: " + unknown));
    asAdmin()
        .get(HUB + "/workspaces/not-a-uuid")
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: not-a-uuid"));
  }

  @Test
  void needsAValidTokenAndAStaffRole() {
    given().get(HUB + "/workspaces").then().statusCode(401);
    given()
        .header("Authorization", "Bearer not.a.jwt")
        .get(HUB + "/workspaces")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer c360s_unknown")
        .get(HUB + "/workspaces")
        .then()
        .statusCode(401);
    as(Tokens.user())
        .body(Map.of("name", "x", "slug", "by-user", "groupPk", 1, "shard", "eu1"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(403);
    String id = Api.createWorkspace();
    // A person without permissions in the workspace does not see it at all.
    as(Tokens.user()).get(HUB + "/workspaces/" + id).then().statusCode(403);
    as(Tokens.user())
        .get(HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("elements.id", not(hasItem(id)));
    as(Tokens.operator())
        .body(Map.of("status", "DISABLED"))
        .put(HUB + "/workspaces/" + id + "/status")
        .then()
        .statusCode(200);
  }
}
