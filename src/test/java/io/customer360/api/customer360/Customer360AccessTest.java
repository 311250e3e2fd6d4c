package io.customer360.api.customer360;

import static io.customer360.api.customer360.Customer360Fixtures.api;
import static io.customer360.api.customer360.Customer360Fixtures.configure;
import static io.customer360.api.customer360.Customer360Fixtures.in;
import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Admission to the Customer 360 dialect over HTTP with real Keycloak tokens: the two isCustomer360
 * flags, locales and their messages, roles and node permissions, the workspace header, tenancy, the
 * node choice and the envelope of every refusal. A customer id that names nothing answers 404
 * "Customer not found" only once a request is admitted, which the tests use to tell admission from
 * refusal.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class Customer360AccessTest {

  private static final String NOBODY = "/customers/" + UUID.randomUUID() + "/events";

  /** A workspace with one entry node; returns {workspace, node}. */
  private static String[] workspace(boolean enabled) {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    configure(w, enabled, null);
    return new String[] {w, node};
  }

  private static ValidatableResponse envelope(ValidatableResponse r, int status, String message) {
    return r.statusCode(status)
        .body("result.status", equalTo(status))
        .body("result.data", nullValue())
        .body("result.message", equalTo(message))
        .body("message", nullValue())
        .body("errors", nullValue());
  }

  @Test
  void bothTheWorkspaceAndTheSessionFlagMustBeOn() {
    String[] off = workspace(false);
    envelope(
        in(Tokens.admin(), off[0]).get(api("en") + NOBODY).then(),
        403,
        "Customer 360 is not enabled for this workspace");

    String[] on = workspace(true);
    envelope(in(Tokens.admin(), on[0]).get(api("en") + NOBODY).then(), 404, "Customer not found");

    // The demo user "user" holds R on the node but its session says isCustomer360 = false.
    Api.grant(on[0], Api.userId(Tokens.user()), Map.of(on[1], "R"));
    envelope(
        in(Tokens.user(), on[0]).get(api("en") + NOBODY).then(),
        403,
        "Customer 360 is not enabled for your session");

    // Switching the workspace flag off again closes it at once.
    configure(on[0], false, null);
    envelope(
        in(Tokens.admin(), on[0]).get(api("en") + NOBODY).then(),
        403,
        "Customer 360 is not enabled for this workspace");
  }

  @Test
  void everyMessageComesInThePathsLanguage() {
    String[] w = workspace(true);
    Map<String, String> notFound =
        Map.of(
            "en", "Customer not found",
            "es", "Cliente no encontrado",
            "it", "Cliente non trovato",
            "pt", "Cliente não encontrado",
            "pt-BR", "Cliente não encontrado",
            "es-MX", "Cliente no encontrado");
    notFound.forEach(
        (locale, message) ->
            envelope(in(Tokens.admin(), w[0]).get(api(locale) + NOBODY).then(), 404, message));

    String[] off = workspace(false);
    Map<String, String> disabled =
        Map.of(
            "es", "Customer 360 no está habilitado para este workspace",
            "it", "Customer 360 non è abilitato per questo workspace",
            "pt", "O Customer 360 não está habilitado para este workspace");
    disabled.forEach(
        (locale, message) ->
            envelope(in(Tokens.admin(), off[0]).get(api(locale) + NOBODY).then(), 403, message));

    envelope(
        in(Tokens.admin(), w[0]).queryParam("size", "500").get(api("it") + "/customers").then(),
        400,
        "Parametro non valido size: deve essere un intero tra 1 e 100");
  }

  @Test
  void anUnsupportedLocaleAnswers404InTheEnvelope() {
    String[] w = workspace(true);
    for (String locale : new String[] {"fr", "de-DE", "pt_BR", "english"}) {
      envelope(
          in(Tokens.admin(), w[0]).get(api(locale)).then(),
          404,
          "Locale " + locale + " is not supported; use one of en, es, it, pt");
    }
  }

  @Test
  void peopleNeedReadPermissionOnTheViewsNodeStaffReadEveryWorkspace() {
    String[] w = workspace(true);
    String otherNode = Api.createEntryNode(w[0]);
    configure(w[0], true, w[1]);
    String marketer = Tokens.marketer();
    int marketerId = Api.userId(marketer);

    // No permission at all in the workspace: it looks like an unknown one.
    envelope(in(marketer, w[0]).get(api("en") + NOBODY).then(), 404, "Workspace not found");
    // A permission on another node of the workspace is not enough.
    Api.grant(w[0], marketerId, Map.of(otherNode, "RW"));
    envelope(
        in(marketer, w[0]).get(api("en") + NOBODY).then(),
        403,
        "You may not read the Customer 360 view of this workspace");
    // R on the view's node admits.
    Api.grant(w[0], marketerId, Map.of(w[1], "R"));
    envelope(in(marketer, w[0]).get(api("en") + NOBODY).then(), 404, "Customer not found");
    String customer = Customer360Fixtures.customer(w[0], w[1], Map.of("externalId", "c-1"));
    in(marketer, w[0])
        .get(api("en") + "/customers/" + customer + "/events")
        .then()
        .statusCode(200)
        .body("result.status", equalTo(200))
        .body("result.message", equalTo("Customer events fetched"))
        .body("result.data.elements.size()", equalTo(0));
    // R is not enough to write segments.
    envelope(
        in(marketer, w[0])
            .body(Map.of("name", "x", "query", Map.of("name", "x")))
            .post(api("en") + "/segments")
            .then(),
        403,
        "You may not change the segments of this workspace");

    // The DPO follows the same rule; operators and admins read every workspace.
    envelope(in(Tokens.dpo(), w[0]).get(api("en") + NOBODY).then(), 404, "Workspace not found");
    envelope(in(Tokens.operator(), w[0]).get(api("en") + NOBODY).then(), 404, "Customer not found");
  }

  @Test
  void sourceTokensMissingAndBadTokensAreRefusedInTheEnvelope() {
    String[] w = workspace(true);
    String source = Api.createSource(w[0], w[1]).get("token");
    envelope(
        in(source, w[0]).get(api("en") + NOBODY).then(),
        403,
        "Source tokens may not use the Customer 360 API; sign in as a person");
    envelope(
            given().header("X-Workspace-Id", w[0]).get(api("es") + NOBODY).then(),
            401,
            "Se requiere autenticación: envíe un token bearer válido")
        .header("WWW-Authenticate", startsWith("Bearer"));
    envelope(
        in("not-a-token", w[0]).get(api("en") + NOBODY).then(),
        401,
        "Authentication is required: send a valid bearer token");
  }

  @Test
  void theWorkspaceHeaderIsRequiredAndTenancyHolds() {
    String[] a = workspace(true);
    String[] b = workspace(true);
    envelope(
        as(Tokens.admin()).get(api("en") + NOBODY).then(),
        400,
        "Invalid parameter X-Workspace-Id: is required");
    envelope(
        in(Tokens.admin(), "not-a-uuid").get(api("pt") + NOBODY).then(),
        400,
        "Parâmetro inválido X-Workspace-Id: deve ser um UUID");
    envelope(
        in(Tokens.admin(), UUID.randomUUID().toString()).get(api("en") + NOBODY).then(),
        404,
        "Workspace not found");

    // A customer of workspace B is not found through workspace A, and its events neither.
    String ofB = Customer360Fixtures.customer(b[0], b[1], Map.of("externalId", "b-1"));
    in(Tokens.admin(), b[0])
        .get(api("en") + "/customers/" + ofB + "/events")
        .then()
        .statusCode(200);
    envelope(
        in(Tokens.admin(), a[0]).get(api("en") + "/customers/" + ofB + "/events").then(),
        404,
        "Customer not found");
    // A person with R in A only cannot read B.
    String marketer = Tokens.marketer();
    Api.grant(a[0], Api.userId(marketer), Map.of(a[1], "R"));
    envelope(
        in(marketer, b[0]).get(api("en") + "/customers/" + ofB + "/events").then(),
        404,
        "Workspace not found");
  }

  @Test
  void theViewReadsTheConfiguredNodeElseTheOnlyOneAndAnswers409Otherwise() {
    String[] w = workspace(true);
    String second = Api.createEntryNode(w[0]);
    envelope(
        in(Tokens.admin(), w[0]).get(api("en") + NOBODY).then(),
        409,
        "The workspace has no node for the Customer 360 view: it needs exactly one ACTIVE"
            + " aggregate node or exactly one entry node, or the setting customer360NodeId");

    configure(w[0], true, second);
    asAdmin()
        .get(ws(w[0]) + "/configuration")
        .then()
        .statusCode(200)
        .body("customer360NodeId", equalTo(second));
    String customer = Customer360Fixtures.customer(w[0], second, Map.of("externalId", "n-1"));
    in(Tokens.admin(), w[0])
        .get(api("en") + "/customers/" + customer + "/events")
        .then()
        .statusCode(200);
    // A customer of the other entry node is not one of the view's customers.
    String elsewhere = Customer360Fixtures.customer(w[0], w[1], Map.of("externalId", "n-2"));
    envelope(
        in(Tokens.admin(), w[0]).get(api("en") + "/customers/" + elsewhere + "/events").then(),
        404,
        "Customer not found");

    // The setting must name a node of this workspace; null clears it.
    String foreign = Api.createEntryNode(Api.createWorkspace());
    Map<String, Object> body = new HashMap<>();
    body.put("isCustomer360", true);
    body.put("customer360NodeId", foreign);
    asAdmin().body(body).put(ws(w[0]) + "/configuration").then().statusCode(404);
    body.put("customer360NodeId", "not-a-node");
    asAdmin().body(body).put(ws(w[0]) + "/configuration").then().statusCode(404);
    asAdmin().get(ws(w[0]) + "/configuration").then().body("customer360NodeId", equalTo(second));
    configure(w[0], true, null);
    asAdmin().get(ws(w[0]) + "/configuration").then().body("customer360NodeId", nullValue());
    in(Tokens.admin(), w[0]).get(api("en") + NOBODY).then().statusCode(409);
  }

  @Test
  void theHttpLayersRefusalsUnderTheDialectAnswerTheEnvelopeInTheLocale() {
    String[] wn = workspace(true);
    String w = wn[0];
    in(Tokens.admin(), w)
        .get(api("es") + "/foo")
        .then()
        .statusCode(404)
        .body("result.data", nullValue())
        .body("result.status", equalTo(404))
        .body("result.message", equalTo("No encontrado"))
        .body("message", nullValue());
    in(Tokens.admin(), w)
        .delete(api("en"))
        .then()
        .statusCode(405)
        .body("result.status", equalTo(405))
        .body("result.message", equalTo("Method not allowed"));
    in(Tokens.admin(), w)
        .patch(api("it") + "/segments/" + UUID.randomUUID())
        .then()
        .statusCode(405)
        .body("result.status", equalTo(405))
        .body("result.message", equalTo("Metodo non consentito"));
    in(Tokens.admin(), w)
        .accept("application/xml")
        .get(api("en"))
        .then()
        .statusCode(406)
        .body("result.status", equalTo(406))
        .body("result.message", equalTo("Not acceptable: the answer is application/json"));
    in(Tokens.admin(), w)
        .contentType("text/plain")
        .body("{\"name\":\"typed as text\",\"query\":{}}")
        .post(api("en") + "/segments")
        .then()
        .statusCode(415)
        .body("result.status", equalTo(415))
        .body("result.data", nullValue());
    in(Tokens.admin(), w)
        .get(api("xx") + "/foo")
        .then()
        .statusCode(404)
        .body("result.message", equalTo("Not found"));
    given()
        .get(api("pt") + "/customers?q=" + "a".repeat(9000))
        .then()
        .statusCode(414)
        .body("result.data", nullValue())
        .body("result.status", equalTo(414))
        .body("result.message", equalTo("URI muito longo"));

    // The native API keeps its own body.
    asAdmin().get("/hub/v1/nope").then().statusCode(404).body("message", equalTo("Not found"));
  }
}
