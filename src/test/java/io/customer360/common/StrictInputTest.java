package io.customer360.common;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input gives a 5xx, and lenient input is refused (issue 13, faults 4, 6, 7, 8, 10 and 22):
 * every case answers 400 (or the spec §5 status) naming the field or parameter.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {

  String ws;
  String node;

  @BeforeEach
  void setUp() {
    if (ws != null) {
      return;
    }
    ws = Api.createWorkspace();
    node = Api.createEntryNode(ws);
  }

  /** Sends the body bytes exactly as written (no charset re-encoding by the client). */
  private static RequestSpecification raw(String body) {
    return asAdmin()
        .config(
            RestAssuredConfig.config()
                .encoderConfig(
                    EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
        .contentType(ContentType.JSON)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  /** method, path (relative to the workspace unless it starts with /hub), body, field named. */
  Stream<Arguments> badBodies() {
    String customer = "\"nodeId\":\"NODE\",";
    return Stream.of(
        // fault 4: NUL and unpaired surrogates, typed record and JSON tree bodies
        Arguments.of(
            "POST",
            "/hub/v1/workspaces",
            "{\"name\":\"a\\u0000b\",\"slug\":\"n1\",\"groupPk\":1,\"shard\":\"x\"}",
            "name"),
        Arguments.of(
            "POST",
            "/hub/v1/workspaces",
            "{\"name\":\"a\\ud800b\",\"slug\":\"n1\",\"groupPk\":1,\"shard\":\"x\"}",
            "name"),
        Arguments.of(
            "POST", "/customers", "{" + customer + "\"externalId\":\"x\\u0000y\"}", "externalId"),
        Arguments.of(
            "POST",
            "/customers",
            "{" + customer + "\"base\":{\"firstName\":\"\\udc00\"}}",
            "base.firstName"),
        Arguments.of("PUT", "/configuration", "{\"currency\":\"EU\\u0000R\"}", "currency"),
        // fault 6: trailing data after the document
        Arguments.of("PUT", "/status", "{\"status\":\"ENABLED\"}xyz", "body"),
        Arguments.of("PUT", "/status", "{\"status\":\"ENABLED\"} {}", "body"),
        Arguments.of("POST", "/customers", "{" + customer + "\"externalId\":\"e\"}]", "body"),
        // fault 7: non-finite numbers and integers beyond 64 bits
        Arguments.of(
            "POST",
            "/customers",
            "{" + customer + "\"base\":{\"address\":{\"geo\":{\"lat\":1e309,\"lon\":9}}}}",
            "base.address.geo.lat"),
        // a fraction-notation number PostgreSQL would hand back as an integer beyond 64 bits
        Arguments.of(
            "POST",
            "/events",
            "{\"type\":\"completedOrder\",\"context\":\"RETAIL\","
                + "\"properties\":{\"type\":\"sale\",\"amount\":{\"total\":1e19}}}",
            "properties.amount.total"),
        Arguments.of(
            "POST",
            "/events",
            "{\"type\":\"viewedPage\",\"context\":\"WEB\",\"properties\":{\"n\":[-1.5e300]}}",
            "properties.n[0]"),
        Arguments.of(
            "PUT",
            "/configuration/throttling",
            "{\"maxRequestsPerMinute\":123456789012345678901234567890}",
            "maxRequestsPerMinute"),
        // fault 8: lenient types
        Arguments.of("PUT", "/status", "{\"status\":0}", "status"),
        Arguments.of(
            "PUT",
            "/configuration/throttling",
            "{\"maxRequestsPerMinute\":2.5}",
            "maxRequestsPerMinute"),
        Arguments.of(
            "PUT",
            "/configuration/throttling",
            "{\"maxRequestsPerMinute\":\"5\"}",
            "maxRequestsPerMinute"),
        Arguments.of("PUT", "/configuration/events/viewedPage/enabled", "{\"value\":2}", "value"),
        Arguments.of(
            "PUT", "/configuration/events/viewedPage/enabled", "{\"value\":\"true\"}", "value"),
        Arguments.of(
            "POST",
            "/hub/v1/workspaces",
            "{\"name\":5,\"slug\":\"n1\",\"groupPk\":1,\"shard\":\"x\"}",
            "name"),
        // fault 10: an empty or null body
        Arguments.of("PUT", "/configuration/throttling", "", "body"),
        Arguments.of("PUT", "/configuration/throttling", "null", "body"),
        Arguments.of("PUT", "/status", "null", "body"),
        Arguments.of("PUT", "/configuration/products/update-policy", "", "body"),
        Arguments.of("PUT", "/configuration/products/update-policy", "null", "body"),
        Arguments.of("PUT", "/configuration/events/viewedPage", "null", "body"),
        Arguments.of("PUT", "/configuration/events/viewedPage/enabled", "", "body"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void refusesABadBodyNamingTheField(String method, String path, String body, String field) {
    String url = path.startsWith("/hub") ? path : ws(ws) + path;
    raw(body).request(method, url).then().statusCode(400).body("errors.path", hasItem(field));
  }

  Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("/configuration/events?resolveReferences=maybe", "resolveReferences"),
        Arguments.of("/configuration/events?resolveReferences=1", "resolveReferences"),
        Arguments.of("/configuration/events?resolveReferences=0", "resolveReferences"),
        Arguments.of("/models/contexts?resolveReferences=maybe", "resolveReferences"),
        Arguments.of("/models/contexts?resolveReferences=0", "resolveReferences"),
        Arguments.of("/models/contexts?resolveReferences=1", "resolveReferences"),
        Arguments.of("/configuration/properties?resolveReferences=0", "resolveReferences"),
        Arguments.of("/configuration/properties?resolveReferences=1", "resolveReferences"),
        Arguments.of("/customers?nodeId=%s&externalId=a%00b", "externalId"),
        Arguments.of("/customers?nodeId=%s&query=%ED%A0%80", "query"),
        Arguments.of("/customers?nodeId=%s&page=%C3%28", "page"),
        Arguments.of("/customers?nodeId=%s&size=1.5", "size"),
        Arguments.of("/customers/a%00b", "customerId"),
        Arguments.of("/configuration/events/a%00b", "eventType"),
        Arguments.of("/configuration/events/a%ED%B0%80b", "eventType"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void refusesABadParameterNamingIt(String path, String parameter) {
    asAdmin()
        .urlEncodingEnabled(false)
        .get(ws(ws) + path.replace("%s", node))
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(parameter));
  }

  @Test
  void aMalformedOrUnknownWorkspaceIdAnswersTheSpecMessage() {
    String unknown = UUID.randomUUID().toString();
    asAdmin()
        .get(ws(unknown) + "/configuration")
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: " + unknown));
    asAdmin()
        .get(ws("not-a-uuid") + "/configuration")
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: not-a-uuid"));
  }

  @Test
  void aMalformedOrUnknownNodeIdAnswersTheSpecMessage() {
    String unknown = UUID.randomUUID().toString();
    asAdmin()
        .get(ws(ws) + "/configuration/nodes/entries/" + unknown)
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found " + unknown));
    asAdmin()
        .get(ws(ws) + "/configuration/nodes/entries/xyz")
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found xyz"));
  }

  @Test
  void searchesDefaultToPagesOfTen() {
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", node)
        .get(ws(ws) + "/customers")
        .then()
        .statusCode(200)
        .body("page.size", equalTo(10));
    asAdmin().get(ws(ws) + "/events").then().statusCode(200).body("page.size", equalTo(10));
  }

  @Test
  void noBadBodyEverAnswersAServerError() {
    for (String body :
        new String[] {"{", "[]", "\"x\"", "1e999999", "{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}"}) {
      raw(body).post(ws(ws) + "/customers").then().statusCode(lessThan(500));
      raw(body).put(ws(ws) + "/configuration").then().statusCode(lessThan(500));
      raw(body).post(ws(ws) + "/events").then().statusCode(lessThan(500));
    }
    RestAssured.given().get("/q/health/live").then().statusCode(200);
  }
}
