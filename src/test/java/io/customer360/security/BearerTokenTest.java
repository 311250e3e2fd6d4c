package io.customer360.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No token, a malformed token or a bad token answers 401 with the spec §5 body, never a 5xx (issue
 * 13, faults 5 and 22).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class BearerTokenTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Bearer",
        "Bearer ",
        "Bearer .",
        "Bearer ...",
        "Bearer a.b.c",
        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        "Bearer c360s_unknown",
        "Bearer \u00e9\u00e9",
        "Basic YWRtaW46YWRtaW4=",
        "garbage"
      })
  void answers401WithTheSpecBody(String authorization) {
    var request = given();
    if (!authorization.isEmpty()) {
      request = request.header("Authorization", authorization);
    }
    for (String path :
        new String[] {
          Api.HUB + "/workspaces",
          Api.HUB + "/me",
          Api.ws(UUID.randomUUID().toString()) + "/configuration"
        }) {
      request
          .get(path)
          .then()
          .statusCode(401)
          .body("message", equalTo("The client is not authorized to access the API"));
    }
  }
}
