package io.customer360.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.FieldError;
import io.customer360.event.EventValidator.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CUSTOMER = "\"customerId\":\"6f1c0d7e-0000-4000-8000-000000000001\"";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static Outcome check(String body) throws Exception {
    return check(body, EventPolicies.none());
  }

  private static Outcome check(String body, EventPolicies policies) throws Exception {
    return EventValidator.check(json(body), body.length(), policies, true);
  }

  private static List<String> paths(Outcome o) {
    return o.rejection().errors().stream().map(FieldError::path).toList();
  }

  @Test
  void acceptsMinimalViewedPageAndDefaultsDateToNow() throws Exception {
    Outcome o =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"viewedPage\",\"context\":\"WEB\","
                + "\"properties\":{\"url\":\"https://shop.example/p/1\",\"free\":1}}");
    assertTrue(o.valid(), () -> String.valueOf(o.rejection()));
    assertTrue(o.draft().date() != null);
  }

  @Test
  void refusesUnknownTypeAndContextNamingThePath() throws Exception {
    Outcome o =
        check("{" + CUSTOMER + ",\"type\":\"dance\",\"context\":\"MOON\",\"properties\":{}}");
    assertEquals(EventRejection.Kind.INVALID, o.rejection().kind());
    assertEquals(List.of("type", "context"), paths(o));
    assertTrue(o.rejection().errors().get(0).message().startsWith("must be one of [abandonedCart"));
  }

  @Test
  void refusesPropertiesOfTheWrongTypeWithTheirNestedPath() throws Exception {
    Outcome o =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"completedOrder\",\"context\":\"ECOMMERCE\",\"properties\":"
                + "{\"orderId\":12,\"amount\":{\"total\":\"ten\"},"
                + "\"products\":[{\"quantity\":1.5}]}}");
    assertEquals(EventRejection.Kind.INVALID, o.rejection().kind());
    assertEquals(
        List.of("properties.amount.total", "properties.orderId", "properties.products.0.quantity")
            .stream()
            .sorted()
            .toList(),
        paths(o).stream().sorted().toList(),
        () -> String.valueOf(o.rejection()));
  }

  @Test
  void checksContextInfoTrackingAndDate() throws Exception {
    Outcome o =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"searched\",\"context\":\"WEB\",\"properties\":{\"keyword\":3},"
                + "\"contextInfo\":{\"client\":{\"ip\":5}},\"tracking\":{\"ga\":{\"utm_source\":1}},"
                + "\"date\":\"yesterday\"}");
    assertEquals(
        List.of("properties.keyword", "contextInfo.client.ip", "tracking.ga.utm_source", "date")
            .stream()
            .sorted()
            .toList(),
        paths(o).stream().sorted().toList(),
        () -> String.valueOf(o.rejection()));
  }

  @Test
  void requiresExactlyOneOfCustomerIdAndBringBack() throws Exception {
    Outcome neither = check("{\"type\":\"loggedIn\",\"context\":\"WEB\",\"properties\":{}}");
    assertEquals(List.of("customerId"), paths(neither));
    Outcome both =
        check(
            "{"
                + CUSTOMER
                + ",\"bringBackProperties\":{\"type\":\"SESSION_ID\",\"value\":\"s\","
                + "\"nodeId\":\"6f1c0d7e-0000-4000-8000-0000000000aa\"},"
                + "\"type\":\"loggedIn\",\"context\":\"WEB\",\"properties\":{}}");
    assertEquals(List.of("customerId"), paths(both));
    Outcome badBringBack =
        check(
            "{\"bringBackProperties\":{\"type\":\"COOKIE\",\"value\":\"\"},"
                + "\"type\":\"loggedIn\",\"context\":\"WEB\",\"properties\":{}}");
    assertEquals(
        // an omitted nodeId is resolved later from the caller's only entry node (fault 26)
        List.of("bringBackProperties.type", "bringBackProperties.value"), paths(badBringBack));
  }

  @Test
  void refusesUnknownFieldsAndMissingProperties() throws Exception {
    Outcome o = check("{" + CUSTOMER + ",\"type\":\"loggedIn\",\"context\":\"WEB\",\"colour\":1}");
    assertEquals(List.of("colour", "properties"), paths(o).stream().sorted().toList());
  }

  @Test
  void appliesExtendedPropertiesOfTheWorkspace() throws Exception {
    EventPolicies policies =
        new EventPolicies(
            json(
                "{\"eventExtendedProperties\":{\"viewedPage\":{\"shelf\":{\"type\":\"string\","
                    + "\"contactlabProperties\":{\"maxLength\":3}}}}}"));
    Outcome tooLong =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"viewedPage\",\"context\":\"WEB\","
                + "\"properties\":{\"extended\":{\"shelf\":\"abcd\",\"other\":1}}}",
            policies);
    assertEquals(
        List.of("properties.extended.other", "properties.extended.shelf"),
        paths(tooLong).stream().sorted().toList(),
        () -> String.valueOf(tooLong.rejection()));
    Outcome fine =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"viewedPage\",\"context\":\"WEB\","
                + "\"properties\":{\"extended\":{\"shelf\":\"abc\"}}}",
            policies);
    assertTrue(fine.valid());
  }

  @Test
  void checksListedProductsAgainstTheProductExtendedProperties() throws Exception {
    EventPolicies policies =
        new EventPolicies(
            json(
                "{\"productExtendedProperties\":{\"color\":{\"type\":\"string\","
                    + "\"contactlabProperties\":{\"maxLength\":5,\"enabled\":true}},"
                    + "\"legacy\":{\"type\":\"string\",\"contactlabProperties\":{\"enabled\":false}}}}"));
    String order = "{" + CUSTOMER + ",\"type\":\"completedOrder\",\"context\":\"ECOMMERCE\",";
    Outcome bad =
        check(
            order
                + "\"properties\":{\"products\":[{\"id\":\"p0\",\"extended\":{\"color\":\"red\"}},"
                + "{\"id\":\"p1\",\"extended\":{\"color\":\"purple\",\"legacy\":\"x\"}},"
                + "{\"id\":\"p2\",\"extended\":\"blue\"}]}}",
            policies);
    assertEquals(
        List.of(
            "properties.products.1.extended.color",
            "properties.products.1.extended.legacy",
            "properties.products.2.extended"),
        paths(bad).stream().sorted().toList(),
        () -> String.valueOf(bad.rejection()));
    Outcome fine =
        check(
            order
                + "\"properties\":{\"products\":[{\"id\":\"p0\",\"extended\":{\"color\":\"green\"}},"
                + "{\"id\":\"p1\"}]}}",
            policies);
    assertTrue(fine.valid(), () -> String.valueOf(fine.rejection()));
    // a product event's own properties.extended is its event type's, not the products'
    Outcome viewed =
        check(
            "{"
                + CUSTOMER
                + ",\"type\":\"viewedProduct\",\"context\":\"ECOMMERCE\","
                + "\"properties\":{\"id\":\"p0\",\"extended\":{\"color\":7}}}",
            policies);
    assertTrue(viewed.valid(), () -> String.valueOf(viewed.rejection()));
    // no product schema declared: product extended values stay free
    assertTrue(
        check(order + "\"properties\":{\"products\":[{\"extended\":{\"anything\":[1,2]}}]}}")
            .valid());
  }

  @Test
  void refusesOversizePayloadsAndDisabledTypes() throws Exception {
    EventPolicies policies =
        new EventPolicies(
            json(
                "{\"payloadSizes\":{\"viewedPage\":{\"maxBytes\":100}},"
                    + "\"disabledEvents\":{\"loggedOut\":true}}"));
    String big =
        "{"
            + CUSTOMER
            + ",\"type\":\"viewedPage\",\"context\":\"WEB\",\"properties\":{\"title\":\""
            + "x".repeat(200)
            + "\"}}";
    assertEquals(EventRejection.Kind.TOO_LARGE, check(big, policies).rejection().kind());
    Outcome disabled =
        check(
            "{" + CUSTOMER + ",\"type\":\"loggedOut\",\"context\":\"WEB\",\"properties\":{}}",
            policies);
    assertEquals(EventRejection.Kind.UNPROCESSABLE, disabled.rejection().kind());
    assertEquals(List.of("type"), paths(disabled));
  }

  @Test
  void keepsDatesWithinARange() throws Exception {
    String body = "{" + CUSTOMER + ",\"type\":\"loggedIn\",\"context\":\"WEB\",\"properties\":{},";
    assertEquals(List.of("date"), paths(check(body + "\"date\":\"1969-12-31T23:00:00Z\"}")));
    assertEquals(List.of("date"), paths(check(body + "\"date\":\"3026-01-01T00:00:00Z\"}")));
    assertTrue(check(body + "\"date\":\"2019-03-05T12:00:00+01:00\"}").valid());
  }
}
