package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.customer360.common.FieldError;
import io.customer360.event.EventRequests.BringBack;
import io.customer360.event.EventRequests.BringBackType;
import io.customer360.event.EventRequests.EventDraft;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks an event body without touching the database: shape, enums, the type's and context's
 * schemas, the workspace's extended properties, the payload size and disabled types. Consent and
 * the customer are checked later, once the customer is known.
 */
public final class EventValidator {

  /** Every field of the Event object; system fields are accepted and ignored on input. */
  static final Set<String> FIELDS =
      Set.of(
          "id",
          "customerId",
          "bringBackProperties",
          "type",
          "properties",
          "context",
          "contextInfo",
          "date",
          "origin",
          "prev",
          "next",
          "tracking",
          "registeredAt",
          "updatedAt",
          "version");

  private static final Schema TRACKING =
      com.networknt.schema.SchemaRegistry.withDefaultDialect(
              com.networknt.schema.SpecificationVersion.DRAFT_7)
          .getSchema(
              "{\"type\":\"object\",\"properties\":{\"ga\":{\"type\":[\"object\",\"null\"],"
                  + "\"properties\":{\"utm_source\":{\"type\":\"string\"},"
                  + "\"utm_medium\":{\"type\":\"string\"},\"utm_term\":{\"type\":\"string\"},"
                  + "\"utm_content\":{\"type\":\"string\"},"
                  + "\"utm_campaign\":{\"type\":\"string\"}}}}}");

  /** The outcome: a draft, or the rejection (invalid, too large, disabled type). */
  public record Outcome(EventDraft draft, EventRejection rejection) {

    static Outcome ok(EventDraft d) {
      return new Outcome(d, null);
    }

    static Outcome rejected(EventRejection r) {
      return new Outcome(null, r);
    }

    public boolean valid() {
      return draft != null;
    }

    /** The draft, or fails with the rejection. */
    public EventDraft orFail() {
      if (draft != null) {
        return draft;
      }
      throw rejection.failure();
    }
  }

  private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private EventValidator() {}

  private static OffsetDateTime date() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  /**
   * Validates a create body. {@code bytes} is its serialised size. {@code requireTarget} asks for
   * exactly one of customerId and bringBackProperties (create); a replaced or patched event keeps
   * its own.
   */
  public static Outcome check(
      JsonNode body, int bytes, EventPolicies policies, boolean requireTarget) {
    if (body == null || !body.isObject()) {
      return Outcome.rejected(EventRejection.invalid("body", "must be a JSON object"));
    }
    List<FieldError> errors = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                errors.add(new FieldError(f, "is not a field of an event"));
              }
            });

    EventType type = null;
    JsonNode t = body.get("type");
    if (t == null || t.isNull()) {
      errors.add(new FieldError("type", "must not be null"));
    } else if ((type = t.isTextual() ? EventType.parse(t.asText()) : null) == null) {
      errors.add(new FieldError("type", "must be one of " + Arrays.toString(EventType.values())));
    }
    if (type != null && bytes > policies.maxBytes(type)) {
      return Outcome.rejected(
          EventRejection.of(
              EventRejection.Kind.TOO_LARGE,
              "Payload too large: at most " + policies.maxBytes(type) + " bytes for " + type,
              new FieldError(
                  "body", "must not exceed " + policies.maxBytes(type) + " bytes for " + type)));
    }

    EventContext context = null;
    JsonNode c = body.get("context");
    if (c == null || c.isNull()) {
      errors.add(new FieldError("context", "must not be null"));
    } else if ((context = c.isTextual() ? parseContext(c.asText()) : null) == null) {
      errors.add(
          new FieldError("context", "must be one of " + Arrays.toString(EventContext.values())));
    }

    ObjectNode properties = null;
    JsonNode p = body.get("properties");
    if (p == null || p.isNull()) {
      errors.add(new FieldError("properties", "must not be null"));
    } else if (!p.isObject()) {
      errors.add(new FieldError("properties", "must be an object"));
    } else {
      properties = (ObjectNode) p;
      if (type != null) {
        schemaErrors(EventSchemas.compiledProperties(type), properties, "properties", errors);
        JsonNode extended = properties.get("extended");
        Schema extendedSchema = EventSchemas.compiledExtended(policies.extendedProperties(type));
        if (extendedSchema != null && extended != null && extended.isObject()) {
          schemaErrors(extendedSchema, extended, "properties.extended", errors);
        }
        productsExtended(properties, policies, errors);
      }
    }

    ObjectNode contextInfo = objectOrNull(body, "contextInfo", errors);
    if (contextInfo != null && context != null) {
      schemaErrors(EventSchemas.compiledContext(context), contextInfo, "contextInfo", errors);
    }
    ObjectNode tracking = objectOrNull(body, "tracking", errors);
    if (tracking != null) {
      schemaErrors(TRACKING, tracking, "tracking", errors);
    }

    OffsetDateTime date = OffsetDateTime.now(ZoneOffset.UTC);
    JsonNode d = body.get("date");
    if (d != null && !d.isNull()) {
      date = parseDate(d, "date", errors);
      // every month holds a partition: keep dates to a sane range
      if (date != null && (date.isBefore(EARLIEST) || date.isAfter(date().plusYears(1)))) {
        errors.add(new FieldError("date", "must be between 1970-01-01 and one year from now"));
      }
    }

    UUID customerId = null;
    JsonNode cid = body.get("customerId");
    if (cid != null && !cid.isNull()) {
      customerId = uuid(cid, "customerId", errors);
    }
    BringBack bringBack = null;
    JsonNode bb = body.get("bringBackProperties");
    if (bb != null && !bb.isNull()) {
      bringBack = bringBack(bb, errors);
    }
    if (requireTarget) {
      boolean hasCustomer = cid != null && !cid.isNull();
      boolean hasBringBack = bb != null && !bb.isNull();
      if (hasCustomer && hasBringBack) {
        errors.add(
            new FieldError("customerId", "must not be given together with bringBackProperties"));
      } else if (!hasCustomer && !hasBringBack) {
        errors.add(
            new FieldError("customerId", "one of customerId or bringBackProperties is required"));
      }
    }

    if (!errors.isEmpty()) {
      return Outcome.rejected(EventRejection.invalid(errors));
    }
    if (policies.isDisabled(type)) {
      return Outcome.rejected(
          EventRejection.of(
              EventRejection.Kind.UNPROCESSABLE,
              "The event type " + type + " is disabled in this workspace",
              new FieldError("type", "event type " + type + " is disabled")));
    }
    return Outcome.ok(
        new EventDraft(
            type, context, properties, contextInfo, tracking, date, customerId, bringBack));
  }

  /**
   * Each {@code properties.products[i].extended} object (orders and carts list their products)
   * against the products' extended-property schema (E11/E12), when the workspace declared one; the
   * built-in schema has already refused a non-object. Paths name the item the way the built-in
   * schema's errors do ({@code properties.products.1.extended.color}). A product event's own {@code
   * properties.extended} stays its event type's (E5/E6).
   */
  private static void productsExtended(
      ObjectNode properties, EventPolicies policies, List<FieldError> errors) {
    JsonNode products = properties.get("products");
    if (products == null || !products.isArray() || products.isEmpty()) {
      return;
    }
    Schema schema = EventSchemas.compiledExtended(policies.productExtendedProperties());
    if (schema == null) {
      return;
    }
    for (int i = 0; i < products.size(); i++) {
      JsonNode extended = products.get(i).get("extended");
      if (extended != null && extended.isObject()) {
        schemaErrors(schema, extended, "properties.products." + i + ".extended", errors);
      }
    }
  }

  static EventContext parseContext(String value) {
    try {
      return EventContext.valueOf(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static OffsetDateTime parseDate(JsonNode d, String path, List<FieldError> errors) {
    if (d.isTextual()) {
      try {
        return OffsetDateTime.parse(d.asText()).withOffsetSameInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    errors.add(new FieldError(path, "must be an ISO-8601 date-time with an offset"));
    return null;
  }

  private static UUID uuid(JsonNode n, String path, List<FieldError> errors) {
    if (n.isTextual()) {
      try {
        return UUID.fromString(n.asText());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    errors.add(new FieldError(path, "must be a UUID"));
    return null;
  }

  private static BringBack bringBack(JsonNode bb, List<FieldError> errors) {
    if (!bb.isObject()) {
      errors.add(new FieldError("bringBackProperties", "must be an object"));
      return null;
    }
    int before = errors.size();
    bb.fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("type", "value", "nodeId").contains(f)) {
                errors.add(
                    new FieldError("bringBackProperties." + f, "is not a bring-back property"));
              }
            });
    BringBackType type = BringBackType.SESSION_ID;
    JsonNode t = bb.get("type");
    if (t != null && !t.isNull()) {
      try {
        type = BringBackType.valueOf(t.asText());
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "bringBackProperties.type",
                "must be one of " + Arrays.toString(BringBackType.values())));
      }
    }
    JsonNode v = bb.get("value");
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      errors.add(new FieldError("bringBackProperties.value", "must be a non-blank string"));
    } else if (v.asText().length() > 255) {
      errors.add(new FieldError("bringBackProperties.value", "must be at most 255 characters"));
    }
    // an omitted nodeId means the caller's only entry node; the ingest service resolves it
    JsonNode n = bb.get("nodeId");
    UUID nodeId = n == null || n.isNull() ? null : uuid(n, "bringBackProperties.nodeId", errors);
    return errors.size() == before ? new BringBack(type, v.asText(), nodeId) : null;
  }

  private static ObjectNode objectOrNull(JsonNode body, String field, List<FieldError> errors) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      errors.add(new FieldError(field, "must be an object"));
      return null;
    }
    return (ObjectNode) n;
  }

  /** Runs a compiled schema and names each failure by its JSON path under {@code root}. */
  static void schemaErrors(Schema schema, JsonNode value, String root, List<FieldError> errors) {
    for (Error e : schema.validate(value)) {
      errors.add(new FieldError(path(root, e), rule(e)));
    }
  }

  private static String path(String root, Error e) {
    String location = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    if (location.startsWith("$")) {
      location = location.substring(1);
    }
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      location = location + "." + e.getProperty();
    } else if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      location = location + "." + e.getProperty();
    }
    if (location.startsWith("/")) {
      location = location.substring(1).replace('/', '.');
      location = location.isEmpty() ? "" : "." + location;
    }
    return root + location;
  }

  private static String rule(Error e) {
    String m = e.getMessage();
    int colon = m == null ? -1 : m.indexOf(": ");
    if (m != null && m.startsWith("$") && colon > 0) {
      m = m.substring(colon + 2);
    }
    return m == null ? e.getKeyword() : m;
  }
}
