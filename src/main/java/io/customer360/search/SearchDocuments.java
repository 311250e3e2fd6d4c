package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.customer.Customer;
import io.customer360.customer.CustomerJson;
import io.customer360.identity.UnifiedCustomer;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the Elasticsearch documents from PostgreSQL rows (pure functions; the contract is
 * SearchMappings). A customer document holds the system fields, {@code base}, {@code consents},
 * {@code tags} of the customer as the API renders it (CustomerJson), {@code extended} as typed
 * values of the properties the workspace's extended-properties schema marks {@code indexed: true},
 * and {@code folded} names, e-mail and phone (lowercase, accents removed) for prefix search, {@code
 * extendedSource} (the whole {@code extended} object as rendered, stored but not indexed), {@code
 * activity} (the summary of the customer's events, see {@link Activity}) and {@code pushDevice}
 * (see {@link #pushDevice}). {@code extra} and {@code base.credential.password} are never put in a
 * document.
 */
public final class SearchDocuments {

  /** Customer document kinds. */
  public static final String ENTRY = "ENTRY";

  public static final String UNIFIED = "UNIFIED";

  /**
   * Most typed values one document carries (Elasticsearch refuses more than 10,000 nested objects
   * per document); the rest are left out of the index.
   */
  static final int MAX_TYPED_VALUES = 2000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern DATE_LIKE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}.*");

  /** An event row as the indexer reads it. */
  public record EventRow(
      UUID id,
      UUID workspaceId,
      UUID nodeId,
      UUID customerId,
      String type,
      String context,
      String mode,
      OffsetDateTime date,
      OffsetDateTime registeredAt,
      OffsetDateTime updatedAt,
      int version,
      JsonNode properties) {}

  /**
   * The activity summary of a customer's events (for a unified customer: of its members' events),
   * written as {@code activity: {lastEventAt, lifetimeValue, eventCount}}.
   *
   * @param lastEventAt the {@code date} of the newest event, null when there is none
   * @param lifetimeValue the sum of {@code properties.amount.total} (numbers only) over the
   *     completedOrder events (spec customer360-api.md "Customer profile object": the sum of the
   *     completed orders), null when there is none with a total
   * @param eventCount how many events
   */
  public record Activity(OffsetDateTime lastEventAt, BigDecimal lifetimeValue, long eventCount) {

    /** No events. */
    public static final Activity NONE = new Activity(null, null, 0);

    /** The summary over two sets of events (newest date, sum of values, sum of counts). */
    public Activity plus(Activity other) {
      if (other == null || other.eventCount == 0 && other.lifetimeValue == null) {
        return this;
      }
      OffsetDateTime last =
          lastEventAt == null || other.lastEventAt != null && other.lastEventAt.isAfter(lastEventAt)
              ? other.lastEventAt
              : lastEventAt;
      BigDecimal value =
          lifetimeValue == null
              ? other.lifetimeValue
              : other.lifetimeValue == null
                  ? lifetimeValue
                  : lifetimeValue.add(other.lifetimeValue);
      return new Activity(last, value, eventCount + other.eventCount);
    }

    /** The summary over the events of several customers (members of a unified customer). */
    public static Activity of(List<UUID> customerIds, Map<UUID, Activity> byCustomer) {
      Activity sum = NONE;
      for (UUID id : customerIds) {
        sum = sum.plus(byCustomer.get(id));
      }
      return sum;
    }

    ObjectNode json() {
      ObjectNode out = JSON.objectNode();
      out.put("lastEventAt", CustomerJson.timestamp(lastEventAt));
      if (lifetimeValue == null) {
        out.putNull("lifetimeValue");
      } else {
        out.put("lifetimeValue", lifetimeValue.doubleValue());
      }
      out.put("eventCount", eventCount);
      return out;
    }
  }

  private SearchDocuments() {}

  /**
   * The document of an entry customer without events; {@code version} is the customer's version.
   */
  public static ObjectNode entry(Customer c, JsonNode extendedSchema) {
    return entry(c, extendedSchema, Activity.NONE);
  }

  /**
   * The document of an entry customer with the summary of its events; {@code version} is the
   * customer's version.
   */
  public static ObjectNode entry(Customer c, JsonNode extendedSchema, Activity activity) {
    return customer(
        CustomerJson.render(c),
        c.workspaceId(),
        ENTRY,
        List.of(c.id()),
        c.version(),
        extendedSchema,
        activity);
  }

  /**
   * The document of a unified customer: its merged document as the API renders it, {@code nodeId}
   * the aggregate node, {@code memberIds} its entry customers, {@code version} the given one (the
   * newest update in microseconds over the unified row and its members, see {@link #micros}).
   */
  public static ObjectNode unified(
      UnifiedCustomer u, List<UUID> memberIds, long version, JsonNode extendedSchema) {
    return unified(u, memberIds, version, extendedSchema, Activity.NONE);
  }

  /**
   * The document of a unified customer (see {@link #unified(UnifiedCustomer, List, long,
   * JsonNode)}) with the summary of its members' events.
   */
  public static ObjectNode unified(
      UnifiedCustomer u,
      List<UUID> memberIds,
      long version,
      JsonNode extendedSchema,
      Activity activity) {
    return customer(
        CustomerJson.render(u),
        u.workspaceId(),
        UNIFIED,
        memberIds,
        version,
        extendedSchema,
        activity);
  }

  /** A timestamp as microseconds since the epoch (the version of a unified customer document). */
  public static long micros(OffsetDateTime t) {
    return t == null ? 0 : ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t.toInstant());
  }

  private static ObjectNode customer(
      ObjectNode rendered,
      UUID workspaceId,
      String kind,
      List<UUID> memberIds,
      long version,
      JsonNode extendedSchema,
      Activity activity) {
    ObjectNode doc = JSON.objectNode();
    doc.put("id", rendered.path("id").asText());
    doc.put("workspaceId", workspaceId.toString());
    doc.put("nodeId", rendered.path("nodeId").asText());
    doc.put("kind", kind);
    ArrayNode members = doc.putArray("memberIds");
    memberIds.forEach(m -> members.add(m.toString()));
    doc.set("externalId", rendered.path("externalId"));
    doc.set("intId", rendered.path("intId"));
    doc.set("enabled", rendered.path("enabled"));
    doc.set("registeredAt", rendered.path("registeredAt"));
    doc.set("updatedAt", rendered.path("updatedAt"));
    doc.put("version", version);
    doc.set("deleted", rendered.path("deleted"));
    JsonNode base = rendered.path("base");
    if (base instanceof ObjectNode b) {
      ObjectNode copy = b.deepCopy();
      if (copy.path("credential") instanceof ObjectNode credential) {
        credential.remove("password");
      }
      doc.set("base", copy);
    } else {
      doc.putNull("base");
    }
    doc.set("consents", rendered.path("consents").deepCopy());
    doc.set("tags", rendered.path("tags").deepCopy());
    doc.set("extended", extended(rendered.path("extended"), extendedSchema));
    JsonNode extendedSource = rendered.path("extended");
    doc.set(
        "extendedSource",
        extendedSource.isObject() ? extendedSource.deepCopy() : JSON.objectNode());
    doc.set("activity", (activity == null ? Activity.NONE : activity).json());
    doc.put("pushDevice", pushDevice(base));
    ObjectNode folded = doc.putObject("folded");
    putFolded(folded, "firstName", base.path("firstName"));
    putFolded(folded, "lastName", base.path("lastName"));
    putFolded(folded, "email", base.path("contacts").path("email"));
    putFolded(folded, "phone", base.path("contacts").path("phone"));
    return doc;
  }

  /**
   * Whether the customer has at least one mobile device that can receive push notifications: an
   * entry of {@code base.contacts.mobileDevices} with a non-blank {@code identifier} (the device's
   * push token) and a {@code notificationService} (APN, GCM, WNS, ADM or SNS: the service that
   * delivers to it; spec contacthub-api.md §2, MobileDevice). Precomputed because mobileDevices is
   * a plain object array in the index, which cannot tell whether both fields sit in one entry.
   */
  static boolean pushDevice(JsonNode base) {
    for (JsonNode d : base.path("contacts").path("mobileDevices")) {
      if (!d.path("identifier").asText("").isBlank()
          && !d.path("notificationService").asText("").isBlank()) {
        return true;
      }
    }
    return false;
  }

  /** The document of an event: its fields and every property as a typed value. */
  public static ObjectNode event(EventRow e) {
    ObjectNode doc = JSON.objectNode();
    doc.put("id", e.id().toString());
    doc.put("workspaceId", e.workspaceId().toString());
    doc.put("nodeId", e.nodeId().toString());
    doc.put("customerId", e.customerId() == null ? null : e.customerId().toString());
    doc.put("type", e.type());
    doc.put("context", e.context());
    doc.put("mode", e.mode());
    doc.put("date", CustomerJson.timestamp(e.date()));
    doc.put("registeredAt", CustomerJson.timestamp(e.registeredAt()));
    doc.put("updatedAt", CustomerJson.timestamp(e.updatedAt()));
    doc.put("version", e.version());
    ArrayNode values = JSON.arrayNode();
    if (e.properties() != null && e.properties().isObject()) {
      e.properties().fields().forEachRemaining(f -> typedValues(f.getKey(), f.getValue(), values));
    }
    doc.set("properties", values);
    return doc;
  }

  /**
   * The typed values of the extended properties whose schema entry says {@code
   * contactlabProperties.indexed: true}; the others are left out.
   */
  static ArrayNode extended(JsonNode extended, JsonNode schema) {
    ArrayNode values = JSON.arrayNode();
    if (!extended.isObject() || schema == null || !schema.isObject()) {
      return values;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = extended.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (schema.path(f.getKey()).path("contactlabProperties").path("indexed").asBoolean(false)) {
        typedValues(f.getKey(), f.getValue(), values);
      }
    }
    return values;
  }

  /**
   * Appends {@code {name, s|n|b|d}} entries for a value: a string gives {@code s} (and {@code d}
   * when it reads as an ISO date or date-time), a number {@code n}, a boolean {@code b}; an array
   * gives one entry per element, an object its properties under dotted names; null gives nothing.
   */
  static void typedValues(String name, JsonNode value, ArrayNode out) {
    if (out.size() >= MAX_TYPED_VALUES || value == null || value.isNull()) {
      return;
    }
    if (value.isArray()) {
      value.forEach(v -> typedValues(name, v, out));
    } else if (value.isObject()) {
      value.fields().forEachRemaining(f -> typedValues(name + "." + f.getKey(), f.getValue(), out));
    } else {
      ObjectNode entry = JSON.objectNode();
      entry.put("name", name);
      if (value.isNumber()) {
        entry.put("n", value.asDouble());
      } else if (value.isBoolean()) {
        entry.put("b", value.asBoolean());
      } else {
        String s = value.asText();
        entry.put("s", s);
        if (isDate(s)) {
          entry.put("d", s);
        }
      }
      out.add(entry);
    }
  }

  /** Whether a string is an ISO-8601 date, local date-time or offset date-time. */
  static boolean isDate(String s) {
    if (!DATE_LIKE.matcher(s).matches()) {
      return false;
    }
    try {
      if (s.length() == 10) {
        LocalDate.parse(s);
      } else if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        OffsetDateTime.parse(s);
      } else {
        LocalDateTime.parse(s);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Lowercase, Unicode NFD with the combining marks removed (accent folding); null stays null. */
  public static String fold(String s) {
    if (s == null) {
      return null;
    }
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
  }

  private static void putFolded(ObjectNode folded, String key, JsonNode value) {
    folded.put(key, value.isTextual() ? fold(value.asText()) : null);
  }
}
