package io.customer360.source;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class SourceTest {

  String workspace;
  String node;

  @BeforeEach
  void freshWorkspace() {
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
  }

  private Map<String, Object> source(String provider, String name) {
    return Map.of(
        "provider",
        provider,
        "name",
        name,
        "description",
        "POS integration",
        "properties",
        Map.of("allowedIPs", "10.0.0.0/8"),
        "nodes",
        List.of(node),
        "enabled",
        true);
  }

  /** A CONTACTSEND source with the configuration it needs (userdbId and groupPk). */
  private Map<String, Object> sendSource(String name) {
    return Map.of(
        "provider",
        "CONTACTSEND",
        "name",
        name,
        "properties",
        Map.of("userdbId", 41, "groupPk", 7),
        "nodes",
        List.of(node),
        "enabled",
        true);
  }

  @Test
  void createsAnApiSourceWithATokenShownOnce() {
    String id =
        asAdmin()
            .body(source("API", "POS"))
            .post(ws(workspace) + "/configuration/sources")
            .then()
            .statusCode(201)
            .body("token", startsWith("c360s_"))
            .body("provider", equalTo("API"))
            .body("properties.allowedIPs", equalTo("10.0.0.0/8"))
            .extract()
            .path("id");
    asAdmin()
        .get(ws(workspace) + "/configuration/sources/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("POS"))
        .body("token", nullValue());
    asAdmin()
        .get(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(id));
  }

  @Test
  void aSourceTokenReachesItsWorkspaceOnly() {
    Map<String, String> src = Api.createSource(workspace, node);
    as(src.get("token"))
        .get(ws(workspace) + "/configuration/nodes/entries/" + node)
        .then()
        .statusCode(200);
    String other = Api.createWorkspace();
    String otherNode = Api.createEntryNode(other);
    as(src.get("token"))
        .get(ws(other) + "/configuration/nodes/entries/" + otherNode)
        .then()
        .statusCode(403);
    as(src.get("token")).get(ws(other)).then().statusCode(403);
    as(src.get("token"))
        .get(Api.HUB + "/workspaces")
        .then()
        .statusCode(200)
        .body("elements.id", equalTo(List.of(workspace)));
    // A source token never changes configuration.
    as(src.get("token"))
        .body(source("API", "By a source"))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(403);
    as(src.get("token"))
        .body(Map.of("maxRequestsPerMinute", 0))
        .put(ws(workspace) + "/configuration/throttling")
        .then()
        .statusCode(403);
  }

  @Test
  void aDisabledSourceIsRefusedAndARefreshedTokenReplacesTheOldOne() {
    Map<String, String> src = Api.createSource(workspace, node);
    String path = ws(workspace) + "/configuration/nodes/entries/" + node;
    as(src.get("token")).get(path).then().statusCode(200);

    String fresh =
        asAdmin()
            .post(ws(workspace) + "/configuration/sources/" + src.get("id") + "/refresh-token")
            .then()
            .statusCode(200)
            .body("token", not(equalTo(src.get("token"))))
            .extract()
            .path("token");
    as(src.get("token")).get(path).then().statusCode(401);
    as(fresh).get(path).then().statusCode(200);

    Map<String, Object> disabled = new java.util.HashMap<>(source("API", "Integration"));
    disabled.put("enabled", false);
    asAdmin()
        .body(disabled)
        .put(ws(workspace) + "/configuration/sources/" + src.get("id"))
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false));
    as(fresh).get(path).then().statusCode(401);
    disabled.put("enabled", true);
    asAdmin()
        .body(disabled)
        .put(ws(workspace) + "/configuration/sources/" + src.get("id"))
        .then()
        .statusCode(200);
    as(fresh).get(path).then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MAGENTO",
        "Javascript",
        "ANDROID_SDK",
        "OBJECTIVEC_SDK",
        "NODEJS_SDK",
        "JAVA_SDK",
        "SCALA_SDK",
        "DOTNET_SDK"
      })
  void legacyProvidersCanNoLongerBeCreated(String provider) {
    asAdmin()
        .body(source(provider, "Legacy"))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("provider"));
  }

  @Test
  void onlyOperatorsAndAdminsCreateOrModifySendSources() {
    int user = Api.userId(Tokens.user());
    Api.grant(workspace, user, Map.of(node, "RW"));
    as(Tokens.user())
        .body(source("API", "Own API source"))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(201);
    as(Tokens.user())
        .body(sendSource("Send"))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(403);
    String send =
        as(Tokens.operator())
            .body(sendSource("Send"))
            .post(ws(workspace) + "/configuration/sources")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(Tokens.user())
        .body(sendSource("Send renamed"))
        .put(ws(workspace) + "/configuration/sources/" + send)
        .then()
        .statusCode(403);
    asAdmin()
        .body(sendSource("Send renamed"))
        .put(ws(workspace) + "/configuration/sources/" + send)
        .then()
        .statusCode(200)
        .body("name", equalTo("Send renamed"));
  }

  @Test
  void refusesBadSources() {
    asAdmin()
        .body(Map.of("provider", "API", "name", "No nodes", "nodes", List.of()))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodes"));
    asAdmin()
        .body(Map.of("provider", "API", "name", "Foreign", "nodes", List.of(UUID.randomUUID())))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodes"));
    asAdmin()
        .body(Map.of("provider", "FAX", "name", "x", "nodes", List.of(node)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("provider"));
    asAdmin()
        .body(Map.of("provider", "API", "nodes", List.of(node)))
        .post(ws(workspace) + "/configuration/sources")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("name"));
    asAdmin()
        .get(ws(workspace) + "/configuration/sources/" + UUID.randomUUID())
        .then()
        .statusCode(404);
    // A source of another workspace is unknown here.
    String other = Api.createWorkspace();
    Map<String, String> foreign = Api.createSource(other, Api.createEntryNode(other));
    asAdmin()
        .get(ws(workspace) + "/configuration/sources/" + foreign.get("id"))
        .then()
        .statusCode(404);
    asAdmin()
        .post(ws(workspace) + "/configuration/sources/" + foreign.get("id") + "/refresh-token")
        .then()
        .statusCode(404);
  }

  @Test
  void sourcesOfASuspendedWorkspaceAreRefused() {
    Map<String, String> src = Api.createSource(workspace, node);
    asAdmin()
        .body(Map.of("status", "SUSPENDED"))
        .put(ws(workspace) + "/status")
        .then()
        .statusCode(200);
    as(src.get("token"))
        .get(ws(workspace) + "/configuration/nodes/entries/" + node)
        .then()
        .statusCode(403)
        .body("message", notNullValue());
  }
}
