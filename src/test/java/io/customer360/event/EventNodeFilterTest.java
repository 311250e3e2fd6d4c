package io.customer360.event;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EV1's node filter and counts: an ACTIVE aggregate node id means the events of its entry nodes (a
 * unified customer's events are its members' events), and {@code page.totalUnfilteredElements}
 * counts only the events of nodes the caller may read.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventNodeFilterTest {

  String workspace;
  String shop;
  String stores;
  String aggregate;

  @BeforeEach
  void setUp() {
    if (workspace != null) {
      return;
    }
    workspace = Api.createWorkspace();
    shop = Api.createEntryNode(workspace);
    stores = Api.createEntryNode(workspace);
    aggregate = Api.createActiveAggregate(workspace, shop, stores);
    event(EventFixtures.customer(workspace, shop, "s1-" + UUID.randomUUID()), "viewedPage");
    event(EventFixtures.customer(workspace, shop, "s2-" + UUID.randomUUID()), "searched");
    event(EventFixtures.customer(workspace, stores, "t1-" + UUID.randomUUID()), "viewedPage");
    Api.grant(workspace, Api.userId(Tokens.user()), Map.of(shop, "R"));
  }

  private void event(UUID customerId, String type) {
    Map<String, Object> properties =
        type.equals("viewedPage")
            ? Map.of("url", "https://shop.example/p/1")
            : Map.of("keywords", List.of("shoes"));
    asAdmin()
        .body(
            Map.of(
                "customerId",
                customerId.toString(),
                "type",
                type,
                "context",
                "WEB",
                "properties",
                properties))
        .post(EventFixtures.events(workspace))
        .then()
        .statusCode(202);
  }

  /** who (admin or user with R on shop), query, matches, unfiltered. */
  Stream<Arguments> searches() {
    return Stream.of(
        Arguments.of("admin", "nodeId=AGG", 3, 3),
        Arguments.of("admin", "nodeId=AGG&type=viewedPage", 2, 3),
        Arguments.of("admin", "nodeId=SHOP", 2, 3),
        Arguments.of("admin", "nodeId=STORES", 1, 3),
        Arguments.of("admin", "size=10", 3, 3),
        Arguments.of("user", "size=10", 2, 2),
        Arguments.of("user", "type=viewedPage", 1, 2),
        Arguments.of("user", "nodeId=SHOP", 2, 2));
  }

  @ParameterizedTest
  @MethodSource("searches")
  void searchesCountOnlyWhatTheCallerMayReadAndAggregatesMeanTheirEntries(
      String who, String query, int matches, int unfiltered) {
    String q = query.replace("AGG", aggregate).replace("SHOP", shop).replace("STORES", stores);
    (who.equals("admin") ? asAdmin() : as(Tokens.user()))
        .get(EventFixtures.events(workspace) + "?" + q)
        .then()
        .statusCode(200)
        .body("page.totalElements", equalTo(matches))
        .body("page.totalUnfilteredElements", equalTo(unfiltered));
  }
}
