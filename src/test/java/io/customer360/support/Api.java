package io.customer360.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request helpers and fixtures shared by the HTTP tests. Each test class builds its own data. */
public final class Api {

  public static final String HUB = "/hub/v1";

  private Api() {}

  public static RequestSpecification as(String bearer) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bearer);
  }

  public static RequestSpecification asAdmin() {
    return as(Tokens.admin());
  }

  public static String ws(String workspaceId) {
    return HUB + "/workspaces/" + workspaceId;
  }

  /** A fresh workspace, created by the admin; returns its id. */
  public static String createWorkspace() {
    return createWorkspace(7);
  }

  /** A new workspace of the Contactsend customer group {@code groupPk}. */
  public static String createWorkspace(long groupPk) {
    String slug = "ws-" + UUID.randomUUID().toString().substring(0, 12);
    return asAdmin()
        .body(Map.of("name", "Workspace " + slug, "slug", slug, "groupPk", groupPk, "shard", "eu1"))
        .post(HUB + "/workspaces")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static String createEntryNode(String workspaceId, Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post(ws(workspaceId) + "/configuration/nodes/entries")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static String createEntryNode(String workspaceId) {
    return createEntryNode(
        workspaceId,
        Map.of(
            "name",
            "Entry " + UUID.randomUUID().toString().substring(0, 6),
            "uniqueCustomer",
            Map.of("properties", List.of("externalId"), "caseSensitive", false)));
  }

  /**
   * Creates an aggregate node "Everyone" over the entry nodes, matching on {@code
   * base.contacts.email} case-insensitively, and makes it ACTIVE; returns its id.
   */
  public static String createActiveAggregate(String workspaceId, String... entryNodeIds) {
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "Everyone",
                    "entryNodes",
                    List.of(entryNodeIds),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(workspaceId) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspaceId) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
    return aggregate;
  }

  /** Creates an API source on the nodes and returns {id, token}. */
  public static Map<String, String> createSource(String workspaceId, String... nodeIds) {
    var response =
        asAdmin()
            .body(
                Map.of(
                    "provider",
                    "API",
                    "name",
                    "Integration",
                    "nodes",
                    List.of(nodeIds),
                    "enabled",
                    true))
            .post(ws(workspaceId) + "/configuration/sources")
            .then()
            .statusCode(201)
            .extract();
    return Map.of("id", response.path("id"), "token", response.path("token"));
  }

  /** Registers the demo user (first call) and returns their numeric user id. */
  public static int userId(String token) {
    return as(token).get(HUB + "/me").then().statusCode(200).extract().path("id");
  }

  public static void grant(String workspaceId, int userId, Map<String, String> permissions) {
    List<Map<String, String>> nodes =
        permissions.entrySet().stream()
            .map(e -> Map.of("id", e.getKey(), "permission", e.getValue()))
            .toList();
    asAdmin()
        .body(Map.of("nodes", nodes))
        .put(ws(workspaceId) + "/configuration/users/" + userId)
        .then()
        .statusCode(200);
  }
}
