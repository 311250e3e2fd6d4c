package io.customer360.connector.talk;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The talk connector's answers when an item fails or is refused, over HTTP against the real
 * services: per-item outcomes of an array also when the database cannot serve an item, core
 * refusals named by the talk field that fed them (with the {@code [i].} prefix inside arrays), and
 * the talk-side rules of seed 002 (dates, NOT nullable fields, positive ids, duplicates, lengths).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class TalkRulesTest {

  @Inject Pool pool;

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

  private static ObjectNode talk(long id, String name) throws Exception {
    ObjectNode t = TalkMapperTest.seed();
    t.put("id", id).put("name", name).putNull("profile_info");
    ((ObjectNode) t.at("/emails/0")).put("email", "c" + id + "@example.com");
    ((ObjectNode) t.at("/telephones/0")).put("number", "9" + (10000000 + id % 89999999));
    return t;
  }

  private static long freshId() {
    return ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
  }

  @Test
  void anArrayItemTheDatabaseCannotServeGetsItsOwnOutcome() throws Exception {
    long good1 = freshId();
    long timeout = good1 + 1;
    long boom = good1 + 2;
    long good2 = good1 + 3;
    String fn = "talk_rules_refuse_" + good1;
    // The database refuses two customers' writes: one as a statement timeout would (SQLSTATE
    // 57014, "cannot serve now"), one with an unexpected internal error.
    pool.query(
            "create function "
                + fn
                + "() returns trigger language plpgsql as $$ begin"
                + " if new.external_id = '"
                + timeout
                + "' then raise exception 'canceling statement due to statement timeout'"
                + " using errcode = '57014'; end if;"
                + " if new.external_id = '"
                + boom
                + "' then raise exception 'boom' using errcode = 'XX000'; end if;"
                + " return new; end $$;"
                + " create trigger "
                + fn
                + " before insert or update on customer for each row execute function "
                + fn
                + "()")
        .executeAndAwait();
    try {
      ArrayNode batch = TalkMapperTest.JSON.createArrayNode();
      batch.add(talk(good1, "Ana Lima"));
      batch.add(talk(timeout, "Bia Rosa"));
      batch.add(talk(boom, "Caio Reis"));
      batch.add(talk(good2, "Duda Melo"));
      ValidatableResponse r =
          asAdmin()
              .body(batch.toString())
              .post(inbound())
              .then()
              .statusCode(207)
              .header("Retry-After", notNullValue())
              .body("stored", equalTo(2))
              .body("rejected", equalTo(2))
              .body("results.status", equalTo(List.of(201, 503, 500, 201)))
              .body("results[1].result", equalTo("ERROR"))
              .body("results[1].talkId", equalTo(Long.toString(timeout)))
              .body("results[1].retryAfter", notNullValue())
              .body("results[1].message", containsString("retry"))
              .body("results[2].message", containsString("logref"))
              .body("results[2]", not(hasKey("retryAfter")));
      for (int i : new int[] {0, 3}) {
        String id = r.extract().path("results[" + i + "].id");
        asAdmin().get(ws(workspace) + "/customers/" + id).then().statusCode(200);
      }
      // One object keeps answering the plain error.
      asAdmin()
          .body(talk(timeout, "Bia Rosa").toString())
          .post(inbound())
          .then()
          .statusCode(503)
          .header("Retry-After", notNullValue())
          .body("message", notNullValue());
      asAdmin()
          .body(talk(boom, "Caio Reis").toString())
          .post(inbound())
          .then()
          .statusCode(500)
          .body("logref", notNullValue());
    } finally {
      pool.query("drop trigger " + fn + " on customer; drop function " + fn + "()")
          .executeAndAwait();
    }
  }

  @Test
  void coreRefusalsNameTheTalkFieldThatFedThePath() throws Exception {
    asAdmin()
        .body(Map.of("value", false))
        .put(ws(workspace) + "/configuration/properties/base/base.socialProfile.instagram/enabled")
        .then()
        .statusCode(200);
    ObjectNode withHandle = talk(freshId(), "Eva Paz");
    withHandle.putObject("profile_info").put("username", "eva.paz");
    asAdmin()
        .body(withHandle.toString())
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("profile_info.username")))
        .body("message", containsString("profile_info.username"));
    ArrayNode batch = TalkMapperTest.JSON.createArrayNode();
    batch.add(talk(freshId(), "Gil Souza"));
    batch.add(withHandle);
    asAdmin()
        .body(batch.toString())
        .post(inbound())
        .then()
        .statusCode(207)
        .body("results.status", equalTo(List.of(201, 400)))
        .body("results[1].errors.path", equalTo(List.of("[1].profile_info.username")));
  }

  @Test
  void talkSideLengthsAreCheckedNamingTheTalkField() throws Exception {
    String long300 = "x".repeat(300);
    ObjectNode longName = talk(freshId(), long300);
    refused(longName, "name");
    ObjectNode longHandle = talk(freshId(), "Ivo Leal");
    longHandle.putObject("profile_info").put("username", long300);
    refused(longHandle, "profile_info.username");
    ObjectNode bigField = talk(freshId(), "Jo Neves");
    bigField.putObject("custom_fields").put("k", "v".repeat(100_000));
    refused(bigField, "custom_fields.k");
    ArrayNode batch = TalkMapperTest.JSON.createArrayNode();
    batch.add(talk(freshId(), "Lia Prado"));
    batch.add(longName);
    asAdmin()
        .body(batch.toString())
        .post(inbound())
        .then()
        .statusCode(207)
        .body("results[1].errors.path", equalTo(List.of("[1].name")));
  }

  @Test
  void datesNullsIdsAndDuplicatesAreRefusedNamingTheField() throws Exception {
    ObjectNode t = talk(freshId(), "Mia Costa");
    t.put("created_at", "garbage");
    refused(t, "created_at");
    t = talk(freshId(), "Mia Costa");
    ((ObjectNode) t.at("/emails/0")).put("unsubscribed_at", "yesterday");
    refused(t, "emails[0].unsubscribed_at");
    t = talk(freshId(), "Mia Costa");
    t.putNull("is_priority");
    refused(t, "is_priority");
    t = talk(freshId(), "Mia Costa");
    t.put("id", 0);
    refused(t, "id");
    t = talk(freshId(), "Mia Costa");
    t.put("agent_id", -3);
    refused(t, "agent_id");
    t = talk(freshId(), "Mia Costa");
    ((ObjectNode) t.at("/telephones/0")).put("id", -1);
    refused(t, "telephones[0].id");
    t = talk(freshId(), "Mia Costa");
    ObjectNode second = ((ObjectNode) t.at("/telephones/0")).deepCopy();
    second.put("number", "988776655");
    ((ArrayNode) t.get("telephones")).add(second);
    refused(t, "telephones[1].id");
    t = talk(freshId(), "Mia Costa");
    ObjectNode mail = ((ObjectNode) t.at("/emails/0")).deepCopy();
    mail.put("id", 777).put("email", t.at("/emails/0/email").asText().toUpperCase());
    ((ArrayNode) t.get("emails")).add(mail);
    refused(t, "emails[1].email");
    t = talk(freshId(), "Mia Costa");
    ((ObjectNode) t.at("/telephones/0")).put("number", 999887766);
    refused(t, "telephones[0].number").body("errors", hasSize(1));
    // The seed's own form of created_at is a date-time.
    asAdmin().body(TalkMapperTest.seed().toString()).post(inbound()).then().statusCode(201);
  }

  private ValidatableResponse refused(ObjectNode body, String path) {
    return asAdmin()
        .body(body.toString())
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors.path", hasItem(path));
  }

  /**
   * Concurrent first deliveries of one new talk id, each with its own e-mail and custom field: the
   * deliveries that lose the create race replace what the connector owns, so the customer ends as
   * one delivery sent it (one e-mail, one custom field of the same delivery), never a blend.
   */
  @Test
  void concurrentFirstDeliveriesOfOneTalkIdLeaveOneDeliverysData() throws Exception {
    for (int round = 0; round < 8; round++) {
      long id = freshId();
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newFixedThreadPool(16);
      List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        ObjectNode t = talk(id, "Ana Maria");
        ((ObjectNode) t.at("/emails/0")).put("email", "m" + i + "@example.com");
        t.putObject("custom_fields").put("only" + i, "v" + i);
        statuses.add(
            threads.submit(
                () -> asAdmin().body(t.toString()).post(inbound()).then().extract().statusCode()));
      }
      for (var f : statuses) {
        org.junit.jupiter.api.Assertions.assertTrue(List.of(200, 201).contains(f.get()));
      }
      threads.shutdown();
      io.customer360.support.SearchSync.awaitIndexed();
      var page =
          asAdmin()
              .queryParam("nodeId", talkNode)
              .queryParam("externalId", String.valueOf(id))
              .get(ws(workspace) + "/customers")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      org.junit.jupiter.api.Assertions.assertEquals(1, page.getList("elements").size());
      String email = page.getString("elements[0].base.contacts.email");
      String k = email.substring(1, email.indexOf('@'));
      Map<String, Object> extended = page.getMap("elements[0].extended");
      List<String> custom =
          extended.keySet().stream().filter(n -> n.startsWith("talkCf_")).sorted().toList();
      org.junit.jupiter.api.Assertions.assertEquals(List.of("talkCf_only" + k), custom, email);
      String contacts = page.getString("elements[0].base.contacts");
      for (int j = 0; j < 16; j++) {
        if (!String.valueOf(j).equals(k)) {
          org.junit.jupiter.api.Assertions.assertFalse(
              contacts.contains("m" + j + "@example.com"),
              "another delivery's e-mail: " + contacts);
        }
      }
    }
  }

  /**
   * A workspace declares at most {@link TalkService#MAX_CUSTOM_FIELDS} talk custom fields: a
   * delivery bringing a new key beyond them is refused naming {@code custom_fields}, one reusing
   * declared keys is stored.
   */
  @Test
  void customFieldsBeyondTheWorkspaceBoundAreRefused() throws Exception {
    int perItem = 50;
    int items = TalkService.MAX_CUSTOM_FIELDS / perItem;
    ArrayNode batch =
        com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createArrayNode();
    long first = freshId();
    for (int i = 0; i < items; i++) {
      ObjectNode t = talk(first + i, "Campo Cheio");
      ObjectNode fields = t.putObject("custom_fields");
      for (int j = 0; j < perItem; j++) {
        fields.put("k" + i + "_" + j, "v");
      }
      batch.add(t);
    }
    asAdmin().body(batch.toString()).post(inbound()).then().statusCode(200);

    ObjectNode fresh = talk(first + items, "Campo Novo");
    fresh.putObject("custom_fields").put("brandNew", "x");
    asAdmin()
        .body(fresh.toString())
        .post(inbound())
        .then()
        .statusCode(400)
        .body("errors.path", hasItem("custom_fields"));
    ObjectNode reuse = talk(first + items + 1, "Campo Velho");
    reuse.putObject("custom_fields").put("k0_0", "y");
    asAdmin().body(reuse.toString()).post(inbound()).then().statusCode(201);
    asAdmin()
        .get(ws(workspace) + "/configuration/properties/extended")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("talkCf_brandNew")));
  }
}
