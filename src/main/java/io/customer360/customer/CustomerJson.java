package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.identity.UnifiedCustomer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one wire rendering of an entry customer (issue 14, item 2), used by GET, the node's customer
 * list, export, the change-log row and every other place a customer leaves the service.
 *
 * <p>The shape is the full one the Contacthub clients read (spec §2; issue 13, fault 25): {@code
 * id, intId, nodeId, externalId, base, consents, extended, extra, tags, enabled, registeredAt,
 * updatedAt, version, deleted, sourceInfo}; {@code base} always carries its 18 properties, unset
 * scalars and objects as {@code null}, unset collections as {@code []}; a present {@code
 * base.contacts} carries its four strings and two arrays; a present {@code tags} both arrays.
 * Timestamps are ISO-8601 UTC with millisecond precision and {@code Z}. Requests may still omit
 * anything: the stored document keeps only what the client sent.
 */
public final class CustomerJson {

  /** ISO-8601 UTC, milliseconds, {@code Z}: the one timestamp format on the wire. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

  static final List<String> BASE_COLLECTIONS =
      List.of("educations", "likes", "jobs", "subscriptions");

  /** The base properties in the order they are rendered. */
  static final List<String> BASE_ORDER =
      List.of(
          "pictureUrl",
          "title",
          "prefix",
          "firstName",
          "lastName",
          "middleName",
          "gender",
          "dob",
          "locale",
          "timezone",
          "contacts",
          "address",
          "credential",
          "educations",
          "likes",
          "socialProfile",
          "jobs",
          "subscriptions");

  static final List<String> CONTACT_STRINGS = List.of("email", "fax", "mobilePhone", "phone");
  static final List<String> CONTACT_ARRAYS = List.of("otherContacts", "mobileDevices");
  static final List<String> TAG_ARRAYS = List.of("auto", "manual");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CustomerJson() {}

  /** The customer's API JSON. */
  public static ObjectNode render(Customer c) {
    ObjectNode out = JSON.objectNode();
    out.put("id", c.id().toString());
    out.put("intId", c.intId());
    out.put("nodeId", c.nodeId().toString());
    out.put("externalId", c.externalId());
    out.set("base", base(c.document().get("base")));
    out.set("consents", orNull(c.document().get("consents")));
    out.set("extended", orNull(c.document().get("extended")));
    out.set("extra", orNull(c.document().get("extra")));
    out.set("tags", tags(c.document().get("tags")));
    out.put("enabled", c.enabled());
    out.put("registeredAt", timestamp(c.registeredAt()));
    out.put("updatedAt", timestamp(c.updatedAt()));
    out.put("version", c.version());
    out.put("deleted", c.deleted());
    out.set("sourceInfo", orNull(c.sourceInfo()));
    return out;
  }

  /**
   * A unified customer's API JSON: the same full shape, {@code nodeId} being the aggregate node; it
   * has no {@code sourceInfo} (null) and is never deleted.
   */
  public static ObjectNode render(UnifiedCustomer u) {
    return render(
        new Customer(
            u.id(),
            u.intId(),
            u.workspaceId(),
            u.nodeId(),
            u.externalId(),
            null,
            u.document(),
            u.enabled(),
            u.registeredAt(),
            u.updatedAt(),
            u.version(),
            0,
            null));
  }

  /** ISO-8601 UTC with milliseconds and Z; null stays null. */
  public static String timestamp(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(TIMESTAMP);
  }

  /** Now, at the precision the wire shows (milliseconds), so a stored time renders exactly. */
  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  private static ObjectNode base(JsonNode stored) {
    ObjectNode in = stored instanceof ObjectNode o ? o : JSON.objectNode();
    ObjectNode out = JSON.objectNode();
    for (String name : BASE_ORDER) {
      JsonNode v = in.get(name);
      if (BASE_COLLECTIONS.contains(name)) {
        out.set(name, v != null && v.isArray() ? v : JSON.arrayNode());
      } else if (name.equals("contacts")) {
        out.set(name, contacts(v));
      } else {
        out.set(name, orNull(v));
      }
    }
    in.fields().forEachRemaining(e -> out.putIfAbsent(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonNode contacts(JsonNode stored) {
    if (!(stored instanceof ObjectNode in)) {
      return JSON.nullNode();
    }
    return complete(in, CONTACT_STRINGS, CONTACT_ARRAYS);
  }

  private static JsonNode tags(JsonNode stored) {
    if (!(stored instanceof ObjectNode in)) {
      return JSON.nullNode();
    }
    return complete(in, List.of(), TAG_ARRAYS);
  }

  /** {@code in} with the missing {@code scalars} as null and missing {@code arrays} as []. */
  private static ObjectNode complete(ObjectNode in, List<String> scalars, List<String> arrays) {
    ObjectNode out = JSON.objectNode();
    scalars.forEach(k -> out.set(k, orNull(in.get(k))));
    arrays.forEach(
        k -> out.set(k, in.get(k) != null && in.get(k).isArray() ? in.get(k) : JSON.arrayNode()));
    in.fields().forEachRemaining(e -> out.putIfAbsent(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonNode orNull(JsonNode v) {
    return v == null ? JSON.nullNode() : v;
  }
}
