package io.customer360.identity;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, fault 2: an exclusion pattern that makes a backtracking matcher run for seconds (nested
 * quantifiers) is matched in linear time, so a create answers at once and the event loop is never
 * blocked; the filter still works (a matching customer stays out of the aggregate node).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class ExclusionPatternOverApiTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"(.*a){12}", "(a+)+b", "(a|aa)+c", "(.*){20}z"})
  void catastrophicPatternsAnswerWithinASecond(String pattern) {
    String workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String aggregate =
        asAdmin()
            .body(
                Map.of(
                    "name", "Everyone",
                    "entryNodes", List.of(shop),
                    "matchingProperties",
                        Map.of(
                            "properties", List.of("base.contacts.email"), "caseSensitive", false),
                    "exclusionFilters",
                        List.of(Map.of("property", "base.contacts.email", "pattern", pattern))))
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
    String token = Api.createSource(workspace, shop, aggregate).get("token");

    long start = System.nanoTime();
    as(token)
        .body(
            Map.of(
                "nodeId",
                shop,
                "externalId",
                "a",
                "base",
                Map.of("contacts", Map.of("email", "a".repeat(30) + "@x.com"))))
        .post(ws(workspace) + "/customers")
        .then()
        .statusCode(201);
    assertThat((System.nanoTime() - start) / 1_000_000, lessThan(1_000L));

    // a customer the first pattern matches stays out of the aggregate node
    if (pattern.equals("(.*a){12}")) {
      as(token)
          .body(
              Map.of(
                  "nodeId",
                  shop,
                  "externalId",
                  "b",
                  "base",
                  Map.of("contacts", Map.of("email", "a".repeat(12) + "@example.ca"))))
          .post(ws(workspace) + "/customers")
          .then()
          .statusCode(201);
      SearchSync.awaitIndexed();
      int unified =
          as(token)
              .queryParam("nodeId", aggregate)
              .get(ws(workspace) + "/customers")
              .then()
              .statusCode(200)
              .extract()
              .path("page.totalElements");
      assertThat(unified, equalTo(1));
    }
  }
}
