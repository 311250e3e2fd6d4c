package io.customer360.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the Keycloak realm, one per demo user, fetched once per run. */
public final class Tokens {

  private static final String TOKEN_URL =
      System.getenv().getOrDefault("C360_OIDC_URL", "http://127.0.0.1:8180/realms/customer360")
          + "/protocol/openid-connect/token";
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Tokens() {}

  public static String of(String user) {
    return CACHE.computeIfAbsent(user, Tokens::fetch);
  }

  public static String admin() {
    return of("admin");
  }

  public static String operator() {
    return of("operator");
  }

  public static String dpo() {
    return of("dpo");
  }

  public static String user() {
    return of("user");
  }

  /** A USER whose session has {@code isCustomer360} true (created when Keycloak lacks it). */
  public static String marketer() {
    RealmUsers.ensureMarketer();
    return of("marketer");
  }

  private static String fetch(String user) {
    return given()
        .formParam("grant_type", "password")
        .formParam("client_id", "customer360-cli")
        .formParam("client_secret", "customer360-cli-secret")
        .formParam("username", user)
        .formParam("password", user)
        .post(TOKEN_URL)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
