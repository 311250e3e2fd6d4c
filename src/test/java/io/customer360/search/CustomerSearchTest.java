package io.customer360.search;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CU1 over HTTP against the real Elasticsearch: every operator on base, extended, consents, tags
 * and system attributes, both composite and all three combined conjunctions, a {@code did} query,
 * sorts, {@code fields}, 400s naming the path, tenant isolation and unified customers.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerSearchTest {

  String workspace;
  String node;
  String other;
  String otherNode;
  final Map<String, String> ids = new HashMap<>();
  final Map<String, Integer> intIds = new HashMap<>();

  /** Once per class; in BeforeEach because RestAssured learns the test port per test. */
  @BeforeEach
  void customers() {
    if (workspace != null) {
      return;
    }
    workspace = Api.createWorkspace();
    node = Api.createEntryNode(workspace);
    extendedSchema(workspace);
    seed(workspace, node, true);
    other = Api.createWorkspace();
    otherNode = Api.createEntryNode(other);
    extendedSchema(other);
    seed(other, otherNode, false);
    SearchSync.awaitIndexed();
  }

  /** Only CLAB_OPERATOR may mark extended properties as indexed. */
  private static void extendedSchema(String w) {
    Api.as(Tokens.operator())
        .body(
            Map.of(
                "tier", Map.of("type", "string", "contactlabProperties", Map.of("indexed", true)),
                "points",
                    Map.of("type", "integer", "contactlabProperties", Map.of("indexed", true)),
                "vip", Map.of("type", "boolean", "contactlabProperties", Map.of("indexed", true)),
                "note", Map.of("type", "string", "contactlabProperties", Map.of("indexed", false))))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
  }

  /** ann, bob, cat and dan (the other workspace holds the same people). */
  private void seed(String w, String n, boolean remember) {
    create(
        w,
        n,
        remember,
        "ann",
        Map.of(
            "firstName",
            "Anna",
            "lastName",
            "Rossi",
            "dob",
            "1985-03-01",
            "contacts",
            Map.of("email", "ann@example.com"),
            "address",
            Map.of("city", "Milano", "country", "IT"),
            "jobs",
            List.of(Map.of("id", "j1", "companyName", "Acme", "isCurrent", true))),
        Map.of("manual", List.of("vip", "gold")),
        consent(true),
        Map.of("tier", "gold", "points", 10, "vip", true, "note", "n"),
        true);
    create(
        w,
        n,
        remember,
        "bob",
        Map.of(
            "firstName", "Bob",
            "lastName", "Bianchi",
            "dob", "1990-07-15",
            "contacts", Map.of("email", "bob@example.com"),
            "address", Map.of("city", "Roma", "country", "IT")),
        Map.of("manual", List.of("gold")),
        consent(false),
        Map.of("tier", "silver", "points", 5, "vip", false),
        false);
    create(
        w,
        n,
        remember,
        "cat",
        Map.of(
            "firstName", "Caterina",
            "lastName", "Russo",
            "dob", "1978-12-31",
            "address", Map.of("city", "Milano", "country", "FR")),
        null,
        null,
        Map.of("tier", "bronze", "points", 1),
        true);
    create(
        w,
        n,
        remember,
        "dan",
        Map.of(
            "firstName",
            "Dan",
            "lastName",
            "Rossini",
            "contacts",
            Map.of("email", "dan@test.org"),
            "address",
            Map.of("country", "DE")),
        Map.of("auto", List.of("newsletter")),
        null,
        Map.of("points", 20),
        true);
  }

  private static Map<String, Object> consent(boolean email) {
    return Map.of(
        "marketing",
        Map.of(
            "automatic",
            Map.of("email", Map.of("status", email, "limitation", false, "objection", false))));
  }

  private void create(
      String w,
      String n,
      boolean remember,
      String externalId,
      Map<String, Object> base,
      Map<String, Object> tags,
      Map<String, Object> consents,
      Map<String, Object> extended,
      boolean enabled) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", n);
    body.put("externalId", externalId);
    body.put("base", base);
    if (tags != null) {
      body.put("tags", tags);
    }
    if (consents != null) {
      body.put("consents", consents);
    }
    body.put("extended", extended);
    body.put("enabled", enabled);
    var created = asAdmin().body(body).post(ws(w) + "/customers").then().statusCode(201).extract();
    if (remember) {
      ids.put(externalId, created.path("id"));
      intIds.put(externalId, created.path("intId"));
    }
  }

  // ------------------------------------------------------------------------------ helpers

  static String atomic(String attribute, String operator, String value) {
    return "{\"type\":\"atomic\",\"attribute\":\""
        + attribute
        + "\",\"operator\":\""
        + operator
        + "\""
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }

  static String simple(String condition) {
    return "{\"type\":\"simple\",\"are\":{\"condition\":" + condition + "}}";
  }

  static String query(String node) {
    return "{\"name\":\"t\",\"query\":" + node + "}";
  }

  static String combined(String conjunction, String... queries) {
    return "{\"type\":\"combined\",\"conjunction\":\""
        + conjunction
        + "\",\"queries\":["
        + String.join(",", queries)
        + "]}";
  }

  static String composite(String conjunction, String... conditions) {
    return "{\"type\":\"composite\",\"conjunction\":\""
        + conjunction
        + "\",\"conditions\":["
        + String.join(",", conditions)
        + "]}";
  }

  private ValidatableResponse search(String w, String n, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(Map.of("nodeId", n, "size", 50));
    all.putAll(params);
    var request = asAdmin();
    all.forEach(request::queryParam);
    return request.get(ws(w) + "/customers").then();
  }

  private Set<String> found(String q) {
    List<String> ext =
        search(workspace, node, Map.of("query", q))
            .statusCode(200)
            .extract()
            .path("elements.externalId");
    return new TreeSet<>(ext);
  }

  private static Set<String> set(String... names) {
    return new TreeSet<>(List.of(names));
  }

  // ------------------------------------------------------------------------------ operators

  Stream<Arguments> operators() {
    return Stream.of(
        // base
        Arguments.of("base.firstName", "EQUALS", "\"anna\"", set("ann")),
        Arguments.of("base.address.city", "NOT_EQUALS", "\"Milano\"", set("bob", "dan")),
        Arguments.of("base.dob", "BETWEEN", "[\"1980-01-01\",\"1989-12-31\"]", set("ann")),
        Arguments.of("base.dob", "GTE", "\"1985-03-01\"", set("ann", "bob")),
        Arguments.of("base.dob", "GT", "\"1985-03-01\"", set("bob")),
        Arguments.of("base.dob", "LTE", "\"1985-03-01\"", set("ann", "cat")),
        Arguments.of("base.dob", "LT", "\"1985-03-01\"", set("cat")),
        Arguments.of("base.contacts.email", "IS_NULL", null, set("cat")),
        Arguments.of("base.contacts.email", "IS_NOT_NULL", null, set("ann", "bob", "dan")),
        Arguments.of("base.address.country", "IN", "[\"IT\",\"de\"]", set("ann", "bob", "dan")),
        Arguments.of("base.address.country", "NOT_IN", "[\"IT\"]", set("cat", "dan")),
        Arguments.of("base.lastName", "LIKE", "\"ross%\"", set("ann", "dan")),
        Arguments.of("base.lastName", "LIKE", "\"R_ss_\"", set("ann", "cat")),
        Arguments.of("base.jobs.companyName", "EQUALS", "\"ACME\"", set("ann")),
        // extended
        Arguments.of("extended.tier", "EQUALS", "\"GOLD\"", set("ann")),
        Arguments.of("extended.tier", "NOT_EQUALS", "\"gold\"", set("bob", "cat", "dan")),
        Arguments.of("extended.points", "BETWEEN", "[5,10]", set("ann", "bob")),
        Arguments.of("extended.points", "GT", "5", set("ann", "dan")),
        Arguments.of("extended.points", "GTE", "5", set("ann", "bob", "dan")),
        Arguments.of("extended.points", "LT", "5", set("cat")),
        Arguments.of("extended.points", "LTE", "5", set("bob", "cat")),
        Arguments.of("extended.tier", "IS_NULL", null, set("dan")),
        Arguments.of("extended.vip", "IS_NOT_NULL", null, set("ann", "bob")),
        Arguments.of("extended.tier", "IN", "[\"gold\",\"bronze\"]", set("ann", "cat")),
        Arguments.of("extended.tier", "NOT_IN", "[\"gold\"]", set("bob", "cat", "dan")),
        Arguments.of("extended.tier", "LIKE", "\"%ILV%\"", set("bob")),
        Arguments.of("extended.vip", "EQUALS", "false", set("bob")),
        // consents
        Arguments.of("consents.marketing.automatic.email.status", "EQUALS", "true", set("ann")),
        Arguments.of(
            "consents.marketing.automatic.email.status",
            "NOT_EQUALS",
            "true",
            set("bob", "cat", "dan")),
        Arguments.of(
            "consents.marketing.automatic.email.status", "IS_NULL", null, set("cat", "dan")),
        Arguments.of(
            "consents.marketing.automatic.email.objection", "IN", "[false]", set("ann", "bob")),
        // tags
        Arguments.of("tags.manual", "EQUALS", "\"vip\"", set("ann")),
        Arguments.of("tags.manual", "IN", "[\"gold\"]", set("ann", "bob")),
        Arguments.of("tags.manual", "NOT_IN", "[\"gold\"]", set("cat", "dan")),
        Arguments.of("tags.manual", "NOT_EQUALS", "\"vip\"", set("bob", "cat", "dan")),
        Arguments.of("tags.manual", "IS_NULL", null, set("cat", "dan")),
        Arguments.of("tags.auto", "IS_NOT_NULL", null, set("dan")),
        Arguments.of("tags.auto", "LIKE", "\"news%\"", set("dan")),
        // system
        Arguments.of("externalId", "EQUALS", "\"BOB\"", set("bob")),
        Arguments.of("enabled", "EQUALS", "false", set("bob")),
        Arguments.of("registeredAt", "GTE", "\"now-1h\"", set("ann", "bob", "cat", "dan")),
        Arguments.of("updatedAt", "LT", "\"2000-01-01T00:00:00Z\"", set()),
        Arguments.of("externalId", "LIKE", "\"%a%\"", set("ann", "cat", "dan")));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("operators")
  void everyOperatorMatchesExactlyTheExpectedCustomers(
      String attribute, String operator, String value, Set<String> expected) {
    assertEquals(expected, found(query(simple(atomic(attribute, operator, value)))));
  }

  @Test
  void systemIdsAndNumbers() {
    assertEquals(
        set("ann", "cat"),
        found(
            query(
                simple(
                    atomic(
                        "id", "IN", "[\"" + ids.get("ann") + "\",\"" + ids.get("cat") + "\"]")))));
    assertEquals(
        set("bob", "cat", "dan"),
        found(query(simple(atomic("id", "NOT_EQUALS", "\"" + ids.get("ann") + "\"")))));
    assertEquals(
        set("ann", "bob", "cat", "dan"),
        found(query(simple(atomic("nodeId", "EQUALS", "\"" + node + "\"")))));
    int a = intIds.get("ann");
    int b = intIds.get("bob");
    assertEquals(
        set("ann", "bob"),
        found(
            query(
                simple(
                    atomic(
                        "intId", "BETWEEN", "[" + Math.min(a, b) + "," + Math.max(a, b) + "]")))));
    assertEquals(set("ann"), found(query(simple(atomic("intId", "EQUALS", String.valueOf(a))))));
  }

  // ------------------------------------------------------------------------------ conjunctions

  @Test
  void compositeAndOrNested() {
    String q =
        query(
            simple(
                composite(
                    "and",
                    atomic("base.address.country", "EQUALS", "\"IT\""),
                    composite(
                        "or",
                        atomic("extended.points", "GT", "7"),
                        atomic("enabled", "EQUALS", "false")))));
    assertEquals(set("ann", "bob"), found(q));
    String or =
        query(
            simple(
                composite(
                    "or",
                    atomic("tags.auto", "IS_NOT_NULL", null),
                    composite(
                        "and",
                        atomic("base.address.city", "EQUALS", "\"milano\""),
                        atomic("extended.tier", "EQUALS", "\"bronze\"")))));
    assertEquals(set("cat", "dan"), found(or));
  }

  @Test
  void combinedIntersectUnionExceptNested() {
    String milano = simple(atomic("base.address.city", "EQUALS", "\"Milano\""));
    String gold = simple(atomic("tags.manual", "EQUALS", "\"gold\""));
    String german = simple(atomic("base.address.country", "EQUALS", "\"DE\""));
    String disabled = simple(atomic("enabled", "EQUALS", "false"));
    assertEquals(set("ann"), found(query(combined("INTERSECT", milano, gold))));
    assertEquals(set("ann", "bob", "cat"), found(query(combined("UNION", milano, gold))));
    assertEquals(set("cat"), found(query(combined("EXCEPT", milano, gold))));
    // (milano ∪ german) − (gold ∩ disabled) ∪ ... nested both ways
    assertEquals(
        set("ann", "cat", "dan"),
        found(
            query(
                combined(
                    "EXCEPT",
                    combined("UNION", milano, german, gold),
                    combined("INTERSECT", gold, disabled)))));
  }

  // ------------------------------------------------------------------------------ did

  @Test
  void didKeepsCustomersWithAMatchingEventInTheTimeframe() {
    event(ids.get("ann"), "/p/1", "2025-06-01T10:00:00Z");
    event(ids.get("bob"), "/p/1", "2024-01-01T10:00:00Z");
    event(ids.get("cat"), "/p/2", "2025-06-02T10:00:00Z");
    SearchSync.awaitIndexed();
    String did =
        "{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"viewedPage\"},\"condition\":"
            + atomic("properties.path", "EQUALS", "\"/P/1\"")
            + ",\"timeframe\":"
            + atomic("date", "BETWEEN", "[\"2025-01-01\",\"2025-12-31\"]")
            + "}}";
    assertEquals(set("ann"), found(query(did)));
    String withCondition =
        "{\"type\":\"simple\",\"are\":{\"condition\":"
            + atomic("extended.tier", "EQUALS", "\"bronze\"")
            + "},\"did\":{\"event\":{\"name\":\"viewedPage\"},\"timeframe\":"
            + atomic("date", "GTE", "\"2025-01-01\"")
            + "}}";
    assertEquals(set("cat"), found(query(withCondition)));
    String nobody = "{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"completedOrder\"}}}";
    assertEquals(set(), found(query(nobody)));
  }

  private void event(String customerId, String path, String date) {
    asAdmin()
        .body(
            Map.of(
                "customerId",
                customerId,
                "type",
                "viewedPage",
                "context",
                "WEB",
                "date",
                date,
                "properties",
                Map.of("url", "https://shop.example" + path, "title", "Shoes", "path", path)))
        .post(ws(workspace) + "/events")
        .then()
        .statusCode(202);
  }

  // ------------------------------------------------------------------------------ sort, fields

  private List<String> sorted(String sort) {
    return search(workspace, node, Map.of("sort", sort))
        .statusCode(200)
        .extract()
        .path("elements.externalId");
  }

  @Test
  void sortsByBaseExtendedAndSystemFieldsBothWaysWithTheIdTieBreak() {
    assertEquals(List.of("ann", "bob", "cat", "dan"), sorted("base.firstName"));
    assertEquals(List.of("dan", "cat", "bob", "ann"), sorted("base.firstName,desc"));
    assertEquals(List.of("cat", "bob", "ann", "dan"), sorted("extended.points,asc"));
    assertEquals(List.of("dan", "ann", "bob", "cat"), sorted("extended.points,desc"));
    assertEquals(List.of("ann", "bob", "cat", "dan"), sorted("intId,asc"));
    assertEquals(List.of("dan", "cat", "bob", "ann"), sorted("intId,desc"));
    assertEquals(List.of("dan", "cat", "bob", "ann"), sorted(""));
    // ann and bob share the country: the id decides, in the sort's direction
    List<String> tied = new ArrayList<>(List.of("ann", "bob"));
    tied.sort((x, y) -> ids.get(x).compareTo(ids.get(y)));
    List<String> asc = new ArrayList<>(List.of("dan", "cat"));
    asc.addAll(tied);
    assertEquals(asc, sorted("base.address.country,asc"));
    List<String> desc = new ArrayList<>(List.of(tied.get(1), tied.get(0), "cat", "dan"));
    assertEquals(desc, sorted("base.address.country,desc"));
  }

  @Test
  void fieldsKeepOnlyTheNamedPathsAndTheId() {
    search(
            workspace,
            node,
            Map.of(
                "fields",
                "base.firstName,extended.tier",
                "query",
                query(simple(atomic("externalId", "EQUALS", "\"ann\"")))))
        .statusCode(200)
        .body("elements[0].id", equalTo(ids.get("ann")))
        .body("elements[0].base.firstName", equalTo("Anna"))
        .body("elements[0].extended.tier", equalTo("gold"))
        .body("elements[0].base.lastName", equalTo(null))
        .body("elements[0].externalId", equalTo(null))
        .body("elements[0].extended.points", equalTo(null));
  }

  @Test
  void pagesCountMatchesAndTheNodeApart() {
    search(
            workspace,
            node,
            Map.of(
                "size",
                2,
                "page",
                1,
                "sort",
                "base.firstName",
                "query",
                query(simple(atomic("base.firstName", "IS_NOT_NULL", null)))))
        .statusCode(200)
        .body("elements.externalId", equalTo(List.of("cat", "dan")))
        .body("page.totalElements", equalTo(4))
        .body("page.totalPages", equalTo(2))
        .body("page.number", equalTo(1))
        .body("page.maxElements", equalTo(10000))
        .body("page.maxPages", equalTo(5000));
    search(
            workspace,
            node,
            Map.of("query", query(simple(atomic("tags.manual", "EQUALS", "\"gold\"")))))
        .statusCode(200)
        .body("page.totalElements", equalTo(2))
        .body("page.totalUnfilteredElements", equalTo(4));
    search(workspace, node, Map.of("externalId", "ANN"))
        .statusCode(200)
        .body("elements.externalId", equalTo(List.of("ann")))
        .body("page.totalElements", equalTo(1))
        .body("page.totalUnfilteredElements", equalTo(4));
    search(workspace, node, Map.of("externalId", "nobody"))
        .statusCode(200)
        .body("elements", equalTo(List.of()))
        .body("page.totalElements", equalTo(0))
        .body("page.totalUnfilteredElements", equalTo(4));
  }

  // ------------------------------------------------------------------------------ 400s

  @Test
  void malformedQueriesAnswer400NamingThePathInTheQuery() {
    String deep =
        query(
            combined(
                "UNION",
                simple(atomic("enabled", "EQUALS", "true")),
                simple(composite("and", atomic("extended.points", "GT", "\"many\"")))));
    search(workspace, node, Map.of("query", deep))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.queries[1].are.condition.conditions[0].value"))
        .body("errors[0].message", containsString("must be a finite number"));
    search(
            workspace,
            node,
            Map.of("query", query(simple(atomic("extended.note", "EQUALS", "\"n\"")))))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.are.condition.attribute"))
        .body("errors[0].message", containsString("not indexed"));
    search(workspace, node, Map.of("query", query(simple(atomic("base.nope", "IS_NULL", null)))))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.are.condition.attribute"));
    search(workspace, node, Map.of("query", "{\"name\":\"x\""))
        .statusCode(400)
        .body("errors[0].path", equalTo("query"));
    search(
            workspace,
            node,
            Map.of("query", query(simple(atomic("base.dob", "BETWEEN", "[\"2000-01-01\"]")))))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.are.condition.value"));
    search(workspace, node, Map.of("sort", "extended.note"))
        .statusCode(400)
        .body("errors[0].path", equalTo("sort"));
    search(workspace, node, Map.of("sort", "base.firstName,up"))
        .statusCode(400)
        .body("errors[0].path", equalTo("sort"));
  }

  /** Limits of the engine and enums of events are checked before Elasticsearch sees a query. */
  @Test
  void engineLimitsAndEventEnumsAnswer400NotAServerError() {
    String longPattern = "\"" + "a".repeat(1001) + "%\"";
    search(
            workspace,
            node,
            Map.of("query", query(simple(atomic("base.firstName", "LIKE", longPattern)))))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.are.condition.value"))
        .body("errors[0].message", containsString("at most 255 characters"));
    for (String huge : List.of("9223372036854775808", "1e300", "-9223372036854775809")) {
      search(workspace, node, Map.of("query", query(simple(atomic("intId", "GT", huge)))))
          .statusCode(400)
          .body("errors[0].path", equalTo("query.query.are.condition.value"))
          .body("errors[0].message", containsString("64-bit"));
    }
    String cityIsMilano =
        "{\"condition\":" + atomic("base.address.city", "EQUALS", "\"Milano\"") + "}";
    search(
            workspace,
            node,
            Map.of(
                "query",
                "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"are\":"
                    + cityIsMilano
                    + ",\"did\":{}}}"))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.did.event"));
    search(
            workspace,
            node,
            Map.of(
                "query",
                "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"nope\"}}}}"))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.did.event.name"));
    search(
            workspace,
            node,
            Map.of(
                "query",
                "{\"name\":\"q\",\"query\":{\"type\":\"simple\",\"did\":{\"event\":{\"name\":\"viewedPage\"},"
                    + "\"condition\":"
                    + atomic("context", "IN", "[\"WEB\",\"MOON\"]")
                    + "}}}"))
        .statusCode(400)
        .body("errors[0].path", equalTo("query.query.did.condition.value[1]"));
  }

  // ------------------------------------------------------------------------------ tenancy

  @Test
  void aWorkspaceNeverSeesAnotherWorkspacesDocuments() {
    List<String> theirs =
        search(other, otherNode, Map.of()).statusCode(200).extract().path("elements.id");
    assertEquals(4, theirs.size());
    String theirIds = "[\"" + String.join("\",\"", theirs) + "\"]";
    assertEquals(set(), found(query(simple(atomic("id", "IN", theirIds)))));
    assertEquals(set(), found(query(simple(atomic("nodeId", "EQUALS", "\"" + otherNode + "\"")))));
    // everything this workspace can name: only its own four customers
    List<String> everything =
        search(
                workspace,
                node,
                Map.of(
                    "query",
                    query(
                        combined(
                            "UNION",
                            simple(atomic("id", "IS_NOT_NULL", null)),
                            simple(atomic("id", "IN", theirIds)),
                            simple(atomic("externalId", "LIKE", "\"%\""))))))
            .statusCode(200)
            .body("page.totalUnfilteredElements", equalTo(4))
            .extract()
            .path("elements.id");
    assertEquals(new TreeSet<>(ids.values()), new TreeSet<>(everything));
    // another workspace's node is not found here
    search(workspace, otherNode, Map.of()).statusCode(404);
  }

  // ------------------------------------------------------------------------------ unified

  @Test
  void anActiveAggregateNodeSearchesItsUnifiedCustomers() {
    String w = Api.createWorkspace();
    String shop = Api.createEntryNode(w);
    String stores = Api.createEntryNode(w);
    String aggregate = Api.createActiveAggregate(w, shop, stores);
    String a = entry(w, shop, "s-1", "Same@Example.com", "Ada");
    String b = entry(w, stores, "t-1", "same@example.com", "Adele");
    entry(w, stores, "t-2", "other@example.com", "Zoe");
    SearchSync.awaitIndexed();
    String q = query(simple(atomic("base.contacts.email", "EQUALS", "\"SAME@example.com\"")));
    var found =
        search(w, aggregate, Map.of("query", q))
            .statusCode(200)
            .body("elements.size()", equalTo(1))
            .body("elements[0].nodeId", equalTo(aggregate))
            .body("page.totalUnfilteredElements", equalTo(2))
            .extract();
    String unified = found.path("elements[0].id");
    assertTrue(!unified.equals(a) && !unified.equals(b), "a unified id, not an entry id");
    // the external id of a member finds its unified customer
    search(w, aggregate, Map.of("externalId", "t-1"))
        .statusCode(200)
        .body("elements.id", equalTo(List.of(unified)));
    // the entry node still answers its own entry customer
    search(w, shop, Map.of("query", q)).statusCode(200).body("elements.id", equalTo(List.of(a)));
  }

  private static String entry(String w, String n, String externalId, String email, String name) {
    return asAdmin()
        .body(
            Map.of(
                "nodeId",
                n,
                "externalId",
                externalId,
                "base",
                Map.of("firstName", name, "contacts", Map.of("email", email))))
        .post(ws(w) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
