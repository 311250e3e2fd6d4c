package io.customer360.connector.talk;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The talk connector over HTTP against the real services (spec talk-connector.md): the seed's
 * sample payload in and back out, the mapping rules as stored by the core, arrays with per-item
 * results, updates by talk id, identity resolution with another node, access and tenancy.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class TalkConnectorTest {

  static final ObjectMapper JSON = new ObjectMapper();

  String workspace;
  String talkNode;

  @BeforeEach
  void freshWorkspace() {
    workspace = Api.createWorkspace();
    talkNode = Api.createEntryNode(workspace);
  }

  private String inbound() {
    return ws(workspace) + "/connectors/talk/nodes/" + talkNode + "/customers";
  }

  private String outbound(String id) {
    return ws(workspace) + "/connectors/talk/customers/" + id;
  }

  private static ObjectNode seed() throws Exception {
    return TalkMapperTest.seed();
  }

  private static ObjectNode talk(long id, String name, String email) throws Exception {
    ObjectNode t = seed();
    t.put("id", id).put("name", name).putNull("profile_info");
    ((ObjectNode) t.at("/emails/0")).put("email", email);
    ((ObjectNode) t.at("/telephones/0")).put("number", "9" + (10000000 + id % 89999999));
    return t;
  }

  @Test
  void theSeedSampleGoesInAndComesBackOut() throws Exception {
    ObjectNode sample = seed();
    String id =
        asAdmin()
            .body(sample.toString())
            .post(inbound())
            .then()
            .statusCode(201)
            .body("result", equalTo("CREATED"))
            .body("status", equalTo(201))
            .body("talkId", equalTo("144527"))
            .extract()
            .path("id");

    // The core holds the mapping.
    asAdmin()
        .get(ws(workspace) + "/customers/" + id)
        .then()
        .statusCode(200)
        .body("nodeId", equalTo(talkNode))
        .body("externalId", equalTo("144527"))
        .body("base.firstName", equalTo("Jonas"))
        .body("base.lastName", equalTo("Schen"))
        .body("base.contacts.mobilePhone", equalTo("+5551999887766"))
        .body("base.contacts.email", equalTo("jonas.schen@example.com"))
        .body("base.socialProfile.instagram", equalTo("j.schen"))
        .body("extended.talkName", equalTo("JONAS"))
        .body("extended.talkExternalId", equalTo("95238935"))
        .body("extended.talkOrganizationId", equalTo(15662))
        .body("extended.talkMainSms", equalTo(44290))
        .body("extended.talkCf_Empresa", equalTo("Piperun"))
        .body("extended.talkCf_Web_Whatsapp_Pessoa", equalTo("(51) 99999-8888"))
        .body("extended.talkCf_Nacionalidade", equalTo("Brasileira"))
        .body("extended.talkProfileFollowers", equalTo(219))
        .body("extended", not(hasKey("talkAgentId")))
        .body("tags.manual", not(hasItem("priority")));

    // The connector declared what it needs in the workspace's schema, not indexed.
    asAdmin()
        .get(ws(workspace) + "/configuration/properties/extended")
        .then()
        .statusCode(200)
        .body("talkCf_Empresa.type", equalTo("string"))
        .body("talkMainSms.type", equalTo("integer"))
        .body("talkWhatsapp.type", equalTo("array"))
        .body("talkName.contactlabProperties.indexed", equalTo(false));

    // Back out: every field the mapping carries as sent.
    JsonNode back =
        JSON.readTree(asAdmin().get(outbound(id)).then().statusCode(200).extract().asString());
    for (String f :
        List.of(
            "id",
            "name",
            "external_id",
            "document_number",
            "created_at",
            "main_sms",
            "main_whatsapp",
            "main_email",
            "agent_id",
            "queue_id",
            "customer_group_id",
            "is_priority",
            "last_base_api",
            "customer_organization_id",
            "profile_info",
            "custom_fields")) {
      TalkMapperTest.assertSame(sample.get(f), back.get(f), f);
    }
    for (String f :
        List.of(
            "id",
            "area_code",
            "number",
            "type",
            "has_whatsapp",
            "has_whatsapp_api",
            "country_code",
            "country_iso2",
            "full_number",
            "full_number_cc")) {
      TalkMapperTest.assertSame(
          sample.at("/telephones/0").get(f), back.at("/telephones/0").get(f), f);
    }
    for (String f : List.of("id", "email", "unsubscribed_at", "customer_id")) {
      TalkMapperTest.assertSame(sample.at("/emails/0").get(f), back.at("/emails/0").get(f), f);
    }
    assertEquals(true, back.get("wildcard_01").isNull(), "deprecated fields come back null");
    assertEquals(true, back.get("crmv_user_id").isNull());
  }

  @Test
  void priorityUnsubscribeAndWhatsappAreStoredAndRendered() throws Exception {
    ObjectNode t = talk(501, "Ana Lima", "ana.lima@example.com");
    t.put("is_priority", true).put("agent_id", 12).put("queue_id", 34);
    ((ObjectNode) t.at("/telephones/0")).put("has_whatsapp", true).put("has_whatsapp_api", true);
    ((ObjectNode) t.at("/emails/0")).put("unsubscribed_at", "2024-05-06T07:08:09Z");
    String id =
        asAdmin().body(t.toString()).post(inbound()).then().statusCode(201).extract().path("id");
    asAdmin()
        .get(ws(workspace) + "/customers/" + id)
        .then()
        .statusCode(200)
        .body("tags.manual", hasItem("priority"))
        .body("consents.marketing.automatic.email.status", equalTo(false))
        .body("extended.talkAgentId", equalTo(12))
        .body("extended.talkQueueId", equalTo(34))
        .body("extended.talkWhatsapp", hasSize(1))
        .body("base.firstName", equalTo("Ana"))
        .body("base.lastName", equalTo("Lima"));
    asAdmin()
        .get(outbound(id))
        .then()
        .statusCode(200)
        .body("is_priority", equalTo(true))
        .body("agent_id", equalTo(12))
        .body("queue_id", equalTo(34))
        .body("telephones[0].has_whatsapp", equalTo(true))
        .body("telephones[0].has_whatsapp_api", equalTo(true))
        .body("emails[0].unsubscribed_at", equalTo("2024-05-06T07:08:09Z"))
        .body("profile_info", nullValue());
  }

  @Test
  void theSameTalkIdTwiceUpdatesOneCustomer() throws Exception {
    ObjectNode first = talk(777, "Bruno Costa", "bruno@example.com");
    first.put("is_priority", true);
    first.putObject("custom_fields").put("Plano", "Ouro").put("Cidade", "Recife");
    String id =
        asAdmin()
            .body(first.toString())
            .post(inbound())
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    ObjectNode second = talk(777, "Bruno Costa Neto", "bruno.neto@example.com");
    second.put("is_priority", false);
    second.putObject("custom_fields").put("Plano", "Prata");
    asAdmin()
        .body(second.toString())
        .post(inbound())
        .then()
        .statusCode(200)
        .body("result", equalTo("UPDATED"))
        .body("id", equalTo(id));

    asAdmin().queryParam("externalId", "777").queryParam("nodeId", talkNode);
    asAdmin()
        .get(ws(workspace) + "/customers/" + id)
        .then()
        .statusCode(200)
        .body("base.lastName", equalTo("Neto"))
        .body("base.contacts.email", equalTo("bruno.neto@example.com"))
        .body("tags.manual", not(hasItem("priority")))
        .body("extended.talkCf_Plano", equalTo("Prata"))
        .body("extended", not(hasKey("talkCf_Cidade")));
    asAdmin()
        .get(outbound(id))
        .then()
        .statusCode(200)
        .body("custom_fields", equalTo(Map.of("Plano", "Prata")))
        .body("emails", hasSize(1))
        .body("is_priority", equalTo(false));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", talkNode)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(1));
  }

  @Test
  void concurrentDeliveriesOfOneTalkIdMakeOneCustomer() throws Exception {
    ObjectNode t = talk(4242, "Clara Nunes", "clara@example.com");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<String>> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(
          pool.submit(
              () -> asAdmin().body(t.toString()).post(inbound()).then().extract().path("id")));
    }
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (Future<String> f : ids) {
      distinct.add(f.get());
    }
    pool.shutdown();
    assertEquals(1, distinct.size(), "one customer: " + distinct);
    assertNotEquals(null, distinct.iterator().next());
  }

  /**
   * Deliveries of one talk id, in parallel and with different names, to a node under an ACTIVE
   * aggregate node: creates that merge and updates of the same customer run at once, and every
   * delivery is stored (no deadlock, no timeout) in one entry customer of one unified customer.
   */
  @Test
  void parallelDeliveriesOfOneTalkIdUnderAnAggregateAreAllStored() throws Exception {
    String aggregate = Api.createActiveAggregate(workspace, talkNode);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
          ObjectNode t = talk(7000 + round, "Rita Lee" + i, "rita" + round + "@example.com");
          statuses.add(
              pool.submit(
                  () ->
                      asAdmin().body(t.toString()).post(inbound()).then().extract().statusCode()));
        }
        List<Integer> got = new java.util.ArrayList<>();
        for (Future<Integer> f : statuses) {
          got.add(f.get());
        }
        assertEquals(1, got.stream().filter(s -> s == 201).count(), got.toString());
        assertEquals(15, got.stream().filter(s -> s == 200).count(), got.toString());
      }
    } finally {
      pool.shutdown();
    }
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", talkNode)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(3));
    asAdmin()
        .queryParam("nodeId", aggregate)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(3));
  }

  /**
   * First deliveries that each bring another custom field declare their properties concurrently:
   * none is lost, so every delivery is stored.
   */
  @Test
  void concurrentFirstDeliveriesDeclareEveryCustomFieldTheyNeed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ObjectNode t = talk(900 + i, "Pessoa " + i, "pessoa" + i + "@example.com");
      t.putObject("custom_fields").put("Campo " + i, "valor " + i);
      statuses.add(
          pool.submit(
              () -> asAdmin().body(t.toString()).post(inbound()).then().extract().statusCode()));
    }
    for (Future<Integer> f : statuses) {
      assertEquals(201, f.get());
    }
    pool.shutdown();
    var schema =
        asAdmin().get(ws(workspace) + "/configuration/properties/extended").then().statusCode(200);
    for (int i = 0; i < 6; i++) {
      schema.body("talkCf_Campo_" + i + ".type", equalTo("string"));
    }
  }

  @Test
  void anArrayIsStoredItemByItemAndABadPhoneIsReportedNamingTheField() throws Exception {
    ArrayNode batch = JSON.createArrayNode();
    batch.add(talk(11, "Dora Reis", "dora@example.com"));
    ObjectNode bad = talk(12, "Eva Melo", "eva@example.com");
    ((ObjectNode) bad.at("/telephones/0")).put("number", "12");
    batch.add(bad);
    batch.add(talk(13, "Fabio Dias", "fabio@example.com"));
    asAdmin()
        .body(batch.toString())
        .post(inbound())
        .then()
        .statusCode(207)
        .body("stored", equalTo(2))
        .body("rejected", equalTo(1))
        .body("results", hasSize(3))
        .body("results[0].status", equalTo(201))
        .body("results[0].id", notNullValue())
        .body("results[1].index", equalTo(1))
        .body("results[1].status", equalTo(400))
        .body("results[1].result", equalTo("ERROR"))
        .body("results[1].talkId", equalTo("12"))
        .body("results[1].errors[0].path", equalTo("[1].telephones[0].number"))
        .body("results[1]", not(hasKey("id")))
        .body("results[2].status", equalTo(201));
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", talkNode)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(2))
        .body("elements.externalId", containsInAnyOrder("11", "13"));

    // All good: 200.
    ArrayNode good = JSON.createArrayNode();
    good.add(talk(11, "Dora Reis", "dora@example.com"));
    good.add(talk(14, "Gil Souza", "gil@example.com"));
    asAdmin()
        .body(good.toString())
        .post(inbound())
        .then()
        .statusCode(200)
        .body("results.result", equalTo(List.of("UPDATED", "CREATED")));
  }

  @Test
  void aSingleBadItemAnswers400NamingTheFieldAndWritesNothing() throws Exception {
    ObjectNode bad = talk(21, "Hugo Paz", "hugo@example.com");
    ((ObjectNode) bad.at("/telephones/0")).put("country_code", "5x");
    asAdmin()
        .body(bad.toString())
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("telephones[0].country_code"))
        .body("message", notNullValue());
    ObjectNode noId = seed();
    noId.remove("id");
    asAdmin()
        .body(noId.toString())
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("id"));
    asAdmin()
        .body("{\"id\": 22, \"name\": \"a\\ud800b\"}")
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("name"));
    asAdmin().body("[]").post(inbound()).then().statusCode(400);
    asAdmin().body("42").post(inbound()).then().statusCode(400);
    SearchSync.awaitIndexed();
    asAdmin()
        .queryParam("nodeId", talkNode)
        .get(ws(workspace) + "/customers")
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(0));
  }

  @Test
  void aTalkCustomerWhoseEmailMatchesAnotherNodesCustomerJoinsItsUnifiedCustomer()
      throws Exception {
    String shop = Api.createEntryNode(workspace);
    String aggregate = Api.createActiveAggregate(workspace, shop, talkNode);
    String shopCustomer =
        asAdmin()
            .body(
                Map.of(
                    "nodeId",
                    shop,
                    "externalId",
                    "shop-1",
                    "base",
                    Map.of("contacts", Map.of("email", "Ines.Rocha@Example.com"))))
            .post(ws(workspace) + "/customers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String talkCustomer =
        asAdmin()
            .body(talk(31, "Ines Rocha", "ines.rocha@example.com").toString())
            .post(inbound())
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    SearchSync.awaitIndexed();
    String unified =
        asAdmin()
            .queryParam("nodeId", aggregate)
            .get(ws(workspace) + "/customers")
            .then()
            .statusCode(200)
            .body("page.totalElements", equalTo(1))
            .extract()
            .path("elements[0].id");
    asAdmin()
        .get(ws(workspace) + "/customers/" + unified + "/entry-customers")
        .then()
        .statusCode(200)
        .body("elements.id", containsInAnyOrder(shopCustomer, talkCustomer));
  }

  @Test
  void accessFollowsNodePermissionsAndTenancy() throws Exception {
    String body = talk(41, "Joao Reis", "joao@example.com").toString();
    // A source token of the node may deliver (webhook) and read.
    Map<String, String> src = Api.createSource(workspace, talkNode);
    String id =
        as(src.get("token")).body(body).post(inbound()).then().statusCode(201).extract().path("id");
    as(src.get("token")).get(outbound(id)).then().statusCode(200).body("id", equalTo(41));
    // A person without rights in the workspace: 403 "workspace not found".
    as(Tokens.user()).body(body).post(inbound()).then().statusCode(403);
    // Another workspace's token: refused at the workspace, and its own workspace does not see ours.
    String other = Api.createWorkspace();
    String otherNode = Api.createEntryNode(other);
    Map<String, String> otherSrc = Api.createSource(other, otherNode);
    as(otherSrc.get("token")).body(body).post(inbound()).then().statusCode(403);
    as(otherSrc.get("token")).get(outbound(id)).then().statusCode(403);
    as(otherSrc.get("token"))
        .get(ws(other) + "/connectors/talk/customers/" + id)
        .then()
        .statusCode(404);
    as(otherSrc.get("token"))
        .body(body)
        .post(ws(other) + "/connectors/talk/nodes/" + talkNode + "/customers")
        .then()
        .statusCode(404);
    // Unknown node, unknown customer.
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/connectors/talk/nodes/" + UUID.randomUUID() + "/customers")
        .then()
        .statusCode(404);
    asAdmin().get(outbound(UUID.randomUUID().toString())).then().statusCode(404);
    // A node that is not unique by externalId cannot take talk customers.
    String byEmail =
        Api.createEntryNode(
            workspace,
            Map.of(
                "name",
                "By e-mail",
                "uniqueCustomer",
                Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)));
    asAdmin()
        .body(body)
        .post(ws(workspace) + "/connectors/talk/nodes/" + byEmail + "/customers")
        .then()
        .statusCode(422)
        .body("errors[0].path", equalTo("nodeId"));
  }
}
