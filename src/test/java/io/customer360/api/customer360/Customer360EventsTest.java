package io.customer360.api.customer360;

import static io.customer360.api.customer360.Customer360Fixtures.api;
import static io.customer360.api.customer360.Customer360Fixtures.configure;
import static io.customer360.api.customer360.Customer360Fixtures.event;
import static io.customer360.api.customer360.Customer360Fixtures.in;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer's events in the dialect over HTTP: a unified customer's events are its members'
 * events, newest first, each mapped field by field to the seed's event object; the filters.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class Customer360EventsTest {

  String workspace;
  String unified;
  String opened;
  String clicked;
  String purchase;
  String page;

  @BeforeEach
  void aUnifiedCustomerWithFourEventsOnTwoMembers() {
    workspace = Api.createWorkspace();
    String shop = Api.createEntryNode(workspace);
    String stores = Api.createEntryNode(workspace);
    String aggregate = Api.createActiveAggregate(workspace, shop, stores);
    configure(workspace, true, null);
    String a =
        Customer360Fixtures.customer(
            workspace,
            shop,
            Map.of("externalId", "a", "base", Map.of("contacts", Map.of("email", "jane@x.test"))));
    String b =
        Customer360Fixtures.customer(
            workspace,
            stores,
            Map.of("externalId", "b", "base", Map.of("contacts", Map.of("email", "JANE@x.test"))));
    opened =
        event(
            workspace,
            Map.of(
                "customerId", a,
                "type", "campaignOpened",
                "context", "DIGITAL_CAMPAIGN",
                "date", "2025-06-01T10:00:00Z",
                "properties", Map.of("campaignId", "cmp_1", "channel", "sms")));
    clicked =
        event(
            workspace,
            Map.of(
                "customerId",
                b,
                "type",
                "campaignLinkClicked",
                "context",
                "DIGITAL_CAMPAIGN",
                "date",
                "2025-06-01T10:45:00Z",
                "properties",
                Map.of("campaignId", "cmp_abc123", "linkUrl", "https://example.com/sale"),
                "tracking",
                Map.of("ga", Map.of("utm_campaign", "summer-sale-2025"))));
    purchase =
        event(
            workspace,
            Map.of(
                "customerId", a,
                "type", "completedOrder",
                "context", "ECOMMERCE",
                "date", "2025-06-02T09:00:00Z",
                "properties", Map.of("orderId", "o-1", "amount", Map.of("total", 120.5))));
    page =
        event(
            workspace,
            Map.of(
                "customerId", b,
                "type", "viewedPage",
                "context", "RETAIL",
                "date", "2025-06-03T08:00:00Z",
                "properties", Map.of("url", "https://example.com/", "title", "Home")));
    unified = Customer360Fixtures.unifiedIdByEmail(workspace, aggregate, "jane@x.test");
  }

  private String events() {
    return api("en") + "/customers/" + unified + "/events";
  }

  @Test
  void aUnifiedCustomersEventsAreItsMembersNewestFirstMappedFieldByField() {
    in(Tokens.admin(), workspace)
        .get(events())
        .then()
        .statusCode(200)
        .body("result.status", equalTo(200))
        .body("result.message", equalTo("Customer events fetched"))
        .body("result.data.page.totalElements", equalTo(4))
        .body("result.data.page.number", equalTo(0))
        .body("result.data.page.size", equalTo(20))
        .body("result.data.elements.id", contains(page, purchase, clicked, opened))
        .body(
            "result.data.elements.type",
            contains("page_viewed", "purchase", "link_clicked", "email_opened"))
        .body("result.data.elements.customerId", contains(unified, unified, unified, unified))
        // viewedPage in a RETAIL context names no channel; an e-commerce order is WEB; the
        // campaign events carry theirs (none given: EMAIL).
        .body("result.data.elements.channel", contains(null, "WEB", "EMAIL", "SMS"))
        .body("result.data.elements[2].campaignId", equalTo("cmp_abc123"))
        .body("result.data.elements[2].workflowId", nullValue())
        .body("result.data.elements[2].metadata.linkUrl", equalTo("https://example.com/sale"))
        .body("result.data.elements[2].metadata.utm_campaign", equalTo("summer-sale-2025"))
        .body("result.data.elements[2].occurredAt", equalTo("2025-06-01T10:45:00.000Z"))
        .body("result.data.elements[1].metadata.amount.total", equalTo(120.5f))
        .body("result.data.elements[1].campaignId", nullValue());
  }

  @Test
  void filtersByTypeChannelAndDatesAndPages() {
    in(Tokens.admin(), workspace)
        .queryParam("type", "purchase,email_opened")
        .get(events())
        .then()
        .statusCode(200)
        .body("result.data.elements.id", contains(purchase, opened));
    in(Tokens.admin(), workspace)
        .queryParam("channel", "email")
        .get(events())
        .then()
        .statusCode(200)
        .body("result.data.page.totalElements", equalTo(1))
        .body("result.data.elements.id", contains(clicked));
    in(Tokens.admin(), workspace)
        .queryParam("from", "2025-06-01T10:30:00Z")
        .queryParam("to", "2025-06-02T09:00:00Z")
        .get(events())
        .then()
        .statusCode(200)
        .body("result.data.elements.id", contains(purchase, clicked));
    in(Tokens.admin(), workspace)
        .queryParam("size", "3")
        .queryParam("page", "1")
        .get(events())
        .then()
        .statusCode(200)
        .body("result.data.page.totalPages", equalTo(2))
        .body("result.data.elements.id", contains(opened));
  }

  @Test
  void badFiltersAnswer400NamingTheParameter() {
    for (List<String> bad :
        List.of(
            List.of("type", "campaignOpened", "Invalid parameter type: must be one of "),
            List.of("channel", "FAX", "Invalid parameter channel: must be one of EMAIL"),
            List.of("from", "yesterday", "Invalid parameter from: must be an ISO 8601 date-time"),
            List.of("page", "-1", "Invalid parameter page: must be an integer between 0 and"))) {
      in(Tokens.admin(), workspace)
          .queryParam(bad.get(0), bad.get(1))
          .get(events())
          .then()
          .statusCode(400)
          .body("result.status", equalTo(400))
          .body("result.data", nullValue())
          .body("result.message", org.hamcrest.Matchers.startsWith(bad.get(2)));
    }
    in(Tokens.admin(), workspace)
        .queryParam("from", "2025-06-03T00:00:00Z")
        .queryParam("to", "2025-06-01T00:00:00Z")
        .get(api("es") + "/customers/" + unified + "/events")
        .then()
        .statusCode(400)
        .body("result.message", equalTo("Parámetro no válido from: no debe ser posterior a to"));
  }
}
