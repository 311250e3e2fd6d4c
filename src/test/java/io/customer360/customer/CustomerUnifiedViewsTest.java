package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.customer.CustomerFixtures.nodeWithUniqueKey;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unified customers as the customer endpoints answer them (issue 13, faults 13, 15, 19 and 25): the
 * full customer wire shape, export with the members' events, true counts for {@code size=0}, and
 * the external-id filter compared as keys are.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerUnifiedViewsTest {

  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  String workspace;

  /** An entry node keyed by externalId, case-insensitive (the default policy). */
  String folded;

  /** An entry node keyed by externalId, case-sensitive. */
  String strict;

  String aggregate;

  @BeforeEach
  void aggregateOverTwoEntryNodes() {
    workspace = Api.createWorkspace();
    folded = Api.createEntryNode(workspace);
    strict = nodeWithUniqueKey(workspace, List.of("externalId"), true);
    aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name", "Everyone",
                    "entryNodes", List.of(folded, strict),
                    "matchingProperties",
                        Map.of(
                            "properties", List.of("base.contacts.email"), "caseSensitive", false)))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("state", "ACTIVE"))
        .put(ws(workspace) + "/configuration/nodes/aggregates/" + aggregate + "/state")
        .then()
        .statusCode(200);
  }

  private String create(String node, String externalId, String email, List<String> tags) {
    Map<String, Object> body = new HashMap<>();
    body.put("nodeId", node);
    body.put("externalId", externalId);
    body.put("base", Map.of("firstName", externalId, "contacts", Map.of("email", email)));
    if (tags != null) {
      body.put("tags", Map.of("manual", tags));
    }
    return createId(workspace, body);
  }

  /** CU1 on the aggregate node once the indexer has caught up (searches follow the indexer). */
  private ValidatableResponse search(Map<String, Object> query) {
    SearchSync.awaitIndexed();
    return asAdmin()
        .queryParam("nodeId", aggregate)
        .queryParams(query)
        .get(customers(workspace))
        .then()
        .statusCode(200);
  }

  private String unifiedOf(String externalId) {
    return search(Map.of("externalId", externalId))
        .body("elements", hasSize(1))
        .extract()
        .path("elements[0].id");
  }

  // ------------------------------------------------------------------------ fault 25

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET /customers/{id}", "GET /customers?nodeId={aggregate}"})
  void unifiedCustomersHaveTheFullCustomerShape(String endpoint) {
    create(folded, "ann-shop", "ann@example.com", List.of("vip"));
    create(strict, "ann-crm", "ANN@example.com", null);
    String id = unifiedOf("ann-crm");

    ValidatableResponse r =
        endpoint.contains("{id}")
            ? asAdmin().get(customers(workspace) + "/" + id).then().statusCode(200)
            : search(Map.of()).body("elements", hasSize(1));
    String at = endpoint.contains("{id}") ? "" : "elements[0].";
    r.body(at + "id", equalTo(id))
        .body(at + "nodeId", equalTo(aggregate))
        .body(at + "base.size()", equalTo(18))
        .body(at + "base.dob", nullValue())
        .body(at + "base.educations", empty())
        .body(at + "base.firstName", anyOf(equalTo("ann-crm"), equalTo("ann-shop")))
        .body(at + "base.contacts.size()", equalTo(6))
        .body(at + "base.contacts.fax", nullValue())
        .body(at + "base.contacts.mobileDevices", empty())
        .body(at + "base.contacts.otherContacts", empty())
        .body(at + "tags.auto", empty())
        .body(at + "tags.manual", containsInAnyOrder("vip"))
        .body(at + "registeredAt", matchesPattern(TIMESTAMP))
        .body(at + "updatedAt", matchesPattern(TIMESTAMP))
        .body(at.isEmpty() ? "$" : "elements[0]", not(hasKey("entryCustomers")))
        .body(at.isEmpty() ? "$" : "elements[0]", hasKey("sourceInfo"))
        .body(at.isEmpty() ? "$" : "elements[0]", hasKey("consents"));
  }

  // ------------------------------------------------------------------------ fault 15

  @Test
  void exportOfAUnifiedCustomerHasTheUnionOfItsMembersEvents() {
    String a = create(folded, "eve-shop", "eve@example.com", null);
    String b = create(strict, "eve-crm", "eve@example.com", null);
    event(a, "https://shop.example/a");
    event(b, "https://shop.example/b");
    event(b, "https://shop.example/c");
    String id = unifiedOf("eve-shop");

    asAdmin()
        .get(customers(workspace) + "/" + id + "/export")
        .then()
        .statusCode(200)
        .body("customer.id", equalTo(id))
        .body("customer.nodeId", equalTo(aggregate))
        .body("customer.base.size()", equalTo(18))
        .body(
            "events.properties.url",
            containsInAnyOrder(
                "https://shop.example/a", "https://shop.example/b", "https://shop.example/c"));
    asAdmin()
        .get(customers(workspace) + "/" + a + "/export")
        .then()
        .statusCode(200)
        .body("events", hasSize(1));
    asAdmin()
        .get(customers(workspace) + "/" + UUID.randomUUID() + "/export")
        .then()
        .statusCode(404);
  }

  private void event(String customerId, String url) {
    asAdmin()
        .body(
            Map.of(
                "customerId",
                customerId,
                "type",
                "viewedPage",
                "context",
                "WEB",
                "properties",
                Map.of("url", url, "title", "Page", "path", "/p")))
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(202);
  }

  // ------------------------------------------------------------------------ fault 19

  static Stream<Arguments> counts() {
    return Stream.of(
        Arguments.of("aggregate", Map.of("size", 0), 3, 3, 0),
        Arguments.of("aggregate", Map.of("size", 1), 3, 3, 1),
        Arguments.of("aggregate", Map.of("size", 0, "externalId", "bob"), 1, 3, 0),
        Arguments.of("aggregate", Map.of("size", 0, "externalId", "nobody"), 0, 3, 0),
        Arguments.of("entry-customers", Map.of("size", 0), 2, 2, 0),
        Arguments.of("entry-customers", Map.of("size", 1), 2, 2, 1),
        Arguments.of("entry-customers", Map.of("size", 10), 2, 2, 2));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("counts")
  void countsAreTrueForEveryPageSize(
      String list, Map<String, Object> query, int total, int unfiltered, int elements) {
    create(folded, "ann-shop", "ann@example.com", null);
    create(strict, "ann-crm", "ann@example.com", null);
    create(folded, "bob", "bob@example.com", null);
    create(strict, "carl", "carl@example.com", null);
    ValidatableResponse r =
        list.equals("aggregate")
            ? search(query)
            : asAdmin()
                .queryParams(query)
                .get(customers(workspace) + "/" + unifiedOf("ann-shop") + "/entry-customers")
                .then()
                .statusCode(200);
    r.body("page.totalElements", equalTo(total))
        .body("page.totalUnfilteredElements", equalTo(unfiltered))
        .body("elements", hasSize(elements));
  }

  // ------------------------------------------------------------------------ fault 13

  static Stream<Arguments> externalIds() {
    String nfc = "Zo\u00eb";
    String nfd = "Zoe\u0308";
    String upper = "ZO\u00cb";
    return Stream.of(
        Arguments.of("folded", nfc, 1),
        Arguments.of("folded", nfd, 1),
        Arguments.of("folded", upper, 1),
        Arguments.of("folded", " " + nfd + " ", 1),
        Arguments.of("folded", "Zoe", 0),
        Arguments.of("strict", nfc, 1),
        Arguments.of("strict", nfd, 1),
        Arguments.of("strict", upper, 0),
        Arguments.of("aggregate", nfc, 2),
        Arguments.of("aggregate", nfd, 2),
        Arguments.of("aggregate", upper, 1),
        Arguments.of("aggregate", "Zoe", 0));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("externalIds")
  void theExternalIdFilterComparesAsKeysDo(String node, String externalId, int found) {
    create(folded, "Zo\u00eb", "zoe.shop@example.com", null);
    create(strict, "Zo\u00eb", "zoe.crm@example.com", null);
    String nodeId = Map.of("folded", folded, "strict", strict, "aggregate", aggregate).get(node);
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", nodeId)
        .queryParam("externalId", externalId)
        .get(customers(workspace))
        .then()
        .statusCode(200)
        .body("elements", hasSize(found))
        .body("page.totalElements", equalTo(found));
  }
}
