package io.customer360.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/**
 * Makes sure a demo user of {@code dev/customer360-realm.json} exists in a Keycloak that was
 * started before the user was added to the realm file (Keycloak imports the realm only when it is
 * absent; {@code scripts/services.sh} re-imports on its next start): creates the user through the
 * admin API of the dev-mode Keycloak (admin/admin) with the attributes and realm role the realm
 * file gives it. Does nothing when the user can already sign in.
 */
public final class RealmUsers {

  private static final String OIDC =
      System.getenv().getOrDefault("C360_OIDC_URL", "http://127.0.0.1:8180/realms/customer360");
  private static final String BASE = OIDC.substring(0, OIDC.indexOf("/realms/"));
  private static final String REALM = OIDC.substring(OIDC.indexOf("/realms/") + 8);

  private RealmUsers() {}

  /** The {@code marketer} user: realm role USER, {@code isCustomer360} true. */
  public static synchronized void ensureMarketer() {
    ensure("marketer", "USER", "Mara", "Marketer", true);
  }

  static void ensure(
      String username, String role, String firstName, String lastName, boolean customer360) {
    if (canSignIn(username)) {
      return;
    }
    String admin =
        given()
            .formParam("grant_type", "password")
            .formParam("client_id", "admin-cli")
            .formParam("username", "admin")
            .formParam("password", "admin")
            .post(BASE + "/realms/master/protocol/openid-connect/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    String users = BASE + "/admin/realms/" + REALM + "/users";
    int created =
        given()
            .auth()
            .oauth2(admin)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "username",
                    username,
                    "enabled",
                    true,
                    "email",
                    username + "@customer360.test",
                    "emailVerified",
                    true,
                    "firstName",
                    firstName,
                    "lastName",
                    lastName,
                    "attributes",
                    Map.of("isCustomer360", List.of(String.valueOf(customer360))),
                    "credentials",
                    List.of(Map.of("type", "password", "value", username, "temporary", false))))
            .post(users)
            .statusCode();
    if (created != 201 && created != 409) {
      throw new AssertionError("could not create the realm user " + username + ": " + created);
    }
    String id =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("username", username)
            .queryParam("exact", true)
            .get(users)
            .then()
            .statusCode(200)
            .extract()
            .path("[0].id");
    Object roleRepresentation =
        given()
            .auth()
            .oauth2(admin)
            .get(BASE + "/admin/realms/" + REALM + "/roles/" + role)
            .then()
            .statusCode(200)
            .extract()
            .as(Map.class);
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(List.of(roleRepresentation))
        .post(users + "/" + id + "/role-mappings/realm")
        .then()
        .statusCode(204);
  }

  private static boolean canSignIn(String username) {
    return given()
            .formParam("grant_type", "password")
            .formParam("client_id", "customer360-cli")
            .formParam("client_secret", "customer360-cli-secret")
            .formParam("username", username)
            .formParam("password", username)
            .post(OIDC + "/protocol/openid-connect/token")
            .statusCode()
        == 200;
  }
}
