package io.customer360.workspace;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration bodies of workspaces, nodes, matching policies, sources and users refuse what
 * they do not understand (issue 13, faults 2, 8, 10, 11, 12), name unknown nodes and workspaces as
 * the Contacthub clients read them (fault 22) and carry {@code totalUnfilteredElements} (fault 24).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ConfigurationBodiesTest {

  private static String workspace;
  private static String node;
  private static String source;
  private static int user;

  private static String base() {
    if (workspace == null) {
      workspace = Api.createWorkspace();
      node = Api.createEntryNode(workspace);
      source = Api.createSource(workspace, node).get("id");
      user = Api.userId(io.customer360.support.Tokens.user());
    }
    return ws(workspace);
  }

  private static final String LONG = "x".repeat(5_000);

  /** PUT/POST path (relative to the workspace; {node}, {source}, {user} replaced), body, field. */
  static Stream<Arguments> refusedBodies() {
    Map<String, Object> entry =
        Map.of("name", "n", "uniqueCustomer", Map.of("properties", List.of("externalId")));
    return Stream.of(
        // fault 10: empty and null bodies
        Arguments.of("PUT", "/status", "", "body"),
        Arguments.of("PUT", "/status", "null", "body"),
        Arguments.of("PUT", "/configuration", "", "body"),
        Arguments.of("PUT", "/configuration/throttling", "null", "body"),
        Arguments.of("PUT", "/configuration/unique-customer-matching-policy", "", "body"),
        Arguments.of("POST", "/configuration/nodes/entries", "null", "body"),
        Arguments.of("POST", "/configuration/sources", "", "body"),
        Arguments.of("PUT", "/configuration/users/{user}", "null", "body"),
        // fault 11: every string bounded
        Arguments.of("PUT", "/configuration", json(Map.of("name", LONG)), "name"),
        Arguments.of(
            "POST",
            "/configuration/nodes/entries",
            json(Map.of("name", "n", "mandatoryProperties", List.of(LONG))),
            "mandatoryProperties[0]"),
        Arguments.of(
            "PUT",
            "/configuration/unique-customer-matching-policy",
            json(Map.of("properties", List.of(LONG))),
            "properties[0]"),
        Arguments.of(
            "POST",
            "/configuration/sources",
            json(Map.of("name", "s", "nodes", List.of("{node}"), "properties", Map.of("k", LONG))),
            "properties"),
        Arguments.of(
            "POST",
            "/configuration/nodes/aggregates",
            json(
                Map.of(
                    "name",
                    "a",
                    "entryNodes",
                    List.of("{node}"),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email")),
                    "exclusionFilters",
                    List.of(Map.of("property", "base.contacts.email", "pattern", LONG)))),
            "exclusionFilters[0].pattern"),
        // fault 12: unknown properties
        Arguments.of(
            "PUT", "/configuration", "{\"currency\":\"EUR\",\"colour\":\"red\"}", "colour"),
        Arguments.of(
            "PUT",
            "/configuration/throttling",
            "{\"maxRequestsPerMinute\":0,\"burst\":1}",
            "burst"),
        Arguments.of(
            "POST", "/configuration/nodes/entries", json(with(entry, "colour", "red")), "colour"),
        Arguments.of(
            "POST",
            "/configuration/sources",
            json(Map.of("name", "s", "nodes", List.of("{node}"), "colour", "red")),
            "colour"),
        Arguments.of(
            "PUT", "/configuration/users/{user}", "{\"nodes\":[],\"colour\":\"red\"}", "colour"),
        // fault 2: a pattern RE2 cannot run in linear time is refused by construction
        Arguments.of(
            "POST",
            "/configuration/nodes/aggregates",
            json(
                Map.of(
                    "name",
                    "a",
                    "entryNodes",
                    List.of("{node}"),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email")),
                    "exclusionFilters",
                    List.of(Map.of("property", "base.contacts.email", "pattern", "(a)\\1")))),
            "exclusionFilters[0].pattern"),
        // workspace setting defaultPhoneRegion: a region libphonenumber knows
        Arguments.of(
            "PUT", "/configuration", "{\"defaultPhoneRegion\":\"XX\"}", "defaultPhoneRegion"),
        Arguments.of(
            "PUT", "/configuration", "{\"defaultPhoneRegion\":\"it\"}", "defaultPhoneRegion"));
  }

  /** Fault 8: enum ordinals and numbers as booleans (the JSON reader refuses them globally). */
  static Stream<Arguments> lenientScalars() {
    return Stream.of(
        Arguments.of("PUT", "/status", "{\"status\":0}", "status"),
        Arguments.of("PUT", "/configuration", "{\"industry\":1}", "industry"),
        Arguments.of("PUT", "/configuration", "{\"isCustomer360\":1}", "isCustomer360"),
        Arguments.of(
            "PUT",
            "/configuration/unique-customer-matching-policy",
            "{\"properties\":[\"externalId\"],\"caseSensitive\":2}",
            "caseSensitive"),
        Arguments.of(
            "PUT",
            "/configuration/users/{user}",
            "{\"nodes\":[{\"id\":\"{node}\",\"permission\":0}]}",
            "nodes[0].permission"));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> 400 {3}")
  @MethodSource("lenientScalars")
  void refusesLenientScalarsNamingTheField(String method, String path, String body, String field) {
    refusesTheBodyNamingTheField(method, path, body, field);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> 400 {3}")
  @MethodSource("refusedBodies")
  void refusesTheBodyNamingTheField(String method, String path, String body, String field) {
    String root = base();
    String resolved = body.replace("{node}", node).replace("{user}", String.valueOf(user));
    var request =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(resolved.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String url =
        root
            + path.replace("{node}", node)
                .replace("{source}", source)
                .replace("{user}", String.valueOf(user));
    var response = method.equals("PUT") ? request.put(url) : request.post(url);
    response.then().statusCode(400).body("errors.path", hasItem(startsWith(field)));
  }

  @Test
  void acceptsALinearTimePatternThatBacktrackingEnginesStallOn() {
    asAdmin()
        .body(
            Map.of(
                "name", "a",
                "entryNodes", List.of(node()),
                "matchingProperties", Map.of("properties", List.of("base.contacts.email")),
                "exclusionFilters",
                    List.of(Map.of("property", "base.contacts.email", "pattern", "(.*a){12}"))))
        .post(base() + "/configuration/nodes/aggregates")
        .then()
        .statusCode(201);
  }

  @Test
  void readsAndReplacesTheDefaultPhoneRegion() {
    String w = Api.createWorkspace();
    asAdmin()
        .get(ws(w) + "/configuration")
        .then()
        .statusCode(200)
        .body("defaultPhoneRegion", equalTo("IT"));
    asAdmin()
        .body(Map.of("defaultPhoneRegion", "FR"))
        .put(ws(w) + "/configuration")
        .then()
        .statusCode(200)
        .body("defaultPhoneRegion", equalTo("FR"));
    asAdmin().get(ws(w) + "/configuration").then().body("defaultPhoneRegion", equalTo("FR"));
  }

  @Test
  void namesUnknownAndMalformedNodesAndUnknownWorkspacesAsTheSpecDoes() {
    String unknown = UUID.randomUUID().toString();
    for (String kind : List.of("entries", "aggregates")) {
      for (String id : List.of(unknown, "not-a-node")) {
        asAdmin()
            .get(base() + "/configuration/nodes/" + kind + "/" + id)
            .then()
            .statusCode(404)
            .body("message", equalTo("node not found " + id));
      }
    }
    asAdmin()
        .delete(base() + "/configuration/nodes/entries/" + unknown + "/data")
        .then()
        .statusCode(404)
        .body("message", equalTo("node not found " + unknown));
    asAdmin()
        .get(ws(unknown) + "/configuration")
        .then()
        .statusCode(403)
        .body("message", equalTo("workspace not found: " + unknown));
  }

  @Test
  void pagedListsCarryTheUnfilteredCount() {
    String w = Api.createWorkspace();
    String entry = Api.createEntryNode(w);
    Api.createSource(w, entry);
    asAdmin()
        .body(
            Map.of(
                "name", "agg",
                "entryNodes", List.of(entry),
                "matchingProperties", Map.of("properties", List.of("base.contacts.email"))))
        .post(ws(w) + "/configuration/nodes/aggregates")
        .then()
        .statusCode(201);
    asAdmin()
        .queryParam("nodeType", "AGGREGATE")
        .get(ws(w) + "/configuration/nodes")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(1))
        .body("page.totalUnfilteredElements", equalTo(2));
    asAdmin()
        .get(ws(w) + "/configuration/nodes/entries")
        .then()
        .body("page.totalUnfilteredElements", equalTo(2));
    asAdmin()
        .get(ws(w) + "/configuration/sources")
        .then()
        .body("page.totalUnfilteredElements", equalTo(1));
    asAdmin()
        .queryParam("search", "nobody-" + UUID.randomUUID())
        .get(ws(w) + "/configuration/users")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(0))
        .body("page.totalUnfilteredElements", org.hamcrest.Matchers.greaterThan(0));
    asAdmin()
        .queryParam("name", "no-such-workspace-" + UUID.randomUUID())
        .get(Api.HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(0))
        .body("page.totalUnfilteredElements", org.hamcrest.Matchers.greaterThan(0));
  }

  private static String node() {
    base();
    return node;
  }

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(m);
    out.put(key, value);
    return out;
  }

  private static String json(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
