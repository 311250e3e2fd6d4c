package io.customer360.common;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One timestamp format on the wire (issue 14 item 2): every timestamp field of every answer, also
 * those SQL renders into JSON (an aggregate node's activation state), is ISO-8601 UTC with
 * millisecond precision and {@code Z}.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireTimestampsTest {

  private static final Pattern WIRE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

  String ws;
  String node;
  String aggregate;
  String customer;
  String event;
  int user;

  @BeforeEach
  void setUp() {
    if (ws != null) {
      return;
    }
    ws = Api.createWorkspace();
    node = Api.createEntryNode(ws);
    Api.createSource(ws, node);
    customer =
        asAdmin()
            .body(Map.of("nodeId", node, "externalId", "t-" + UUID.randomUUID()))
            .post(ws(ws) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    event =
        asAdmin()
            .body(
                Map.of(
                    "customerId",
                    customer,
                    "type",
                    "viewedPage",
                    "context",
                    "WEB",
                    "properties",
                    Map.of("url", "https://shop.example/p/1")))
            .post(ws(ws) + "/events")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    user = Api.userId(Tokens.user());
    Api.grant(ws, user, Map.of(node, "R"));
    aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "All",
                    "entryNodes",
                    List.of(node),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(ws) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(ws) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
  }

  /**
   * path (relative to the workspace unless it starts with /hub; WS, NODE, AGG, USER, CUSTOMER and
   * EVENT stand for this class's data), timestamp fields it must hold.
   */
  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("/hub/v1/workspaces/WS", List.of()),
        Arguments.of("/hub/v1/workspaces?size=50", List.of()),
        Arguments.of("/configuration/nodes/entries/NODE", List.of()),
        Arguments.of("/configuration/nodes/aggregates/AGG", List.of("activation.requestedAt")),
        Arguments.of("/configuration/nodes", List.of()),
        Arguments.of("/configuration/sources", List.of()),
        Arguments.of("/configuration/users/USER", List.of("registeredAt")),
        Arguments.of("/configuration/users", List.of()),
        Arguments.of("/hub/v1/me", List.of()),
        Arguments.of("/customers/CUSTOMER", List.of("registeredAt", "updatedAt")),
        Arguments.of("/customers?nodeId=NODE", List.of()),
        Arguments.of("/events/EVENT", List.of("date", "registeredAt")),
        Arguments.of("/events?customerId=CUSTOMER", List.of()));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void everyTimestampHasMillisecondsInUtc(String path, List<String> required) {
    String resolved =
        path.replace("WS", ws)
            .replace("NODE", node)
            .replace("AGG", aggregate)
            .replace("USER", String.valueOf(user))
            .replace("CUSTOMER", customer)
            .replace("EVENT", event);
    String url = resolved.startsWith("/hub") ? resolved : ws(ws) + resolved;
    Object body = asAdmin().get(url).then().statusCode(200).extract().jsonPath().get("$");
    for (String field : required) {
      Object value = asAdmin().get(url).then().extract().path(field);
      assertTrue(value instanceof String, path + " has no " + field);
    }
    List<String> wrong = new ArrayList<>();
    walk(body, "", wrong);
    assertEquals(List.of(), wrong, path);
  }

  /** The background build adds startedAt and finishedAt: written by Java, same format. */
  @Test
  void activationTimesOfABuiltAggregateNode() throws Exception {
    String url = ws(ws) + "/configuration/nodes/aggregates/" + aggregate;
    long deadline = System.currentTimeMillis() + 60_000;
    Object started = null;
    while (started == null && System.currentTimeMillis() < deadline) {
      started = asAdmin().get(url).then().statusCode(200).extract().path("activation.startedAt");
      if (started == null) {
        Thread.sleep(500);
      }
    }
    assertTrue(started instanceof String s && WIRE.matcher(s).matches(), "startedAt " + started);
    Object body = asAdmin().get(url).then().extract().jsonPath().get("$");
    List<String> wrong = new ArrayList<>();
    walk(body, "", wrong);
    assertEquals(List.of(), wrong);
  }

  /** Collects every timestamp-named string (…At, date) that is not in the wire format. */
  private static void walk(Object node, String path, List<String> wrong) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, wrong));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", wrong);
      }
    } else if (node instanceof String s && isTimestampField(path) && !WIRE.matcher(s).matches()) {
      wrong.add(path + "=" + s);
    }
  }

  private static boolean isTimestampField(String path) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    return last.endsWith("At") || last.equals("date") || last.equals("dateFrom");
  }
}
