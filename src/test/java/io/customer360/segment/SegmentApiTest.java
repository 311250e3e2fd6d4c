package io.customer360.segment;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Segments over HTTP with real Keycloak tokens, PostgreSQL and Elasticsearch: CRUD, every
 * validation rule (400 naming the field, nothing stored), duplicate names (also concurrent),
 * tenancy, roles, the customers of a segment (the CU1 answer), live counts that follow writes, a
 * did segment and the largest segments.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentApiTest {

  private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  String workspace;
  String entry;
  String entry2;
  String aggregate;
  String other;
  final Map<String, String> ids = new HashMap<>();

  /** Once per class; in BeforeEach because RestAssured learns the test port per test. */
  @BeforeEach
  void data() {
    if (workspace != null) {
      return;
    }
    workspace = Api.createWorkspace();
    entry = Api.createEntryNode(workspace);
    entry2 = Api.createEntryNode(workspace);
    aggregate = Api.createActiveAggregate(workspace, entry, entry2);
    extendedSchema(workspace, true);
    ids.put("ann", customer(workspace, entry, "ann", "Anna", "Milano", "gold", "ann@example.com"));
    ids.put("bob", customer(workspace, entry, "bob", "Bob", "Roma", "silver", "bob@example.com"));
    ids.put("cat", customer(workspace, entry, "cat", "Caterina", "Milano", "bronze", null));
    ids.put("ann2", customer(workspace, entry2, "ann2", "Anna", "Milano", null, "ann@example.com"));
    other = Api.createWorkspace();
    Api.createEntryNode(other);
    SearchSync.awaitIndexed();
  }

  /** tier (indexed) and note (not indexed); only CLAB_OPERATOR may mark properties indexed. */
  private static void extendedSchema(String w, boolean withTier) {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (withTier) {
      schema.put("tier", Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)));
    }
    schema.put("note", Map.of("type", "string", "contactlabProperties", Map.of("indexed", false)));
    Api.as(Tokens.operator())
        .body(schema)
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
  }

  private static String customer(
      String w,
      String node,
      String externalId,
      String firstName,
      String city,
      String tier,
      String email) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("firstName", firstName);
    base.put("address", Map.of("city", city));
    if (email != null) {
      base.put("contacts", Map.of("email", email));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", node);
    body.put("externalId", externalId);
    body.put("base", base);
    if (tier != null) {
      body.put("extended", Map.of("tier", tier));
    }
    return asAdmin()
        .body(body)
        .post(ws(w) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  // ------------------------------------------------------------------------------ helpers

  static Map<String, Object> atomic(String attribute, String operator, Object value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "atomic");
    c.put("attribute", attribute);
    c.put("operator", operator);
    if (value != null) {
      c.put("value", value);
    }
    return c;
  }

  static Map<String, Object> query(Map<String, Object> condition) {
    return Map.of(
        "name", "q", "query", Map.of("type", "simple", "are", Map.of("condition", condition)));
  }

  static Map<String, Object> city(String city) {
    return query(atomic("base.address.city", "EQUALS", city));
  }

  static Map<String, Object> body(String name, Object query, Boolean enabled) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", name);
    b.put("query", query);
    if (enabled != null) {
      b.put("enabled", enabled);
    }
    return b;
  }

  static String segments(String w) {
    return ws(w) + "/segments";
  }

  static String create(String w, String name, Object query) {
    return asAdmin()
        .body(body(name, query, null))
        .post(segments(w))
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private long count(String segment, String node) {
    return asAdmin()
        .get(
            segments(workspace).replace("/segments", "/fixtures/segments/")
                + segment
                + "/count"
                + "?nodeId="
                + node)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("count");
  }

  private static int total(String w) {
    return asAdmin()
        .get(segments(w) + "?size=0")
        .then()
        .statusCode(200)
        .extract()
        .path("page.totalUnfilteredElements");
  }

  private ValidatableResponse customers(String segment, Map<String, Object> params) {
    return asAdmin()
        .queryParams(params)
        .get(segments(workspace) + "/" + segment + "/customers")
        .then();
  }

  private Set<String> found(String segment, String node) {
    List<String> got =
        customers(segment, Map.of("nodeId", node, "size", 50))
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("elements.id");
    Set<String> names = new TreeSet<>();
    for (String id : got) {
      names.add(
          ids.entrySet().stream()
              .filter(e -> e.getValue().equals(id))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(id));
    }
    return names;
  }

  // ------------------------------------------------------------------------------ CRUD

  @Test
  void createsReadsListsReplacesAndDeletesASegment() {
    String name = unique("Milano fans");
    Response created =
        asAdmin()
            .body(body("  " + name + "  ", city("Milano"), null))
            .post(segments(workspace))
            .then()
            .statusCode(201)
            .body("name", equalTo(name))
            .body("enabled", equalTo(true))
            .body("query", equalTo(city("Milano")))
            .body("createdAt", matchesPattern(ISO_MILLIS))
            .body("updatedAt", matchesPattern(ISO_MILLIS))
            .extract()
            .response();
    String id = created.path("id");
    asAdmin()
        .get(segments(workspace) + "/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("name", equalTo(name))
        .body("query", equalTo(city("Milano")))
        .body("enabled", equalTo(true))
        .body("createdAt", equalTo(created.path("createdAt")))
        .body("updatedAt", equalTo(created.path("updatedAt")));

    // the name filter: contains, any case; the list is by name
    String suffix = name.substring(name.length() - 8);
    asAdmin()
        .get(segments(workspace) + "?name=" + "FANS " + suffix.toUpperCase())
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(id))
        .body("page.totalElements", equalTo(1));

    String renamed = unique("Rome fans");
    asAdmin()
        .body(body(renamed, city("Roma"), false))
        .put(segments(workspace) + "/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("name", equalTo(renamed))
        .body("query", equalTo(city("Roma")))
        .body("enabled", equalTo(false))
        .body("createdAt", equalTo(created.path("createdAt")));
    asAdmin()
        .get(segments(workspace) + "/" + id)
        .then()
        .body("name", equalTo(renamed))
        .body("enabled", equalTo(false));
    // PUT without enabled: true again (a replace, like create)
    asAdmin()
        .body(body(renamed, city("Roma"), null))
        .put(segments(workspace) + "/" + id)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(true));

    asAdmin().delete(segments(workspace) + "/" + id).then().statusCode(204);
    asAdmin().get(segments(workspace) + "/" + id).then().statusCode(404);
    asAdmin().delete(segments(workspace) + "/" + id).then().statusCode(404);
    asAdmin()
        .body(body(renamed, city("Roma"), null))
        .put(segments(workspace) + "/" + id)
        .then()
        .statusCode(404);
    asAdmin().get(segments(workspace) + "?name=" + suffix).then().body("elements", hasSize(0));
  }

  @Test
  void listsByNameInPagesWithTheNameFilterTakenLiterally() {
    String w = Api.createWorkspace();
    for (String name : List.of("b 50%", "A 50", "c", "D 50%")) {
      create(w, name, city("Milano"));
    }
    asAdmin()
        .get(segments(w) + "?size=2")
        .then()
        .statusCode(200)
        .body("elements.name", equalTo(List.of("A 50", "b 50%")))
        .body("page.totalElements", equalTo(4))
        .body("page.totalPages", equalTo(2))
        .body("page.number", equalTo(0));
    asAdmin()
        .get(segments(w) + "?size=2&page=1")
        .then()
        .body("elements.name", equalTo(List.of("c", "D 50%")));
    asAdmin()
        .queryParam("name", "50%")
        .get(segments(w))
        .then()
        .body("elements.name", equalTo(List.of("b 50%", "D 50%")))
        .body("page.totalElements", equalTo(2))
        .body("page.totalUnfilteredElements", equalTo(4));
    asAdmin()
        .get(segments(w) + "?size=51")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("size"));
  }

  // ------------------------------------------------------------------------------ validation

  static Stream<Arguments> invalidBodies() {
    Map<String, Object> ok = city("Milano");
    Map<String, Object> withExtra = new LinkedHashMap<>(body("x", ok, null));
    withExtra.put("color", "red");
    Map<String, Object> numberName = new LinkedHashMap<>();
    numberName.put("name", 5);
    numberName.put("query", ok);
    Map<String, Object> textEnabled = new LinkedHashMap<>(body("x", ok, null));
    textEnabled.put("enabled", "yes");
    Map<String, Object> noQuery = new LinkedHashMap<>();
    noQuery.put("name", "x");
    Map<String, Object> nullQuery = new LinkedHashMap<>(noQuery);
    nullQuery.put("query", null);
    return Stream.of(
        Arguments.of("no name", Map.of("query", ok), "name"),
        Arguments.of("blank name", body("   ", ok, null), "name"),
        Arguments.of("name of 256 characters", body("n".repeat(256), ok, null), "name"),
        Arguments.of("name not a string", numberName, "name"),
        Arguments.of("no query", noQuery, "query"),
        Arguments.of("null query", nullQuery, "query"),
        Arguments.of("query as a string", body("x", "{\"name\":\"q\"}", null), "query"),
        Arguments.of(
            "unknown attribute",
            body("x", query(atomic("base.shoeSize", "EQUALS", "42")), null),
            "query.query.are.condition.attribute"),
        Arguments.of(
            "extended property not indexed",
            body("x", query(atomic("extended.note", "EQUALS", "n")), null),
            "query.query.are.condition.attribute"),
        Arguments.of(
            "operator missing its value",
            body("x", query(atomic("base.firstName", "EQUALS", null)), null),
            "query.query.are.condition.value"),
        Arguments.of(
            "query without its name",
            body("x", Map.of("query", ok.get("query")), null),
            "query.name"),
        Arguments.of(
            "did without an event type",
            body(
                "x", Map.of("name", "q", "query", Map.of("type", "simple", "did", Map.of())), null),
            "query.query.did.event"),
        Arguments.of("enabled as text", textEnabled, "enabled"),
        Arguments.of("unknown property", withExtra, "color"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void refusesInvalidBodiesNamingTheFieldAndStoresNothing(
      String label, Map<String, Object> body, String path) {
    int before = total(workspace);
    asAdmin()
        .body(body)
        .post(segments(workspace))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo(path));
    assertEquals(before, total(workspace), "nothing stored: " + label);

    String name = unique("valid");
    String id = create(workspace, name, city("Roma"));
    asAdmin()
        .body(body)
        .put(segments(workspace) + "/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo(path));
    asAdmin()
        .get(segments(workspace) + "/" + id)
        .then()
        .body("name", equalTo(name))
        .body("query", equalTo(city("Roma")));
    asAdmin().delete(segments(workspace) + "/" + id).then().statusCode(204);
  }

  @Test
  void refusesAnEmptyBodyAndMalformedIds() {
    asAdmin().body("").post(segments(workspace)).then().statusCode(400);
    asAdmin()
        .get(segments(workspace) + "/not-a-uuid")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("segmentId"));
  }

  // ------------------------------------------------------------------------------ names

  @Test
  void aNameIsUniqueInTheWorkspaceIgnoringCaseAndUnicodeForm() {
    String name = unique("Zo\u00eb VIP");
    String id = create(workspace, name, city("Milano"));
    for (String same :
        List.of(name, name.toUpperCase(), "  " + name + " ", name.replace("\u00eb", "e\u0308"))) {
      asAdmin()
          .body(body(same, city("Roma"), null))
          .post(segments(workspace))
          .then()
          .statusCode(409)
          .body("errors[0].path", equalTo("name"));
    }
    // renaming another segment onto it is a conflict too; the same name on itself is not
    String second = create(workspace, unique("second"), city("Roma"));
    asAdmin()
        .body(body(name.toLowerCase(), city("Roma"), null))
        .put(segments(workspace) + "/" + second)
        .then()
        .statusCode(409);
    asAdmin()
        .body(body(name.toLowerCase(), city("Roma"), null))
        .put(segments(workspace) + "/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo(name.toLowerCase()));
    // another workspace may use the name
    create(other, name, city("Milano"));
  }

  @Test
  void concurrentCreatesOfOneNameMakeExactlyOneSegment() throws Exception {
    String name = unique("rush");
    String token = Tokens.admin();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Callable<Integer> call =
            () ->
                as(token)
                    .body(body(name, city("Milano"), null))
                    .post(segments(workspace))
                    .statusCode();
        results.add(pool.submit(call));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    } finally {
      pool.shutdown();
    }
    asAdmin()
        .get(segments(workspace) + "?name=" + name)
        .then()
        .body("page.totalElements", equalTo(1));
  }

  // ------------------------------------------------------------------------------ tenancy, roles

  @Test
  void anotherWorkspacesSegmentIsNotFound() {
    String foreign = create(other, unique("foreign"), city("Milano"));
    String path = segments(workspace) + "/" + foreign;
    asAdmin().get(path).then().statusCode(404);
    asAdmin().body(body("mine now", city("Roma"), null)).put(path).then().statusCode(404);
    asAdmin().delete(path).then().statusCode(404);
    asAdmin().get(path + "/customers?nodeId=" + entry).then().statusCode(404);
    asAdmin()
        .get(segments(other) + "/" + foreign)
        .then()
        .statusCode(200)
        .body("query", equalTo(city("Milano")));
    // a source token of this workspace does not reach the other one at all
    String token = Api.createSource(workspace, entry).get("token");
    as(token).get(segments(other)).then().statusCode(403);
  }

  @Test
  void peopleWriteWithRwOnANodeSourcesOnlyRead() {
    String w = Api.createWorkspace();
    String n1 = Api.createEntryNode(w);
    String n2 = Api.createEntryNode(w);
    String id = create(w, unique("seen"), city("Milano"));
    String user = Tokens.user();
    int userId = Api.userId(user);

    Api.grant(w, userId, Map.of(n1, "R"));
    as(user).get(segments(w)).then().statusCode(200).body("elements", hasSize(1));
    as(user).get(segments(w) + "/" + id).then().statusCode(200);
    as(user).get(segments(w) + "/" + id + "/customers?nodeId=" + n1).then().statusCode(200);
    as(user).get(segments(w) + "/" + id + "/customers?nodeId=" + n2).then().statusCode(403);
    as(user)
        .body(body(unique("mine"), city("Roma"), null))
        .post(segments(w))
        .then()
        .statusCode(403);
    as(user)
        .body(body("renamed", city("Roma"), null))
        .put(segments(w) + "/" + id)
        .then()
        .statusCode(403);
    as(user).delete(segments(w) + "/" + id).then().statusCode(403);

    String source = Api.createSource(w, n1).get("token");
    as(source).get(segments(w)).then().statusCode(200).body("elements", hasSize(1));
    as(source).get(segments(w) + "/" + id).then().statusCode(200);
    as(source)
        .body(body(unique("by source"), city("Roma"), null))
        .post(segments(w))
        .then()
        .statusCode(403);
    as(source)
        .body(body("renamed", city("Roma"), null))
        .put(segments(w) + "/" + id)
        .then()
        .statusCode(403);
    as(source).delete(segments(w) + "/" + id).then().statusCode(403);
    asAdmin().get(segments(w) + "/" + id).then().statusCode(200).body("name", notNullValue());

    Api.grant(w, userId, Map.of(n1, "R", n2, "RW"));
    String mine =
        as(user)
            .body(body(unique("mine"), city("Roma"), null))
            .post(segments(w))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(user).delete(segments(w) + "/" + mine).then().statusCode(204);
    as(Tokens.operator())
        .body(body(unique("operator's"), city("Roma"), null))
        .post(segments(w))
        .then()
        .statusCode(201);
  }

  // ------------------------------------------------------------------------------ customers

  @Test
  void customersOfASegmentAreTheCustomerSearchWithItsQuery() {
    String milano = create(workspace, unique("milano"), city("Milano"));
    assertEquals(Set.of("ann", "cat"), found(milano, entry));
    assertEquals(Set.of("ann2"), found(milano, entry2));

    // exactly the CU1 answer: same paging, sort, fields and shape
    for (Map<String, Object> params :
        List.<Map<String, Object>>of(
            Map.of("nodeId", entry, "size", 1, "page", 1, "sort", "base.firstName"),
            Map.of("nodeId", entry, "fields", "base.firstName", "sort", "base.firstName,desc"),
            Map.of("nodeId", aggregate))) {
      String segmentAnswer = customers(milano, params).statusCode(200).extract().body().asString();
      Map<String, Object> cu1 = new LinkedHashMap<>(params);
      cu1.put("query", asJson(city("Milano")));
      String searchAnswer =
          asAdmin()
              .queryParams(cu1)
              .get(ws(workspace) + "/customers")
              .then()
              .statusCode(200)
              .extract()
              .body()
              .asString();
      assertEquals(searchAnswer, segmentAnswer, params.toString());
    }

    customers(milano, Map.of("nodeId", entry, "size", 1, "sort", "base.firstName"))
        .body("elements", hasSize(1))
        .body("elements[0].id", equalTo(ids.get("ann")))
        .body("page.totalElements", equalTo(2))
        .body("page.totalPages", equalTo(2))
        .body("page.totalUnfilteredElements", equalTo(3));
    customers(milano, Map.of("nodeId", entry, "size", 1, "page", 1, "sort", "base.firstName"))
        .body("elements[0].id", equalTo(ids.get("cat")));
    customers(milano, Map.of("nodeId", entry, "fields", "base.firstName", "sort", "base.firstName"))
        .body("elements[0].base.firstName", equalTo("Anna"))
        .body("elements[0].base.lastName", nullValue())
        .body("elements[0].externalId", nullValue());
    // unified customers on the aggregate: ann and ann2 are one
    customers(milano, Map.of("nodeId", aggregate))
        .statusCode(200)
        .body("page.totalElements", equalTo(2));

    customers(milano, Map.of()).statusCode(400).body("errors[0].path", equalTo("nodeId"));
    customers(milano, Map.of("nodeId", entry, "size", 51))
        .statusCode(400)
        .body("errors[0].path", equalTo("size"));
    customers(milano, Map.of("nodeId", UUID.randomUUID())).statusCode(404);

    // a disabled segment still answers its customers
    asAdmin()
        .body(body(unique("milano off"), city("Milano"), false))
        .put(segments(workspace) + "/" + milano)
        .then()
        .statusCode(200);
    assertEquals(Set.of("ann", "cat"), found(milano, entry));
  }

  private static String asJson(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------ counts

  @Test
  void countsFollowTheCustomersWrittenOnceIndexed() {
    String roma = create(workspace, unique("roma"), city("Roma"));
    String gold =
        create(workspace, unique("gold"), query(atomic("extended.tier", "EQUALS", "GOLD")));
    assertEquals(1, count(roma, entry));
    assertEquals(1, count(gold, entry));
    assertEquals(1, count(gold, aggregate));
    assertEquals(0, count(roma, entry2));

    String dave = customer(workspace, entry, "dave", "Dave", "Roma", "gold", "dave@example.com");
    String eve = customer(workspace, entry2, "eve", "Eve", "Roma", null, "eve@example.com");
    SearchSync.awaitIndexed();
    assertEquals(2, count(roma, entry));
    assertEquals(1, count(roma, entry2));
    assertEquals(3, count(roma, aggregate));
    assertEquals(2, count(gold, entry));
    customers(roma, Map.of("nodeId", entry)).body("page.totalElements", equalTo(2));

    asAdmin().delete(ws(workspace) + "/customers/" + dave).then().statusCode(200);
    asAdmin().delete(ws(workspace) + "/customers/" + eve).then().statusCode(200);
    SearchSync.awaitIndexed();
    assertEquals(1, count(roma, entry));
    assertEquals(1, count(gold, entry));
    assertEquals(1, count(roma, aggregate));

    // a node that is no entry node or ACTIVE aggregate is refused
    String fresh =
        asAdmin()
            .body(
                Map.of(
                    "name",
                    "New",
                    "entryNodes",
                    List.of(entry),
                    "matchingProperties",
                    Map.of("properties", List.of("base.contacts.email"))))
            .post(ws(workspace) + "/configuration/nodes/aggregates")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .get(ws(workspace) + "/fixtures/segments/" + roma + "/count?nodeId=" + fresh)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
  }

  @Test
  void aDidSegmentCountsTheCustomersWhoDidTheEvent() {
    asAdmin()
        .body(
            Map.of(
                "customerId", ids.get("cat"),
                "type", "viewedPage",
                "context", "WEB",
                "date", "2025-06-02T10:00:00Z",
                "properties",
                    Map.of("url", "https://shop.example/p/2", "title", "Shoes", "path", "/p/2")))
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(202);
    SearchSync.awaitIndexed();
    Map<String, Object> did =
        Map.of(
            "name",
            "viewers",
            "query",
            Map.of(
                "type",
                "simple",
                "did",
                Map.of(
                    "event", Map.of("name", "viewedPage"),
                    "condition", atomic("properties.path", "EQUALS", "/P/2"))));
    String viewers = create(workspace, unique("viewers"), did);
    assertEquals(1, count(viewers, entry));
    assertEquals(1, count(viewers, aggregate));
    assertEquals(Set.of("cat"), found(viewers, entry));
    Map<String, Object> milanoViewers =
        Map.of(
            "name",
            "both",
            "query",
            Map.of(
                "type",
                "combined",
                "conjunction",
                "EXCEPT",
                "queries",
                List.of(city("Milano").get("query"), did.get("query"))));
    String notViewers = create(workspace, unique("milano, no views"), milanoViewers);
    assertEquals(1, count(notViewers, entry));
    assertEquals(Set.of("ann"), found(notViewers, entry));
  }

  @Test
  void largestSegmentsComeFirstEnabledOnlyAtMostTheLimit() {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    customer(w, n, "a", "A", "Milano", null, null);
    customer(w, n, "b", "B", "Milano", null, null);
    customer(w, n, "c", "C", "Roma", null, null);
    SearchSync.awaitIndexed();
    String everyone = create(w, "everyone", query(atomic("base.firstName", "IS_NOT_NULL", null)));
    String milano = create(w, "milano", city("Milano"));
    String alsoMilano = create(w, "Also milano", city("MILANO"));
    String roma = create(w, "roma", city("Roma"));
    String nobody = create(w, "nobody", city("Napoli"));
    asAdmin()
        .body(body("off", query(atomic("base.firstName", "IS_NOT_NULL", null)), false))
        .post(segments(w))
        .then()
        .statusCode(201);

    List<Map<String, Object>> all = largest(w, n, 10);
    assertEquals(
        List.of(everyone, alsoMilano, milano, roma, nobody),
        all.stream().map(m -> m.get("id")).toList());
    assertEquals(List.of(3, 2, 2, 1, 0), all.stream().map(m -> m.get("contactCount")).toList());
    assertEquals(
        List.of(everyone, alsoMilano), largest(w, n, 2).stream().map(m -> m.get("id")).toList());
    assertEquals(List.of(), largest(Api.createWorkspace(), null, 5));
  }

  @Test
  void aQueryThatNoLongerParsesIsAConflictAndLeftOutOfTheLargest() {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    extendedSchema(w, true);
    String stale = create(w, "gold", query(atomic("extended.tier", "EQUALS", "gold")));
    String fine = create(w, "milano", city("Milano"));
    extendedSchema(w, false);

    assertEquals(List.of(fine), largest(w, n, 10).stream().map(m -> m.get("id")).toList());
    asAdmin()
        .get(ws(w) + "/fixtures/segments/" + stale + "/count?nodeId=" + n)
        .then()
        .statusCode(409)
        .body("errors[0].path", equalTo("query.query.are.condition.attribute"));
    asAdmin()
        .get(segments(w) + "/" + stale + "/customers?nodeId=" + n)
        .then()
        .statusCode(409)
        .body("errors[0].path", equalTo("query.query.are.condition.attribute"));
    // still readable, and repaired by a replace
    asAdmin().get(segments(w) + "/" + stale).then().statusCode(200);
    asAdmin()
        .body(body("gold", city("Roma"), null))
        .put(segments(w) + "/" + stale)
        .then()
        .statusCode(200);
    asAdmin().get(segments(w) + "/" + stale + "/customers?nodeId=" + n).then().statusCode(200);
    assertNotEquals(stale, fine);
  }

  private static List<Map<String, Object>> largest(String w, String node, int limit) {
    if (node == null) {
      node = Api.createEntryNode(w);
    }
    return asAdmin()
        .get(ws(w) + "/fixtures/segments/largest?nodeId=" + node + "&limit=" + limit)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }
}
