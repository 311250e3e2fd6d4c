package io.customer360.customer;

import static io.customer360.customer.CustomerFixtures.createId;
import static io.customer360.customer.CustomerFixtures.customers;
import static io.customer360.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class CustomerSubResourcesTest {

  static String ws;
  static String node;

  @BeforeEach
  void setUp() {
    if (ws == null) {
      ws = Api.createWorkspace();
      node = Api.createEntryNode(ws);
    }
  }

  static String customer() {
    return createId(ws, Map.of("nodeId", node, "externalId", "ext-" + UUID.randomUUID()));
  }

  @Test
  void sessionsAreUniqueWithinTheNode() {
    String a = customer();
    String b = customer();
    String value = "sess-" + UUID.randomUUID();
    String sessionId =
        asAdmin()
            .body(Map.of("value", value))
            .post(customers(ws) + "/" + a + "/sessions")
            .then()
            .statusCode(201)
            .body("value", equalTo(value))
            .body("id", notNullValue())
            .extract()
            .path("id");
    asAdmin()
        .body(Map.of("value", value))
        .post(customers(ws) + "/" + b + "/sessions")
        .then()
        .statusCode(409);
    asAdmin()
        .body(Map.of("value", value))
        .post(customers(ws) + "/" + a + "/sessions")
        .then()
        .statusCode(201)
        .body("id", equalTo(sessionId));
    asAdmin()
        .body(Map.of("value", "v".repeat(256)))
        .post(customers(ws) + "/" + a + "/sessions")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("value"));
    asAdmin()
        .body(Map.of("value", "v".repeat(255)))
        .post(customers(ws) + "/" + a + "/sessions")
        .then()
        .statusCode(201);
    asAdmin()
        .get(customers(ws) + "/" + a + "/sessions")
        .then()
        .statusCode(200)
        .body("elements", hasSize(2))
        .body("page", org.hamcrest.Matchers.nullValue());
    asAdmin()
        .get(customers(ws) + "/" + a + "/sessions/" + sessionId)
        .then()
        .statusCode(200)
        .body("value", equalTo(value));
    asAdmin()
        .delete(customers(ws) + "/" + a + "/sessions/" + sessionId)
        .then()
        .statusCode(200)
        .body("id", equalTo(sessionId));
    asAdmin().get(customers(ws) + "/" + a + "/sessions/" + sessionId).then().statusCode(404);
    asAdmin()
        .body(Map.of("value", value))
        .post(customers(ws) + "/" + b + "/sessions")
        .then()
        .statusCode(201);
  }

  @Test
  void createWithASessionIdBindsTheSession() {
    String value = "sess-" + UUID.randomUUID();
    String id =
        asAdmin()
            .queryParam("sessionId", value)
            .body(Map.of("nodeId", node, "externalId", "ext-" + UUID.randomUUID()))
            .post(customers(ws))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    asAdmin()
        .get(customers(ws) + "/" + id + "/sessions")
        .then()
        .body("elements[0].value", equalTo(value));
  }

  @Test
  void subscriptionsAreManagedById() {
    String c = customer();
    String base = customers(ws) + "/" + c + "/subscriptions";
    asAdmin()
        .body(Map.of("id", "news", "name", "News", "kind", "DIGITAL_MESSAGE", "subscribed", true))
        .post(base)
        .then()
        .statusCode(201)
        .body("id", equalTo("news"));
    asAdmin().body(Map.of("id", "news", "subscribed", true)).post(base).then().statusCode(409);
    asAdmin().body(Map.of("name", "x", "subscribed", true)).post(base).then().statusCode(400);
    asAdmin()
        .body(Map.of("id", "bad", "subscribed", true, "kind", "SPAM"))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("kind"));
    asAdmin().get(base + "/news").then().statusCode(200).body("name", equalTo("News"));
    asAdmin()
        .body(Map.of("subscribed", false, "name", "News 2"))
        .put(base + "/news")
        .then()
        .statusCode(200)
        .body("subscribed", equalTo(false))
        .body("name", equalTo("News 2"));
    asAdmin().get(base).then().statusCode(200).body("elements", hasSize(1));
    asAdmin().delete(base + "/news").then().statusCode(200);
    asAdmin().get(base + "/news").then().statusCode(404);
    asAdmin()
        .get(customers(ws) + "/" + c)
        .then()
        .body("version", equalTo(4))
        .body("base.subscriptions", hasSize(0));
  }

  @Test
  void educationsJobsAndLikesAreManagedById() {
    String c = customer();
    for (String collection : List.of("educations", "jobs", "likes")) {
      String base = customers(ws) + "/" + c + "/" + collection;
      String id =
          asAdmin()
              .body(Map.of("name", "n"))
              .post(base)
              .then()
              .statusCode(collection.equals("likes") ? 201 : 400)
              .extract()
              .path("id");
      if (!collection.equals("likes")) {
        id =
            asAdmin()
                .body(Map.of())
                .post(base)
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .extract()
                .path("id");
      }
      asAdmin().get(base + "/" + id).then().statusCode(200);
      asAdmin().get(base).then().statusCode(200).body("elements", hasSize(1));
      asAdmin().delete(base + "/" + id).then().statusCode(200);
      asAdmin().delete(base + "/" + id).then().statusCode(404);
    }
    String jobs = customers(ws) + "/" + c + "/jobs";
    asAdmin()
        .body(Map.of("id", "j1", "jobTitle", "Dev", "startDate", "2020-01-01"))
        .post(jobs)
        .then()
        .statusCode(201);
    asAdmin()
        .body(Map.of("jobTitle", "Lead", "startDate", "2021-02-30"))
        .put(jobs + "/j1")
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("base.jobs[0].startDate"));
    asAdmin()
        .body(Map.of("jobTitle", "Lead"))
        .put(jobs + "/j1")
        .then()
        .statusCode(200)
        .body("jobTitle", equalTo("Lead"));
    asAdmin()
        .body(Map.of("id", "edu", "schoolType", "COLLEGE"))
        .post(customers(ws) + "/" + c + "/educations")
        .then()
        .statusCode(201)
        .body("schoolType", equalTo("COLLEGE"));
  }

  @Test
  void manualTagsAreAddedAndRemovedWithoutTouchingAutoTags() {
    String c =
        createId(
            ws,
            Map.of(
                "nodeId",
                node,
                "externalId",
                "ext-" + UUID.randomUUID(),
                "tags",
                Map.of("auto", List.of("vip"), "manual", List.of("a"))));
    String tags = customers(ws) + "/" + c + "/tags";
    asAdmin()
        .body(Map.of("tag", "b"))
        .post(tags)
        .then()
        .statusCode(200)
        .body("manual", equalTo(List.of("a", "b")))
        .body("auto", equalTo(List.of("vip")));
    asAdmin().body(Map.of("tag", "b")).post(tags).then().statusCode(200).body("manual", hasSize(2));
    asAdmin().delete(tags + "/a").then().statusCode(200).body("manual", equalTo(List.of("b")));
    asAdmin().delete(tags + "/vip").then().statusCode(200).body("auto", equalTo(List.of("vip")));
    asAdmin().body(Map.of()).post(tags).then().statusCode(400);
  }
}
