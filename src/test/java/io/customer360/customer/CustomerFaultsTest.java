package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.customer.CustomerFixtures.nodeWithUniqueKey;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The customer faults of issue 13, each over HTTP, each by its kind. */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerFaultsTest {

  String ws;
  String node;

  @BeforeEach
  void setUp() {
    if (ws == null) {
      ws = Api.createWorkspace();
      node = nodeWithUniqueKey(ws, List.of("externalId"), false);
    }
  }

  String customer() {
    return createId(ws, Map.of("nodeId", node, "externalId", "ext-" + UUID.randomUUID()));
  }

  String customer(String json) {
    return asAdmin().body(json).post(customers(ws)).then().statusCode(201).extract().path("id");
  }

  // fault 4 ------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        ",",
        ",asc",
        "x,",
        "a,b,c",
        "nope",
        "updatedAt,",
        "updatedAt, ",
        "updatedAt,up",
        "updatedAt,asc,desc",
        " , "
      })
  void aMalformedSortIsA400NamingSort(String sort) {
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", node)
        .queryParam("sort", sort)
        .get(customers(ws))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("sort"));
  }

  // fault 7 ------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "'lat':1e309,'lon':9|base.address.geo.lat",
        "'lat':-1e309,'lon':9|base.address.geo.lat",
        "'lat':1000,'lon':9|base.address.geo.lat",
        "'lat':-90.5,'lon':9|base.address.geo.lat",
        "'lat':45,'lon':180.01|base.address.geo.lon",
        "'lat':45,'lon':-1e400|base.address.geo.lon"
      })
  void coordinatesAreFiniteAndInRange(String geo, String path) {
    String body =
        ("{'nodeId':'"
                + node
                + "','externalId':'"
                + UUID.randomUUID()
                + "','base':{'address':{'geo':{"
                + geo
                + "}}}}")
            .replace('\'', '"');
    asAdmin()
        .body(body)
        .post(customers(ws))
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(path));
  }

  @Test
  void coordinatesAtTheirLimitsAreStored() {
    String id =
        customer(
            "{\"nodeId\":\""
                + node
                + "\",\"externalId\":\""
                + UUID.randomUUID()
                + "\",\"base\":{\"address\":{\"geo\":{\"lat\":-90,\"lon\":180}}}}");
    asAdmin().get(customers(ws) + "/" + id).then().body("base.address.geo.lat", equalTo(-90));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "count|18446744073709551616",
        "count|-99999999999999999999999",
        "score|1e309",
        "counts|[1, 18446744073709551616]"
      })
  void extendedNumbersAreFiniteAndIntegersFitIn64Bits(String name, String value) {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    asAdmin()
        .body(
            Map.of(
                "count", Map.of("type", "integer"),
                "score", Map.of("type", "number"),
                "counts", Map.of("type", "array", "items", Map.of("type", "integer"))))
        .put(ws(w) + "/configuration/properties/extended")
        .then()
        .statusCode(200);
    String path = "extended." + name;
    asAdmin()
        .body(
            "{\"nodeId\":\""
                + n
                + "\",\"externalId\":\"x\",\"extended\":{\""
                + name
                + "\":"
                + value
                + "}}")
        .post(customers(w))
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(value.startsWith("[") ? path + "[1]" : path));
    asAdmin()
        .body(
            "{\"nodeId\":\""
                + n
                + "\",\"externalId\":\"y\",\"extended\":{\"count\":9223372036854775807}}")
        .post(customers(w))
        .then()
        .statusCode(201);
  }

  // fault 9 ------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "jobs,'{\"id\":\"a\\ud800b\",\"companyName\":\"c\"}',id",
    "likes,'{\"id\":\"a\\udc00b\",\"name\":\"n\"}',id",
    "educations,'{\"id\":\"e\",\"schoolName\":\"x\\ud800\"}',schoolName",
    "subscriptions,'{\"id\":\"a\\ud800\",\"subscribed\":true}',id",
    "jobs,'{\"id\":\"\",\"companyName\":\"c\"}',base.jobs[0].id",
    "likes,'{\"id\":\"  \"}',base.likes[0].id",
    "subscriptions,'{\"id\":\"\",\"subscribed\":true}',id",
    "jobs,'{\"id\":\"j\",\"startDate\":\"someday\"}',base.jobs[0].startDate",
    "subscriptions,'{\"id\":\"s\"}',subscribed"
  })
  void aRefusedItemWritesNothing(String collection, String body, String path) {
    String id = customer();
    int version = asAdmin().get(customers(ws) + "/" + id).then().extract().path("version");
    asAdmin()
        .body(body)
        .post(customers(ws) + "/" + id + "/" + collection)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo(path));
    asAdmin()
        .get(customers(ws) + "/" + id)
        .then()
        .body("version", equalTo(version))
        .body("base." + collection, hasSize(0));
  }

  @Test
  void anItemOfAnUnknownCustomerIs404AndWritesNothing() {
    asAdmin()
        .body(Map.of("id", "j1", "companyName", "c"))
        .post(customers(ws) + "/" + UUID.randomUUID() + "/jobs")
        .then()
        .statusCode(404);
  }

  // fault 12 -----------------------------------------------------------------------------------

  @Test
  void aTagBodyWithUnknownPropertiesIsRefused() {
    String id = customer();
    asAdmin()
        .body(Map.of("tag", "vip", "color", "red"))
        .post(customers(ws) + "/" + id + "/tags")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("color"));
    asAdmin()
        .get(customers(ws) + "/" + id)
        .then()
        .body("version", equalTo(1))
        .body("tags", nullValue());
    asAdmin()
        .body(Map.of("tag", "vip"))
        .post(customers(ws) + "/" + id + "/tags")
        .then()
        .statusCode(200)
        .body("manual", equalTo(List.of("vip")));
  }

  @Test
  void aBasePropertyDescriptionIsNeverDroppedSilently() {
    String w = Api.createWorkspace();
    String path = ws(w) + "/configuration/properties/base/base.title";
    asAdmin()
        .body(Map.of("name", "base.title", "description", "Honorific", "enabled", false))
        .put(path)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("description"));
    asAdmin()
        .body(Map.of("name", "base.title", "enabled", false, "label", "x"))
        .put(path)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("label"));
    asAdmin()
        .body(Map.of("name", "base.title", "description", "Title", "enabled", false))
        .put(path)
        .then()
        .statusCode(200)
        .body("description", equalTo("Title"))
        .body("enabled", equalTo(false));
    asAdmin()
        .body(Map.of("enabled", 1))
        .put(path)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("enabled"));
  }

  // fault 13 -----------------------------------------------------------------------------------

  @Test
  void canonicallyEqualKeysAreOneCustomer() {
    String n = nodeWithUniqueKey(ws, List.of("externalId"), false);
    String suffix = UUID.randomUUID().toString();
    String first = createId(ws, Map.of("nodeId", n, "externalId", "Zo\u00eb-" + suffix));
    asAdmin()
        .body(Map.of("nodeId", n, "externalId", "ZOE\u0308-" + suffix))
        .post(customers(ws))
        .then()
        .statusCode(200)
        .body("id", equalTo(first));
    // the node's key is case-insensitive, so is its externalId filter
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("externalId", "Zoe\u0308-" + suffix)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements[0].id", equalTo(first));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("externalId", "ZOE\u0308-" + suffix)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements[0].id", equalTo(first));
  }

  // fault 14 -----------------------------------------------------------------------------------

  @Test
  void patchReplacesAPresentCollection() {
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ext-" + UUID.randomUUID(),
                "tags",
                Map.of("manual", List.of("a", "b"), "auto", List.of("x")),
                "base",
                Map.of(
                    "jobs",
                    List.of(Map.of("id", "j1"), Map.of("id", "j2")),
                    "subscriptions",
                    List.of(Map.of("id", "s1", "name", "News", "subscribed", true)))));
    asAdmin()
        .body(Map.of("tags", Map.of("manual", List.of())))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("tags.manual", hasSize(0))
        .body("tags.auto", equalTo(List.of("x")));
    asAdmin()
        .body(
            Map.of(
                "base",
                Map.of(
                    "jobs",
                    List.of(Map.of("id", "j3"), Map.of("id", "j3")),
                    "subscriptions",
                    List.of(Map.of("id", "s1", "subscribed", false)))))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("base.jobs.id", equalTo(List.of("j3")))
        .body("base.subscriptions[0].name", equalTo("News"))
        .body("base.subscriptions[0].subscribed", equalTo(false));
  }

  // fault 16 -----------------------------------------------------------------------------------

  @Test
  void aRemovedExtendedPropertyBlocksNoLaterWrite() {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    String schema = ws(w) + "/configuration/properties/extended";
    asAdmin().body(Map.of("vip", Map.of("type", "boolean"))).put(schema).then().statusCode(200);
    String id =
        createId(w, Map.of("nodeId", n, "externalId", "v1", "extended", Map.of("vip", true)));
    asAdmin().body(Map.of()).put(schema).then().statusCode(200);

    String customer = customers(w) + "/" + id;
    asAdmin()
        .body(Map.of("base", Map.of("firstName", "Ann")))
        .patch(customer)
        .then()
        .statusCode(200)
        .body("extended.vip", equalTo(true));
    asAdmin().body(Map.of("id", "j1")).post(customer + "/jobs").then().statusCode(201);
    asAdmin().body(Map.of("value", "s-" + id)).post(customer + "/sessions").then().statusCode(201);
    asAdmin()
        .body(Map.of("extended", Map.of("vip", false)))
        .patch(customer)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("extended.vip"));
    asAdmin()
        .body(Map.of("nodeId", n, "externalId", "v1", "base", Map.of("firstName", "Ann")))
        .put(customer)
        .then()
        .statusCode(200)
        .body("extended", nullValue());
  }

  // faults 19 and 24 ---------------------------------------------------------------------------

  @Test
  void listsCountTheirMatchesAndTheUnfilteredTotalAtEverySize() {
    String n = Api.createEntryNode(ws);
    for (int i = 0; i < 3; i++) {
      createId(ws, Map.of("nodeId", n, "externalId", "c" + i));
    }
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("size", 0)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", hasSize(0))
        .body("page.totalElements", equalTo(3))
        .body("page.totalUnfilteredElements", equalTo(3));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("externalId", "c1")
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", hasSize(1))
        .body("page.totalElements", equalTo(1))
        .body("page.totalUnfilteredElements", equalTo(3));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", n)
        .queryParam("page", 5)
        .get(customers(ws))
        .then()
        .statusCode(200)
        .body("elements", hasSize(0))
        .body("page.totalElements", equalTo(3));
  }

  // fault 20 -----------------------------------------------------------------------------------

  @Test
  void contactNumbersAreStoredAsWritten() {
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ext-" + UUID.randomUUID(),
                "base",
                Map.of(
                    "contacts",
                    Map.of(
                        "fax",
                        "123456",
                        "phone",
                        "0212345678",
                        "mobilePhone",
                        "not a number",
                        "otherContacts",
                        List.of(Map.of("type", "FAX", "value", "fax"))))));
    asAdmin()
        .get(customers(ws) + "/" + id)
        .then()
        .body("base.contacts.fax", equalTo("123456"))
        .body("base.contacts.phone", equalTo("0212345678"))
        .body("base.contacts.mobilePhone", equalTo("not a number"))
        .body("base.contacts.otherContacts[0].value", equalTo("fax"));
    asAdmin()
        .body(Map.of("base", Map.of("contacts", Map.of("fax", "fax"))))
        .patch(customers(ws) + "/" + id)
        .then()
        .statusCode(200)
        .body("base.contacts.fax", equalTo("fax"));
  }

  // fault 25 -----------------------------------------------------------------------------------

  @Test
  void aCustomerComesBackInTheFullShape() {
    String id =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ext-" + UUID.randomUUID(),
                "base",
                Map.of("contacts", Map.of("email", "a@b.co"))));
    var body = asAdmin().get(customers(ws) + "/" + id).then().statusCode(200);
    for (String p :
        List.of(
            "pictureUrl",
            "title",
            "prefix",
            "firstName",
            "lastName",
            "middleName",
            "gender",
            "dob",
            "locale",
            "timezone",
            "address",
            "credential",
            "socialProfile")) {
      body.body("base", hasKey(p)).body("base." + p, nullValue());
    }
    for (String c : List.of("educations", "likes", "jobs", "subscriptions")) {
      body.body("base." + c, hasSize(0));
    }
    body.body("base.contacts.email", equalTo("a@b.co"))
        .body("base.contacts", hasKey("fax"))
        .body("base.contacts.fax", nullValue())
        .body("base.contacts.mobilePhone", nullValue())
        .body("base.contacts.phone", nullValue())
        .body("base.contacts.otherContacts", hasSize(0))
        .body("base.contacts.mobileDevices", hasSize(0))
        .body("base", not(hasKey("unknown")))
        .body(
            "registeredAt",
            org.hamcrest.Matchers.matchesPattern(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
  }
}
