package io.customer360.api.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.api.customer360.Customer360Responses.CustomerEvent;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.event.EventType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The event object's rules (seed 000, spec "Customer event object"). */
class EventMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static EventResponse event(
      String type, String context, String properties, String contextInfo, String tracking) {
    return new EventResponse(
        UUID.fromString("00000000-0000-4000-8000-0000000000e1"),
        UUID.randomUUID(),
        null,
        type,
        json(properties),
        context,
        contextInfo == null ? null : json(contextInfo),
        "2025-06-01T10:45:00.000Z",
        "NATIVE",
        null,
        null,
        tracking == null ? null : json(tracking),
        "2025-06-01T10:45:01.000Z",
        null,
        1);
  }

  @ParameterizedTest
  @CsvSource({
    "campaignOpened, email_opened",
    "campaignLinkClicked, link_clicked",
    "completedOrder, purchase",
    "viewedPage, page_viewed",
    "addedProduct, added_product",
    "viewedProductCategory, viewed_product_category",
    "searched, searched",
    "clickedLink, clicked_link"
  })
  void typesHaveTheSpecsNames(String core, String dialect) {
    assertEquals(dialect, EventMapper.name(core));
    assertEquals(EventType.valueOf(core), EventMapper.type(dialect));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyNameLeadsBackToItsType(EventType type) {
    assertEquals(type, EventMapper.type(EventMapper.name(type)));
  }

  @Test
  void unknownNamesHaveNoType() {
    assertNull(EventMapper.type("campaignOpened"));
    assertNull(EventMapper.type("opened"));
  }

  @Test
  void mapsTheSeedsExample() {
    CustomerEvent e =
        EventMapper.event(
            event(
                "campaignLinkClicked",
                "DIGITAL_CAMPAIGN",
                "{'campaignId':'cmp_abc123','linkUrl':'https://example.com/sale','channel':'email'}",
                "{}",
                "{'ga':{'utm_campaign':'summer-sale-2025','utm_source':null}}"),
            "cust_abc123");
    assertEquals("00000000-0000-4000-8000-0000000000e1", e.id());
    assertEquals("cust_abc123", e.customerId());
    assertEquals("link_clicked", e.type());
    assertEquals("EMAIL", e.channel());
    assertEquals("cmp_abc123", e.campaignId());
    assertNull(e.workflowId());
    assertEquals("https://example.com/sale", e.metadata().path("linkUrl").asText());
    assertEquals("summer-sale-2025", e.metadata().path("utm_campaign").asText());
    assertEquals(false, e.metadata().has("utm_source"));
    assertEquals("2025-06-01T10:45:00.000Z", e.occurredAt());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "campaignOpened | DIGITAL_CAMPAIGN | {'channel':'SMS'} | {}                 | SMS",
        "campaignSent   | DIGITAL_CAMPAIGN | {}                | {'channel':'push'} | PUSH",
        "campaignOpened | OTHER            | {}                | {}                 | EMAIL",
        "viewedPage     | WEB              | {}                | {}                 | WEB",
        "addedProduct   | ECOMMERCE        | {}                | {}                 | WEB",
        "completedOrder | RETAIL           | {}                | {}                 | null",
        "loggedIn       | MOBILE           | {}                | {}                 | null",
        "openedTicket   | CONTACT_CENTER   | {}                | {'channel':'phone'} | null"
      })
  void channelComesFromTheCampaignElseTheContext(
      String type, String context, String properties, String contextInfo, String expected) {
    assertEquals(
        expected,
        EventMapper.event(event(type, context, properties, contextInfo, null), "c").channel());
  }

  @Test
  void idsComeFromPropertiesOrContextAndPropertiesWinOverTracking() {
    CustomerEvent e =
        EventMapper.event(
            event(
                "completedOrder",
                "DIGITAL_CAMPAIGN",
                "{'utm_source':'mine','extended':{'workflowId':'wf_9'}}",
                "{'campaignId':'cmp_ctx'}",
                "{'ga':{'utm_source':'google','utm_medium':'cpc'}}"),
            "c");
    assertEquals("cmp_ctx", e.campaignId());
    assertEquals("wf_9", e.workflowId());
    assertEquals("mine", e.metadata().path("utm_source").asText());
    assertEquals("cpc", e.metadata().path("utm_medium").asText());
  }
}
