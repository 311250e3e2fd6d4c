package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in JSON schemas of event {@code properties} (per type) and {@code contextInfo} (per
 * context), written from the Contacthub plan models. They type what the models name and stay open
 * (additional properties allowed) elsewhere. Compiled schemas are cached: the built-in ones once,
 * the workspaces' extended-property schemas by their text.
 */
public final class EventSchemas {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private static final Map<EventType, ObjectNode> PROPERTIES = new EnumMap<>(EventType.class);
  private static final Map<EventContext, ObjectNode> CONTEXTS = new EnumMap<>(EventContext.class);
  private static final Map<EventType, Schema> COMPILED_PROPERTIES = new EnumMap<>(EventType.class);
  private static final Map<EventContext, Schema> COMPILED_CONTEXTS =
      new EnumMap<>(EventContext.class);
  private static final Map<String, Schema> COMPILED_EXTENDED = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_EXTENDED = 5_000;

  static {
    for (EventType t : EventType.values()) {
      PROPERTIES.put(t, propertiesOf(t));
      COMPILED_PROPERTIES.put(t, REGISTRY.getSchema(PROPERTIES.get(t)));
    }
    for (EventContext c : EventContext.values()) {
      CONTEXTS.put(c, contextOf(c));
      COMPILED_CONTEXTS.put(c, REGISTRY.getSchema(CONTEXTS.get(c)));
    }
  }

  private EventSchemas() {}

  /** The schema of a type's {@code properties} (E4), a copy the caller may change. */
  public static ObjectNode properties(EventType type) {
    return PROPERTIES.get(type).deepCopy();
  }

  public static ObjectNode context(EventContext context) {
    return CONTEXTS.get(context).deepCopy();
  }

  static Schema compiledProperties(EventType type) {
    return COMPILED_PROPERTIES.get(type);
  }

  static Schema compiledContext(EventContext context) {
    return COMPILED_CONTEXTS.get(context);
  }

  /**
   * The compiled schema of an {@code extended} object for a workspace's extended-property map: an
   * event type's (E5/E6, {@code properties.extended}) or the products' (E11/E12, {@code
   * properties.products[].extended}); null when the workspace declared none, so extended values
   * stay free.
   */
  static Schema compiledExtended(JsonNode extendedProperties) {
    if (extendedProperties == null
        || !extendedProperties.isObject()
        || extendedProperties.isEmpty()) {
      return null;
    }
    String key = extendedProperties.toString();
    Schema cached = COMPILED_EXTENDED.get(key);
    if (cached != null) {
      return cached;
    }
    if (COMPILED_EXTENDED.size() > MAX_CACHED_EXTENDED) {
      COMPILED_EXTENDED.clear();
    }
    Schema compiled = REGISTRY.getSchema(extendedSchema(extendedProperties));
    COMPILED_EXTENDED.put(key, compiled);
    return compiled;
  }

  /**
   * Turns the stored extended-property map into a plain JSON schema: Contactlab's own keywords are
   * dropped, {@code contactlabProperties.maxLength} bounds strings, disabled properties are
   * refused.
   */
  static ObjectNode extendedSchema(JsonNode extendedProperties) {
    ObjectNode props = F.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = extendedProperties.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode def = e.getValue();
      JsonNode cl = def.path("contactlabProperties");
      if (!cl.path("enabled").asBoolean(true)) {
        continue;
      }
      ObjectNode s = ((ObjectNode) def).deepCopy();
      s.remove("contactlabProperties");
      String type = s.path("type").asText("");
      if (type.equals("string") && cl.has("maxLength") && !s.has("maxLength")) {
        s.put("maxLength", cl.get("maxLength").asInt());
      }
      props.set(e.getKey(), s);
    }
    return object(props).put("additionalProperties", false);
  }

  // --- building blocks ------------------------------------------------------------------------

  private static ObjectNode type(String t) {
    return F.objectNode().put("type", t);
  }

  private static ObjectNode str() {
    return type("string");
  }

  private static ObjectNode num() {
    return type("number");
  }

  private static ObjectNode integer() {
    return type("integer");
  }

  private static ObjectNode dateTime() {
    return str().put("format", "date-time");
  }

  private static ObjectNode arrayOf(ObjectNode items) {
    ObjectNode a = type("array");
    a.set("items", items);
    return a;
  }

  private static ObjectNode object(ObjectNode properties) {
    ObjectNode o = type("object");
    o.set("properties", properties);
    o.put("additionalProperties", true);
    return o;
  }

  /** An open object from alternating name, schema pairs. */
  private static ObjectNode obj(Object... namesAndSchemas) {
    ObjectNode props = F.objectNode();
    for (int i = 0; i < namesAndSchemas.length; i += 2) {
      props.set((String) namesAndSchemas[i], (JsonNode) namesAndSchemas[i + 1]);
    }
    return object(props);
  }

  private static ObjectNode withExtended(ObjectNode schema) {
    ((ObjectNode) schema.get("properties")).set("extended", type("object"));
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    return schema;
  }

  private static ObjectNode product() {
    return obj(
        "id", str(),
        "sku", str(),
        "name", str(),
        "price", num(),
        "subtotal", num(),
        "quantity", integer(),
        "discount", num(),
        "tax", num(),
        "coupon", str(),
        "type", str(),
        "category", arrayOf(str()),
        "linkUrl", str(),
        "imageUrl", str(),
        "shortDescription", str());
  }

  private static ObjectNode amount() {
    return obj(
        "local", obj("exchangeRate", num(), "currency", str()),
        "total", num(),
        "revenue", num(),
        "shipping", num(),
        "tax", num(),
        "discount", num());
  }

  private static ObjectNode order() {
    return obj(
        "orderId", str(),
        "type", F.objectNode().put("type", "string").set("enum", enumOf("sale", "return")),
        "storeCode", str(),
        "paymentMethod", str(),
        "amount", amount(),
        "products", arrayOf(listedProduct()));
  }

  /**
   * A product in an order's or cart's {@code products} list: its extended values, under {@code
   * extended}, follow the products' extended-property schema (E11/E12).
   */
  private static ObjectNode listedProduct() {
    ObjectNode p = product();
    ((ObjectNode) p.get("properties")).set("extended", type("object"));
    return p;
  }

  private static ArrayNode enumOf(String... values) {
    ArrayNode a = F.arrayNode();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  private static ObjectNode campaign() {
    return obj(
        "subscriberId", str(),
        "campaignId", str(),
        "campaignName", str(),
        "campaignSubject", str(),
        "campaignTags", arrayOf(str()),
        "channel", str(),
        "linkUrl", str());
  }

  private static ObjectNode attendance() {
    return obj(
        "eventId", str(),
        "eventName", str(),
        "eventDate", dateTime(),
        "eventLocation", str(),
        "eventType", str());
  }

  private static ObjectNode ticket() {
    return obj(
        "ticketId", str(),
        "subject", str(),
        "text", str(),
        "category", arrayOf(str()),
        "priority", str());
  }

  private static ObjectNode propertiesOf(EventType t) {
    ObjectNode schema =
        switch (t) {
          case viewedPage -> obj("url", str(), "title", str(), "path", str(), "referer", str());
          case viewedProduct,
                  addedProduct,
                  removedProduct,
                  addedWishlist,
                  removedWishlist,
                  addedCompare,
                  removedCompare ->
              product();
          case reviewedProduct -> {
            ObjectNode p = product();
            ((ObjectNode) p.get("properties"))
                .set("review", obj("title", str(), "text", str(), "rating", num()));
            yield p;
          }
          case viewedProductCategory -> obj("category", arrayOf(str()));
          case searched -> obj("keyword", str(), "resultsCount", integer());
          case completedOrder, orderShipped -> order();
          case abandonedCart -> {
            ObjectNode p = order();
            ((ObjectNode) p.get("properties")).set("cartId", str());
            yield p;
          }
          case abandonedSession -> obj("lastVisitedPage", str(), "duration", integer());
          case campaignBlacklisted,
                  campaignBounced,
                  campaignLinkClicked,
                  campaignMarkedSpam,
                  campaignOpened,
                  campaignOptinRequested,
                  campaignSent,
                  campaignSubscribed,
                  campaignUnsubscribed ->
              campaign();
          case clickedLink -> obj("url", str(), "title", str());
          case changedSetting -> obj("setting", str(), "oldValue", str(), "newValue", str());
          case openedTicket, closedTicket, repliedTicket -> ticket();
          case eventConfirmed,
                  eventDeclined,
                  eventEligible,
                  eventInvited,
                  eventNoShow,
                  eventNotInvited,
                  eventParticipated,
                  eventRegistered ->
              attendance();
          case formCompiled -> obj("formId", str(), "formName", str(), "fields", type("object"));
          case surveyCompiled -> obj("surveyId", str(), "surveyName", str(), "score", num());
          case grantedCoupon ->
              obj("couponCode", str(), "couponId", str(), "value", num(), "expiresAt", dateTime());
          case addedReward, removedReward ->
              obj("rewardId", str(), "rewardName", str(), "points", num());
          case serviceSubscribed, serviceUnsubscribed ->
              obj(
                  "serviceId", str(),
                  "serviceName", str(),
                  "serviceType", str(),
                  "startDate", dateTime(),
                  "endDate", dateTime());
          case loggedIn, loggedOut -> obj("username", str(), "method", str());
          case genericActiveEvent, genericPassiveEvent -> obj("name", str());
        };
    return withExtended(schema);
  }

  private static ObjectNode contextOf(EventContext c) {
    ObjectNode client = obj("userAgent", str(), "ip", str());
    ObjectNode schema =
        switch (c) {
          case WEB ->
              obj(
                  "client", client,
                  "user", obj("id", str()),
                  "page", obj("url", str(), "title", str(), "referrer", str()));
          case MOBILE ->
              obj(
                  "client", client,
                  "device",
                      obj("identifier", str(), "model", str(), "os", str(), "osVersion", str()),
                  "app", obj("id", str(), "name", str(), "version", str()));
          case ECOMMERCE ->
              obj("client", client, "store", obj("id", str(), "name", str(), "website", str()));
          case RETAIL ->
              obj(
                  "store",
                  obj("id", str(), "name", str(), "type", str(), "address", type("object")),
                  "salesAssistant",
                  obj("id", str(), "name", str()));
          case SOCIAL -> obj("network", str(), "userId", str(), "postUrl", str());
          case DIGITAL_CAMPAIGN ->
              obj("campaignId", str(), "campaignName", str(), "channel", str());
          case CONTACT_CENTER -> obj("operatorId", str(), "callId", str(), "channel", str());
          case IOT -> obj("deviceId", str(), "deviceType", str());
          case OTHER -> obj();
        };
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    return schema;
  }
}
