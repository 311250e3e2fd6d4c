package io.customer360.api.customer360;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.api.customer360.Customer360Responses.CustomerEvent;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.event.EventType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event object of seed 000 from a core event (spec customer360-api.md "Customer event object").
 * A pure function; the rules:
 *
 * <ul>
 *   <li>{@code type}: {@code campaignOpened} → {@code email_opened}, {@code campaignLinkClicked} →
 *       {@code link_clicked}, {@code completedOrder} → {@code purchase}, {@code viewedPage} →
 *       {@code page_viewed}; every other type in snake_case ({@code addedProduct} → {@code
 *       added_product}). The names are one-to-one, so the {@code type} filter takes them back.
 *   <li>{@code channel}: the campaign's channel for campaign events ({@code properties.channel},
 *       else {@code contextInfo.channel} of a DIGITAL_CAMPAIGN context): {@code EMAIL} (also {@code
 *       E-MAIL}, {@code MAIL}), {@code SMS}, {@code PUSH} or {@code WEB}, any case; a campaign
 *       event without one is an e-mail campaign ({@code EMAIL}, as the seed's {@code email_opened}
 *       implies). Other events: a {@code channel} in their properties or context info when it names
 *       one of the four, else {@code WEB} for the WEB and ECOMMERCE contexts, else null.
 *   <li>{@code campaignId}: {@code properties.campaignId}, else {@code contextInfo.campaignId};
 *       {@code workflowId}: {@code properties.workflowId}, else {@code
 *       properties.extended.workflowId}; null when absent.
 *   <li>{@code metadata}: the event's properties, plus the tracking values ({@code
 *       tracking.ga.utm_*} and any other {@code utm_*} leaf of {@code tracking}) flattened to
 *       {@code utm_*} keys that the properties do not already hold.
 *   <li>{@code occurredAt}: the event's date; {@code customerId}: the view's customer id (for a
 *       unified customer its id, not the member's that recorded the event).
 * </ul>
 */
public final class EventMapper {

  /** The channels of the seed. */
  public static final String EMAIL = "EMAIL";

  public static final String SMS = "SMS";
  public static final String PUSH = "PUSH";
  public static final String WEB = "WEB";

  private static final Map<EventType, String> SPECIAL =
      Map.of(
          EventType.campaignOpened, "email_opened",
          EventType.campaignLinkClicked, "link_clicked",
          EventType.completedOrder, "purchase",
          EventType.viewedPage, "page_viewed");

  private static final Map<String, EventType> BY_NAME =
      Arrays.stream(EventType.values())
          .collect(Collectors.toUnmodifiableMap(EventMapper::name, t -> t));

  private EventMapper() {}

  /** The dialect's name of a core event type. */
  public static String name(EventType type) {
    String special = SPECIAL.get(type);
    return special != null ? special : snake(type.name());
  }

  /** The dialect's name of a core type's wire spelling (snake_case of an unknown one). */
  public static String name(String coreType) {
    EventType t = EventType.parse(coreType);
    return t != null ? name(t) : snake(coreType);
  }

  /** The core type of a dialect name, or null when none has it. */
  public static EventType type(String name) {
    return name == null ? null : BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
  }

  /** The dialect's type names, sorted (for the 400 of an unknown one). */
  public static String names() {
    return BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", "));
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The event object of {@code e} for the view's customer {@code customerId}. */
  public static CustomerEvent event(EventResponse e, String customerId) {
    JsonNode properties = e.properties() == null ? missing() : e.properties();
    JsonNode context = e.contextInfo() == null ? missing() : e.contextInfo();
    return new CustomerEvent(
        e.id().toString(),
        customerId,
        name(e.type()),
        channel(e.type(), e.context(), properties, context),
        firstText(properties.path("campaignId"), context.path("campaignId")),
        firstText(properties.path("workflowId"), properties.path("extended").path("workflowId")),
        metadata(properties, e.tracking()),
        e.date());
  }

  /** The channel rule of the class comment. */
  static String channel(String type, String context, JsonNode properties, JsonNode contextInfo) {
    String named = channelName(properties.path("channel"));
    if (named == null) {
      named = channelName(contextInfo.path("channel"));
    }
    if (named != null) {
      return named;
    }
    if (type != null && type.startsWith("campaign")) {
      return EMAIL;
    }
    return "WEB".equals(context) || "ECOMMERCE".equals(context) ? WEB : null;
  }

  private static String channelName(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    return switch (value.textValue().strip().toUpperCase(Locale.ROOT)) {
      case "EMAIL", "E-MAIL", "MAIL" -> EMAIL;
      case "SMS" -> SMS;
      case "PUSH" -> PUSH;
      case "WEB" -> WEB;
      default -> null;
    };
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode c : candidates) {
      if (c.isTextual() && !c.textValue().isBlank()) {
        return c.textValue();
      }
      if (c.isNumber()) {
        return c.asText();
      }
    }
    return null;
  }

  /** Properties plus the tracking's {@code utm_*} leaves the properties do not hold. */
  static ObjectNode metadata(JsonNode properties, JsonNode tracking) {
    ObjectNode out =
        properties.isObject()
            ? ((ObjectNode) properties).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> utm = new HashMap<>();
    collectUtm(tracking, utm);
    utm.forEach(
        (k, v) -> {
          if (!out.has(k)) {
            out.set(k, v);
          }
        });
    return out;
  }

  private static void collectUtm(JsonNode node, Map<String, JsonNode> out) {
    if (node == null || !node.isObject()) {
      return;
    }
    node.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isObject()) {
                collectUtm(f.getValue(), out);
              } else if (f.getKey().startsWith("utm_") && !f.getValue().isNull()) {
                out.putIfAbsent(f.getKey(), f.getValue());
              }
            });
  }

  private static JsonNode missing() {
    return JsonNodeFactory.instance.missingNode();
  }
}
