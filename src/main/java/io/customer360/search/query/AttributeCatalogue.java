package io.customer360.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.search.query.Attribute.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes a customer query may name and their types, as the customer index maps them (the
 * Elasticsearch contract of issue 7): the base properties of spec §2, the consents, {@code
 * tags.auto}/{@code tags.manual}, the system fields and {@code extended.<name>} typed from the
 * workspace's customer extended-properties schema (P3/P4; only {@code indexed: true} properties are
 * searchable). Event attributes of a {@code did} clause: {@code type}, {@code context}, {@code
 * mode}, {@code date} and {@code properties.<dotted name>}.
 *
 * <p>{@code base.credential.password} is not searchable (it is not indexed) and {@code extra} has
 * no schema and is not indexed.
 */
public final class AttributeCatalogue {

  /** The leaf consents of spec §2, each {status, limitation, objection}. */
  static final List<String> CONSENTS =
      List.of(
          "marketing.traditional.telephonic",
          "marketing.traditional.papery",
          "marketing.automatic.sms",
          "marketing.automatic.email",
          "marketing.automatic.push",
          "marketing.automatic.im",
          "marketing.automatic.telephonic",
          "profiling.classic",
          "profiling.online",
          "softSpam.email",
          "softSpam.papery",
          "thirdPartyTransfer.profiling",
          "thirdPartyTransfer.marketing");

  /** Every fixed customer attribute (system, base, consents, tags), by path. */
  static final Map<String, Attribute> CUSTOMER = customerAttributes();

  /** The fixed event attributes of a {@code did} condition, by path. */
  static final Map<String, Attribute> EVENT =
      Map.of(
          "type", Attribute.field("type", Type.STRING),
          "context", Attribute.field("context", Type.STRING),
          "mode", Attribute.field("mode", Type.STRING),
          "date", Attribute.field("date", Type.DATE));

  /** Nested array of extended properties on the customer document. */
  public static final String EXTENDED = "extended";

  /** Nested array of event properties on the event document. */
  public static final String PROPERTIES = "properties";

  private AttributeCatalogue() {}

  /**
   * The customer attribute {@code path} names in a workspace with this extended-properties schema.
   *
   * @throws IllegalArgumentException with the rule when the attribute is unknown or not searchable
   */
  public static Attribute customer(String path, JsonNode extendedSchema) {
    Attribute fixed = CUSTOMER.get(path);
    if (fixed != null) {
      return fixed;
    }
    if (path.startsWith(EXTENDED + ".")) {
      return extended(path, path.substring(EXTENDED.length() + 1), extendedSchema);
    }
    throw new IllegalArgumentException(
        "is not a searchable attribute; use a system field (id, externalId, nodeId, intId,"
            + " enabled, registeredAt, updatedAt), base.*, consents.*, tags.auto, tags.manual or"
            + " extended.<indexed property>");
  }

  private static Attribute extended(String path, String name, JsonNode schema) {
    JsonNode def = schema == null ? null : schema.get(name);
    if (def == null || !def.isObject()) {
      throw new IllegalArgumentException(
          "is not a property of the workspace's customer extended-properties schema");
    }
    if (!def.path("contactlabProperties").path("indexed").asBoolean(false)) {
      throw new IllegalArgumentException(
          "is not indexed: set contactlabProperties.indexed in the extended-properties schema to"
              + " search it");
    }
    String type = def.path("type").asText("string");
    if (type.equals("array")) {
      type = def.path("items").path("type").asText("string");
    }
    Type t =
        switch (type) {
          case "number", "integer" -> Type.NUMBER;
          case "boolean" -> Type.BOOLEAN;
          default -> Type.STRING;
        };
    return Attribute.nested(path, t, EXTENDED, name);
  }

  /**
   * The event attribute {@code path} names in a {@code did} condition.
   *
   * @throws IllegalArgumentException with the rule when the attribute is unknown
   */
  public static Attribute event(String path) {
    Attribute fixed = EVENT.get(path);
    if (fixed != null) {
      return fixed;
    }
    String prefix = PROPERTIES + ".";
    if (path.startsWith(prefix) && path.length() > prefix.length() && !path.endsWith(".")) {
      return Attribute.nested(path, Type.ANY, PROPERTIES, path.substring(prefix.length()));
    }
    throw new IllegalArgumentException(
        "is not an event attribute; use type, context, mode, date or properties.<name>");
  }

  /** The sortable customer attribute {@code path} (every attribute but ANY ones). */
  public static Attribute sortable(String path, JsonNode extendedSchema) {
    return customer(path, extendedSchema);
  }

  private static Map<String, Attribute> customerAttributes() {
    Map<String, Attribute> m = new LinkedHashMap<>();
    put(m, Type.ID, "id", "nodeId");
    put(m, Type.STRING, "externalId");
    put(m, Type.NUMBER, "intId");
    put(m, Type.BOOLEAN, "enabled");
    put(m, Type.DATE, "registeredAt", "updatedAt");
    put(
        m,
        Type.STRING,
        "base.pictureUrl",
        "base.title",
        "base.prefix",
        "base.firstName",
        "base.lastName",
        "base.middleName",
        "base.gender",
        "base.locale",
        "base.timezone",
        "base.contacts.email",
        "base.contacts.fax",
        "base.contacts.mobilePhone",
        "base.contacts.phone",
        "base.address.street",
        "base.address.city",
        "base.address.country",
        "base.address.province",
        "base.address.region",
        "base.address.zip",
        "base.credential.username");
    put(m, Type.DATE, "base.dob");
    put(m, Type.NUMBER, "base.address.geo.lat", "base.address.geo.lon");
    prefixed(m, "base.contacts.otherContacts.", Type.STRING, "name", "type", "value");
    prefixed(
        m,
        "base.contacts.mobileDevices.",
        Type.STRING,
        "identifier",
        "appId",
        "name",
        "type",
        "notificationService");
    prefixed(
        m,
        "base.educations.",
        Type.STRING,
        "id",
        "schoolType",
        "schoolName",
        "schoolConcentration");
    prefixed(m, "base.educations.", Type.NUMBER, "startYear", "endYear");
    prefixed(m, "base.educations.", Type.BOOLEAN, "isCurrent");
    prefixed(m, "base.likes.", Type.STRING, "id", "category", "name");
    prefixed(m, "base.likes.", Type.DATE, "createdTime");
    prefixed(
        m,
        "base.socialProfile.",
        Type.STRING,
        "facebook",
        "google",
        "instagram",
        "linkedin",
        "qzone",
        "twitter");
    prefixed(m, "base.jobs.", Type.STRING, "id", "companyIndustry", "companyName", "jobTitle");
    prefixed(m, "base.jobs.", Type.DATE, "startDate", "endDate");
    prefixed(m, "base.jobs.", Type.BOOLEAN, "isCurrent");
    prefixed(m, "base.subscriptions.", Type.STRING, "id", "name", "type", "kind", "subscriberId");
    prefixed(m, "base.subscriptions.", Type.BOOLEAN, "subscribed");
    prefixed(
        m, "base.subscriptions.", Type.DATE, "startDate", "endDate", "registeredAt", "updatedAt");
    prefixed(m, "base.subscriptions.subscribeContext.", Type.STRING, "ip", "userAgent");
    prefixed(m, "base.subscriptions.preferences.", Type.STRING, "key", "value");
    prefixed(
        m,
        "base.subscriptions.unsubscribeContext.",
        Type.STRING,
        "ip",
        "userAgent",
        "campaignId",
        "campaignMessageId");
    put(m, Type.DATE, "consents.disclaimer.date");
    put(m, Type.STRING, "consents.disclaimer.version");
    for (String consent : CONSENTS) {
      prefixed(m, "consents." + consent + ".", Type.BOOLEAN, "status", "limitation", "objection");
    }
    put(m, Type.STRING, "tags.auto", "tags.manual");
    return m;
  }

  private static void put(Map<String, Attribute> m, Type type, String... paths) {
    for (String p : paths) {
      m.put(p, Attribute.field(p, type));
    }
  }

  private static void prefixed(
      Map<String, Attribute> m, String prefix, Type type, String... names) {
    for (String n : names) {
      put(m, type, prefix + n);
    }
  }
}
