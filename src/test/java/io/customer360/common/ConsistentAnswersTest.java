package io.customer360.common;

import static io.customer360.support.Api.HUB;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One answer per kind of input, on every endpoint: counts-only pages, duplicate JSON keys, node and
 * workspace ids that do not resolve (spec §5), LIKE metacharacters taken literally and one rule for
 * request media types.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistentAnswersTest {

  String ws;
  String node;
  String marker;

  @BeforeEach
  void setUp() {
    if (ws != null) {
      return;
    }
    ws = Api.createWorkspace();
    node = Api.createEntryNode(ws);
    Api.createSource(ws, node);
    Api.userId(Tokens.user());
    marker = "lk" + UUID.randomUUID().toString().substring(0, 8);
    for (String name : new String[] {marker + " 100% off", marker + " a_b", marker + " plain"}) {
      String slug = "s-" + UUID.randomUUID().toString().substring(0, 12);
      asAdmin()
          .body(Map.of("name", name, "slug", slug, "groupPk", 7, "shard", "eu1"))
          .post(HUB + "/workspaces")
          .then()
          .statusCode(201);
    }
  }

  private String at(String path) {
    return path.startsWith("/hub") ? path : ws(ws) + path;
  }

  // --- fault: size=0 on Panache-backed lists -------------------------------------------------

  /**
   * Every paged Panache-backed list: size=0 answers the true count and no elements (the source list
   * takes no paging parameters, spec C1).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/hub/v1/workspaces?size=0",
        "/hub/v1/workspaces?page=0&size=0",
        "/hub/v1/workspaces?page=3&size=0",
        "/configuration/nodes?size=0",
        "/configuration/nodes?page=0&size=0",
        "/configuration/nodes/entries?size=0",
        "/configuration/users?size=0"
      })
  void sizeZeroAnswersTheCountWithAnEmptyPage(String path) {
    asAdmin()
        .get(at(path))
        .then()
        .statusCode(200)
        .body("elements", empty())
        .body("page.totalElements", greaterThan(0));
  }

  // --- fault: duplicate JSON keys --------------------------------------------------------------

  Stream<Arguments> duplicateKeys() {
    return Stream.of(
        Arguments.of(
            "PUT", "/status", "{\"status\":\"ENABLED\",\"status\":\"DISABLED\"}", "status"),
        Arguments.of(
            "POST",
            "/hub/v1/workspaces",
            "{\"name\":\"a\",\"name\":\"b\",\"slug\":\"dup1\",\"groupPk\":1,\"shard\":\"x\"}",
            "name"),
        Arguments.of(
            "POST",
            "/customers",
            "{\"nodeId\":\"NODE\",\"externalId\":\"x\",\"externalId\":\"y\"}",
            "externalId"),
        Arguments.of(
            "POST",
            "/customers",
            "{\"nodeId\":\"NODE\",\"base\":{\"firstName\":\"a\",\"firstName\":\"b\"}}",
            "base.firstName"),
        Arguments.of(
            "POST", "/configuration/nodes/entries", "{\"name\":\"n\",\"name\":\"m\"}", "name"),
        Arguments.of(
            "POST",
            "/events",
            "{\"type\":\"viewedPage\",\"type\":\"viewedPage\",\"context\":\"WEB\"}",
            "type"));
  }

  @ParameterizedTest
  @MethodSource("duplicateKeys")
  void duplicateKeysAnswer400NamingTheField(String method, String path, String body, String field) {
    String url = path.equals("/status") ? HUB + "/workspaces/" + ws + "/status" : at(path);
    raw(body.replace("NODE", node))
        .request(method, url)
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(field));
  }

  // --- spec §5: ids that do not resolve ---------------------------------------------------------

  Stream<Arguments> malformedNodeIds() {
    return Stream.of(
        Arguments.of("GET", "/customers?nodeId=bad", null),
        Arguments.of("GET", "/customers?nodeId=1-1-1-1-1", null),
        Arguments.of("GET", "/events?nodeId=bad", null),
        Arguments.of("POST", "/customers", "{\"nodeId\":\"bad\",\"externalId\":\"x\"}"),
        Arguments.of("GET", "/configuration/nodes/entries/bad", null));
  }

  @ParameterizedTest
  @MethodSource("malformedNodeIds")
  void aMalformedNodeIdAnswersLikeAnUnknownNode(String method, String path, String body) {
    RequestSpecification r = body == null ? asAdmin() : raw(body);
    String bad = path.contains("1-1-1-1-1") ? "1-1-1-1-1" : "bad";
    r.request(method, at(path))
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found " + bad));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/events?nodeId=", "/customers?nodeId="})
  void anUnknownNodeIdInAQueryAnswers404(String path) {
    String unknown = UUID.randomUUID().toString();
    asAdmin()
        .get(at(path + unknown))
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found " + unknown));
  }

  /** Unknown, malformed, and existing-but-not-yours answer alike: existence does not leak. */
  @Test
  void aWorkspaceAPersonMayNotSeeAnswersLikeAnUnknownOne() {
    String unknown = UUID.randomUUID().toString();
    for (String token : new String[] {Tokens.dpo(), Tokens.user()}) {
      for (String id : new String[] {ws, unknown, "zzz"}) {
        for (String path : new String[] {"", "/configuration/nodes", "/customers?nodeId=" + node}) {
          as(token)
              .get(HUB + "/workspaces/" + id + path)
              .then()
              .statusCode(403)
              .body("message", equalTo("workspace not found: " + id));
        }
      }
    }
  }

  // --- LIKE metacharacters
  // ------------------------------------------------------------------------

  Stream<Arguments> likeFilters() {
    return Stream.of(
        Arguments.of("/hub/v1/workspaces?name=MARKER%25", 0),
        Arguments.of("/hub/v1/workspaces?name=MARKER_", 0),
        Arguments.of("/hub/v1/workspaces?name=MARKER%20100%25", 1),
        Arguments.of("/hub/v1/workspaces?name=MARKER%20a_b", 1),
        Arguments.of("/hub/v1/workspaces?name=MARKER%20a%25b", 0),
        Arguments.of("/hub/v1/workspaces?name=MARKER", 3),
        Arguments.of("/configuration/users?search=%25%25%25", 0),
        Arguments.of("/configuration/users?search=___", 0));
  }

  @ParameterizedTest
  @MethodSource("likeFilters")
  void nameAndSearchFiltersMatchTextLiterally(String path, int expected) {
    asAdmin()
        .urlEncodingEnabled(false)
        .get(at(path.replace("MARKER", marker)))
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(expected));
  }

  // --- media types ------------------------------------------------------------------------------

  Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("POST", "/customers", "{\"nodeId\":\"NODE\",\"externalId\":\"EXT\"}", 201),
        Arguments.of("PUT", "/status", "{\"status\":\"ENABLED\"}", 200),
        Arguments.of(
            "POST",
            "/configuration/nodes/entries",
            "{\"name\":\"EXT\",\"uniqueCustomer\":{\"properties\":[\"externalId\"]}}",
            201));
  }

  /** One rule: JSON (charset allowed) or no declared type is read; any other type is 415. */
  @ParameterizedTest
  @MethodSource("bodies")
  void bodiesAreJsonEverywhere(String method, String path, String body, int created)
      throws Exception {
    String url = path.equals("/status") ? HUB + "/workspaces/" + ws + "/status" : at(path);
    for (String type : new String[] {"text/plain", "application/xml", "application/octet-stream"}) {
      send(method, url, body, type)
          .then()
          .statusCode(415)
          .body("message", equalTo("Unsupported media type: send application/json"));
    }
    for (String type :
        new String[] {"application/json", "application/json; charset=UTF-8", "Application/JSON"}) {
      send(method, url, body, type).then().statusCode(created);
    }
    Assertions.assertEquals(created, untyped(method, url, body), "no Content-Type");
  }

  /** Sends the body with no Content-Type header at all (HTTP clients set one of their own). */
  private int untyped(String method, String url, String body) throws Exception {
    String text = body.replace("NODE", node).replace("EXT", "x-" + UUID.randomUUID());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + url))
            .header("Authorization", "Bearer " + Tokens.admin())
            .method(method, HttpRequest.BodyPublishers.ofString(text))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private io.restassured.response.Response send(
      String method, String url, String body, String type) {
    String text = body.replace("NODE", node).replace("EXT", "x-" + UUID.randomUUID());
    RequestSpecification r =
        given()
            .config(
                RestAssuredConfig.config()
                    .encoderConfig(
                        EncoderConfig.encoderConfig()
                            .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
            .header("Authorization", "Bearer " + Tokens.admin())
            .body(text.getBytes(StandardCharsets.UTF_8));
    return r.header("Content-Type", type).request(method, url);
  }

  /** Sends the body bytes exactly as written (no charset re-encoding by the client). */
  private static RequestSpecification raw(String body) {
    return asAdmin()
        .config(
            RestAssuredConfig.config()
                .encoderConfig(
                    EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
        .body(body.getBytes(StandardCharsets.UTF_8));
  }
}
