package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a customer document (the writable part of the API JSON) against the seed's write rules
 * (spec §1.12 "Write rules", §2) and collects every violation with its JSON path. It never rewrites
 * a value: the document keeps what the client sent (issue 13, fault 20).
 *
 * <p>Decisions: {@code base.gender} is one of male, female, other, unknown (the seed gives no enum;
 * the SDK examples use "male"). Contact numbers ({@code fax}, {@code phone}, {@code mobilePhone},
 * {@code otherContacts[].value}) are strings of at most 255 characters, as the seed says; they are
 * read as phone numbers (E.164) only for identifiers and keys ({@link CustomerIdentifiers}).
 * Numbers must be finite; {@code base.address.geo.lat} lies in [-90, 90] and {@code lon} in [-180,
 * 180]; integers fit in 64 bits. The ids of collection items must not be blank.
 */
public final class CustomerValidator {

  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  public static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");

  /** Top-level keys a request may carry; the system ones are ignored on input. */
  public static final Set<String> WRITABLE =
      Set.of("nodeId", "externalId", "base", "consents", "extended", "extra", "tags", "enabled");

  public static final Set<String> SYSTEM =
      Set.of("id", "intId", "version", "sourceInfo", "registeredAt", "updatedAt", "deleted");

  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  // --------------------------------------------------------------------------------- the rules

  enum Kind {
    STRING,
    ENUM,
    DATE,
    DATE_TIME,
    EMAIL,
    TIMEZONE,
    BOOLEAN,
    NUMBER,
    INTEGER,
    OBJECT,
    ARRAY,
    TAGS
  }

  /** One property's rule; objects list their children, arrays their item. */
  record Field(
      Kind kind,
      int maxLength,
      Set<String> values,
      Map<String, Field> children,
      Field item,
      Set<String> required,
      double min,
      double max) {

    Field(
        Kind kind,
        int maxLength,
        Set<String> values,
        Map<String, Field> children,
        Field item,
        Set<String> required) {
      this(kind, maxLength, values, children, item, required, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    static Field string(int max) {
      return new Field(Kind.STRING, max, null, null, null, Set.of());
    }

    static Field of(Kind kind) {
      return new Field(kind, 255, null, null, null, Set.of());
    }

    /** A finite number in [min, max]. */
    static Field number(double min, double max) {
      return new Field(Kind.NUMBER, 0, null, null, null, Set.of(), min, max);
    }

    static Field oneOf(String... values) {
      return new Field(Kind.ENUM, 255, Set.of(values), null, null, Set.of());
    }

    static Field object(Set<String> required, Object... pairs) {
      Map<String, Field> children = new LinkedHashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        children.put((String) pairs[i], (Field) pairs[i + 1]);
      }
      return new Field(Kind.OBJECT, 0, null, children, null, required);
    }

    static Field object(Object... pairs) {
      return object(Set.of(), pairs);
    }

    static Field array(Field item) {
      return new Field(Kind.ARRAY, 0, null, null, item, Set.of());
    }

    static Field tags(int max) {
      return new Field(Kind.TAGS, max, null, null, null, Set.of());
    }
  }

  private static final Field S = Field.string(255);
  static final Field CONSENT_RULE =
      Field.object(
          "status",
          Field.of(Kind.BOOLEAN),
          "limitation",
          Field.of(Kind.BOOLEAN),
          "objection",
          Field.of(Kind.BOOLEAN));

  static final Field SUBSCRIPTION =
      Field.object(
          Set.of("id", "subscribed"),
          "id",
          S,
          "name",
          S,
          "type",
          S,
          "kind",
          Field.oneOf("DIGITAL_MESSAGE", "SERVICE", "OTHER"),
          "subscribed",
          Field.of(Kind.BOOLEAN),
          "startDate",
          Field.of(Kind.DATE_TIME),
          "endDate",
          Field.of(Kind.DATE_TIME),
          "subscriberId",
          S,
          "registeredAt",
          Field.of(Kind.DATE_TIME),
          "updatedAt",
          Field.of(Kind.DATE_TIME),
          "subscribeContext",
          Field.object("ip", S, "userAgent", S),
          "unsubscribeContext",
          Field.object("ip", S, "userAgent", S, "campaignId", S, "campaignMessageId", S),
          "preferences",
          Field.array(Field.object("key", S, "value", S)));

  static final Field BASE =
      Field.object(
          "pictureUrl", Field.string(1000),
          "title", S,
          "prefix", S,
          "firstName", S,
          "lastName", S,
          "middleName", S,
          "gender", Field.oneOf(GENDERS.toArray(String[]::new)),
          "dob", Field.of(Kind.DATE),
          "locale", S,
          "timezone", Field.of(Kind.TIMEZONE),
          "contacts",
              Field.object(
                  "email",
                  Field.of(Kind.EMAIL),
                  "fax",
                  S,
                  "mobilePhone",
                  S,
                  "phone",
                  S,
                  "otherContacts",
                  Field.array(
                      Field.object(
                          "name", S,
                          "type", Field.oneOf("MOBILE", "PHONE", "EMAIL", "FAX", "OTHER"),
                          "value", S)),
                  "mobileDevices",
                  Field.array(
                      Field.object(
                          "identifier", S,
                          "appId", S,
                          "name", S,
                          "type", Field.oneOf("IOS", "ANDROID", "WINDOWS_PHONE", "FIREOS"),
                          "notificationService", Field.oneOf("APN", "GCM", "WNS", "ADM", "SNS")))),
          "address",
              Field.object(
                  "street", Field.string(500),
                  "city", S,
                  "country", S,
                  "province", S,
                  "region", S,
                  "zip", S,
                  "geo",
                      Field.object("lat", Field.number(-90, 90), "lon", Field.number(-180, 180))),
          "credential", Field.object("password", S, "username", S),
          "educations",
              Field.array(
                  Field.object(
                      Set.of("id"),
                      "id",
                      S,
                      "schoolType",
                      Field.oneOf(
                          "PRIMARY_SCHOOL", "SECONDARY_SCHOOL", "HIGH_SCHOOL", "COLLEGE", "OTHER"),
                      "schoolName",
                      S,
                      "schoolConcentration",
                      S,
                      "startYear",
                      Field.of(Kind.INTEGER),
                      "endYear",
                      Field.of(Kind.INTEGER),
                      "isCurrent",
                      Field.of(Kind.BOOLEAN))),
          "likes",
              Field.array(
                  Field.object(
                      Set.of("id"),
                      "id",
                      S,
                      "category",
                      S,
                      "name",
                      S,
                      "createdTime",
                      Field.of(Kind.DATE_TIME))),
          "socialProfile",
              Field.object(
                  "facebook", S,
                  "google", S,
                  "instagram", S,
                  "linkedin", S,
                  "qzone", S,
                  "twitter", S),
          "jobs",
              Field.array(
                  Field.object(
                      Set.of("id"),
                      "id",
                      S,
                      "companyIndustry",
                      S,
                      "companyName",
                      S,
                      "jobTitle",
                      S,
                      "startDate",
                      Field.of(Kind.DATE),
                      "endDate",
                      Field.of(Kind.DATE),
                      "isCurrent",
                      Field.of(Kind.BOOLEAN))),
          "subscriptions", Field.array(SUBSCRIPTION));

  static final Field CONSENTS =
      Field.object(
          "disclaimer", Field.object("date", Field.of(Kind.DATE_TIME), "version", S),
          "marketing",
              Field.object(
                  "traditional", Field.object("telephonic", CONSENT_RULE, "papery", CONSENT_RULE),
                  "automatic",
                      Field.object(
                          "sms", CONSENT_RULE,
                          "email", CONSENT_RULE,
                          "push", CONSENT_RULE,
                          "im", CONSENT_RULE,
                          "telephonic", CONSENT_RULE)),
          "profiling", Field.object("classic", CONSENT_RULE, "online", CONSENT_RULE),
          "softSpam", Field.object("email", CONSENT_RULE, "papery", CONSENT_RULE),
          "thirdPartyTransfer", Field.object("profiling", CONSENT_RULE, "marketing", CONSENT_RULE));

  static final Field TAGS = Field.object("auto", Field.tags(1000), "manual", Field.tags(1000));

  /** Whole-document rules, for P5 and for the top-level walk. */
  static final Field CUSTOMER =
      Field.object(
          "externalId",
          Field.string(255),
          "base",
          BASE,
          "consents",
          CONSENTS,
          "extra",
          Field.string(Integer.MAX_VALUE),
          "tags",
          TAGS,
          "enabled",
          Field.of(Kind.BOOLEAN));

  private CustomerValidator() {}

  // ------------------------------------------------------------------------------- validation

  /**
   * Every violation of {@code doc} (externalId, base, consents, extended, extra, tags, enabled):
   * shapes and limits, the extended-properties schema and the node's mandatory properties. {@code
   * doc} is not changed.
   */
  public static List<FieldError> validate(
      ObjectNode doc, JsonNode extendedSchema, Collection<String> mandatory) {
    return validate(doc, null, extendedSchema, mandatory);
  }

  /**
   * As {@link #validate(ObjectNode, JsonNode, Collection)} for a write over a stored customer: only
   * the extended values that differ from {@code storedExtended} are checked against the schema, so
   * a value of a property removed from the schema stays until the client removes it (issue 13,
   * fault 16). {@code storedExtended} null: every value is checked (create).
   */
  public static List<FieldError> validate(
      ObjectNode doc,
      JsonNode storedExtended,
      JsonNode extendedSchema,
      Collection<String> mandatory) {
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("extended") || key.equals("nodeId") || SYSTEM.contains(key)) {
        continue;
      }
      Field f = CUSTOMER.children().get(key);
      if (f == null) {
        errors.add(new FieldError(key, "is not a customer property"));
      } else {
        check(key, e.getValue(), f, errors);
      }
    }
    errors.addAll(
        ExtendedSchema.validate(
            extendedSchema, changedExtended(doc.get("extended"), storedExtended)));
    if (mandatory != null) {
      for (String path : mandatory) {
        if (isBlank(at(doc, path))) {
          errors.add(new FieldError(path, "is mandatory for this node"));
        }
      }
    }
    return errors;
  }

  /** The extended values that are new or differ from the stored ones; all when none stored. */
  private static JsonNode changedExtended(JsonNode extended, JsonNode stored) {
    if (stored == null || !stored.isObject() || extended == null || !extended.isObject()) {
      return extended;
    }
    ObjectNode changed = ((ObjectNode) extended).objectNode();
    extended
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isNull() && !e.getValue().equals(stored.get(e.getKey()))) {
                changed.set(e.getKey(), e.getValue());
              }
            });
    return changed;
  }

  /** Checks one subscription item as SB1/SB3 receive it; paths are relative to the item. */
  public static List<FieldError> validateSubscription(ObjectNode subscription) {
    List<FieldError> errors = new ArrayList<>();
    checkObject("", subscription, SUBSCRIPTION, errors);
    return errors;
  }

  /**
   * The path of every scalar value a customer's consents may hold (spec §2 ConsentCustomerProps),
   * in schema order: {@code consents.disclaimer.date}, {@code consents.disclaimer.version}, then
   * {@code status}, {@code limitation} and {@code objection} of each consent leaf, e.g. {@code
   * consents.marketing.automatic.email.status}.
   */
  public static List<String> consentValuePaths() {
    List<String> out = new ArrayList<>();
    scalarPaths("consents", CONSENTS, out);
    return List.copyOf(out);
  }

  private static void scalarPaths(String path, Field field, List<String> out) {
    if (field.kind() != Kind.OBJECT) {
      out.add(path);
      return;
    }
    field.children().forEach((name, child) -> scalarPaths(path + "." + name, child, out));
  }

  /** The value at a dotted path (e.g. base.contacts.email), or a missing node. */
  public static JsonNode at(JsonNode doc, String path) {
    JsonNode n = doc;
    for (String part : path.split("\\.")) {
      if (n == null) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      n = n.path(part);
    }
    return n;
  }

  static boolean isBlank(JsonNode n) {
    return n == null
        || n.isMissingNode()
        || n.isNull()
        || (n.isTextual() && n.asText().isBlank())
        || (n.isContainerNode() && n.isEmpty());
  }

  private static void check(String path, JsonNode value, Field f, List<FieldError> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    switch (f.kind()) {
      case STRING -> {
        if (!value.isTextual()) {
          errors.add(new FieldError(path, "must be a string"));
        } else if (value.asText().length() > f.maxLength()) {
          errors.add(new FieldError(path, "must be at most " + f.maxLength() + " characters long"));
        }
      }
      case ENUM -> {
        if (!value.isTextual() || !f.values().contains(value.asText())) {
          errors.add(
              new FieldError(
                  path,
                  "must be one of " + String.join(", ", new java.util.TreeSet<>(f.values()))));
        }
      }
      case DATE -> {
        if (!value.isTextual() || !isDate(value.asText())) {
          errors.add(new FieldError(path, "must be a date YYYY-MM-DD"));
        }
      }
      case DATE_TIME -> {
        if (!value.isTextual() || !isDateTime(value.asText())) {
          errors.add(
              new FieldError(
                  path, "must be an ISO-8601 date-time with offset, e.g. 2019-08-24T14:15:22Z"));
        }
      }
      case EMAIL -> {
        if (!value.isTextual() || !isEmail(value.asText())) {
          errors.add(new FieldError(path, "must be a valid e-mail address"));
        }
      }
      case TIMEZONE -> {
        if (!value.isTextual() || !isZone(value.asText())) {
          errors.add(new FieldError(path, "must be an IANA time-zone id, e.g. Europe/Rome"));
        }
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          errors.add(new FieldError(path, "must be a boolean"));
        }
      }
      case NUMBER -> {
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
          errors.add(new FieldError(path, "must be a finite number"));
        } else if (value.asDouble() < f.min() || value.asDouble() > f.max()) {
          errors.add(
              new FieldError(path, "must be between " + (long) f.min() + " and " + (long) f.max()));
        }
      }
      case INTEGER -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          errors.add(new FieldError(path, "must be an integer of at most 64 bits"));
        }
      }
      case TAGS -> {
        if (!value.isArray()) {
          errors.add(new FieldError(path, "must be an array of strings"));
          return;
        }
        long total = 0;
        for (int i = 0; i < value.size(); i++) {
          JsonNode t = value.get(i);
          if (!t.isTextual()) {
            errors.add(new FieldError(path + "[" + i + "]", "must be a string"));
          } else {
            total += t.asText().length();
          }
        }
        if (total > f.maxLength()) {
          errors.add(
              new FieldError(
                  path, "the tags must not exceed " + f.maxLength() + " characters in total"));
        }
      }
      case OBJECT -> checkObject(path, value, f, errors);
      case ARRAY -> {
        if (!value.isArray()) {
          errors.add(new FieldError(path, "must be an array"));
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(path + "[" + i + "]", value.get(i), f.item(), errors);
        }
        if (path.endsWith("otherContacts")) {
          checkOtherContactEmails(path, value, errors);
        }
      }
    }
  }

  private static void checkObject(String path, JsonNode value, Field f, List<FieldError> errors) {
    if (!value.isObject()) {
      errors.add(new FieldError(path, "must be an object"));
      return;
    }
    String prefix = path.isEmpty() ? "" : path + ".";
    for (String req : f.required()) {
      JsonNode v = value.get(req);
      if (v == null || v.isNull()) {
        errors.add(new FieldError(prefix + req, "is required"));
      } else if (v.isTextual() && v.asText().isBlank()) {
        errors.add(new FieldError(prefix + req, "must not be blank"));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Field child = f.children().get(e.getKey());
      if (child == null) {
        errors.add(new FieldError(prefix + e.getKey(), "is not a known property"));
      } else {
        check(prefix + e.getKey(), e.getValue(), child, errors);
      }
    }
  }

  private static void checkOtherContactEmails(
      String path, JsonNode items, List<FieldError> errors) {
    for (int i = 0; i < items.size(); i++) {
      JsonNode c = items.get(i);
      if ("EMAIL".equals(c.path("type").asText()) && c.path("value").isTextual()) {
        if (!isEmail(c.path("value").asText())) {
          errors.add(new FieldError(path + "[" + i + "].value", "must be a valid e-mail address"));
        }
      }
    }
  }

  // ----------------------------------------------------------------------------------- formats

  static boolean isEmail(String s) {
    return s.length() <= 255 && EMAIL.matcher(s).matches();
  }

  static boolean isDate(String s) {
    if (s.length() != 10) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean isDateTime(String s) {
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** IANA region ids (and UTC/GMT aliases) only; fixed offsets such as +01:00 are refused. */
  static boolean isZone(String s) {
    return ZONES.contains(s);
  }
}
