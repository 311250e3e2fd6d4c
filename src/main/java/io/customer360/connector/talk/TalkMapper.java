package io.customer360.connector.talk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.customer360.common.FieldError;
import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pure mapping between the talk customer object (seed 002) and a Contacthub customer document
 * (spec talk-connector.md). Inbound ({@link #toCore}) turns one talk customer into the writable
 * part of a customer (externalId, base, consents, extended, tags) plus the extended properties it
 * needs declared; outbound ({@link #toTalk}) renders a customer (as the native API renders it) back
 * in the talk shape, fields the customer does not hold being null. Round trip: every field the
 * mapping carries comes back as it was sent (telephone parts are recomputed from the E.164 number
 * by libphonenumber, so {@code area_code}/{@code number} come back split at the national
 * destination code).
 *
 * <p>Rules (spec talk-connector.md, with the decisions of the README):
 *
 * <ul>
 *   <li>{@code id} (required integer) → {@code externalId} as a string; {@code name} (required) →
 *       {@code base.firstName}/{@code lastName} split on the last space, from {@code
 *       profile_info.name} when it has more words; the name as sent is kept in {@code
 *       extended.talkName}.
 *   <li>{@code telephones[]}: each number is {@code +country_code area_code number} in E.164
 *       (libphonenumber; an invalid number is a 400 naming {@code telephones[i].number}); the one
 *       whose {@code id} is {@code main_sms}, else the first of type {@code m}, is {@code
 *       base.contacts.mobilePhone}; the others are {@code otherContacts} of type MOBILE ({@code m})
 *       or PHONE, named {@code talk:<id>}; {@code has_sms}, {@code has_whatsapp}, {@code
 *       has_whatsapp_api} become the E.164 lists {@code extended.talkSms}, {@code talkWhatsapp},
 *       {@code talkWhatsappApi}.
 *   <li>{@code emails[]}: the one whose {@code id} is {@code main_email}, else the first, is {@code
 *       base.contacts.email}; the others are {@code otherContacts} of type EMAIL; the main one's
 *       {@code unsubscribed_at} turns {@code consents.marketing.automatic.email.status} off and is
 *       kept in {@code extended.talkUnsubscribedAt}.
 *   <li>{@code custom_fields{}} → {@code extended.talkCf_<safe key>} strings (accents folded, every
 *       run of other characters than letters and digits → {@code _}); the keys as sent are listed
 *       in {@code extended.talkCustomFieldKeys}.
 *   <li>{@code profile_info.username} → {@code base.socialProfile.instagram}; the rest of {@code
 *       profile_info} → {@code extended.talkProfile*}.
 *   <li>{@code is_priority} → manual tag {@code priority}; ids, {@code document_number}, {@code
 *       external_id}, {@code created_at}, {@code last_base_api}, main ids → {@code extended.talk*}.
 *   <li>Deprecated fields ({@code wildcard_*}, {@code crmv_*}, {@code cxm_user_id}, {@code
 *       is_active}, {@code profile_picture_url}) and the talk-internal telephone and e-mail fields
 *       ({@code level_id}, {@code insert_origin}, {@code inserted_by}, {@code wa_*}, {@code
 *       session_expires_at}, {@code customer_id}) are accepted and ignored.
 * </ul>
 */
public final class TalkMapper {

  /** The manual tag of a priority customer ({@code is_priority}). */
  public static final String PRIORITY_TAG = "priority";

  /** Prefix of every extended property the connector owns. */
  public static final String PREFIX = "talk";

  static final String CUSTOM_FIELD_PREFIX = "talkCf_";
  static final String CONTACT_NAME_PREFIX = "talk:";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern DIGITS = Pattern.compile("^\\+?[0-9]{1,20}$");

  /** Fixed extended properties: name → type (string properties get {@code maxLength}). */
  static final Map<String, String> FIXED = new LinkedHashMap<>();

  static {
    FIXED.put("talkName", "string");
    FIXED.put("talkExternalId", "string");
    FIXED.put("talkDocumentNumber", "string");
    FIXED.put("talkCreatedAt", "string");
    FIXED.put("talkLastBaseApi", "string");
    FIXED.put("talkAgentId", "integer");
    FIXED.put("talkQueueId", "integer");
    FIXED.put("talkOrganizationId", "integer");
    FIXED.put("talkCustomerGroupId", "integer");
    FIXED.put("talkMainSms", "integer");
    FIXED.put("talkMainWhatsapp", "integer");
    FIXED.put("talkMainEmail", "integer");
    FIXED.put("talkMobilePhoneId", "integer");
    FIXED.put("talkEmailId", "integer");
    FIXED.put("talkUnsubscribedAt", "string");
    FIXED.put("talkSms", "array");
    FIXED.put("talkWhatsapp", "array");
    FIXED.put("talkWhatsappApi", "array");
    FIXED.put("talkCustomFieldKeys", "array");
    FIXED.put("talkProfileName", "string");
    FIXED.put("talkProfilePic", "string");
    FIXED.put("talkProfileId", "string");
    FIXED.put("talkProfileVerified", "boolean");
    FIXED.put("talkProfileFollowers", "integer");
    FIXED.put("talkProfileFollowsBusiness", "boolean");
    FIXED.put("talkBusinessFollowsProfile", "boolean");
  }

  /**
   * Most custom fields of one talk customer: each becomes an extended property of the workspace's
   * schema, which must stay small.
   */
  static final int MAX_CUSTOM_FIELDS = 50;

  /** maxLength of the string properties and of the string arrays (total length). */
  static final int MAX_STRING = 2000;

  /**
   * One talk customer mapped: the customer request (without {@code nodeId}), the talk id, the
   * extended-property definitions it needs (P4 shape) and the errors naming talk fields (each path
   * prefixed by {@code prefix}); {@code request} is null when there are errors.
   */
  public record Mapped(
      ObjectNode request,
      String talkId,
      ObjectNode definitions,
      List<FieldError> errors,
      Map<String, String> origins) {

    public boolean ok() {
      return errors.isEmpty();
    }

    /**
     * The talk field (without the item prefix) that fed a core path, e.g. {@code
     * base.socialProfile.instagram} → {@code profile_info.username}, {@code
     * base.contacts.otherContacts[1].value} → {@code emails[2].email}: the core path itself, else
     * its closest parent the mapping wrote ({@code extended.talkCf_k.x} → {@code custom_fields.k});
     * null when the talk customer fed no such path (a field another writer put in the customer).
     */
    public String talkPath(String corePath) {
      String p = corePath;
      while (p != null && !p.isEmpty()) {
        String talk = origins.get(p);
        if (talk != null) {
          return talk;
        }
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        p = cut <= 0 ? null : p.substring(0, cut);
      }
      return null;
    }
  }

  /** The talk field of each fixed extended property (for error paths). */
  static final Map<String, String> FIXED_SOURCES =
      Map.ofEntries(
          Map.entry("talkExternalId", "external_id"),
          Map.entry("talkDocumentNumber", "document_number"),
          Map.entry("talkCreatedAt", "created_at"),
          Map.entry("talkLastBaseApi", "last_base_api"),
          Map.entry("talkAgentId", "agent_id"),
          Map.entry("talkQueueId", "queue_id"),
          Map.entry("talkOrganizationId", "customer_organization_id"),
          Map.entry("talkCustomerGroupId", "customer_group_id"),
          Map.entry("talkMainSms", "main_sms"),
          Map.entry("talkMainWhatsapp", "main_whatsapp"),
          Map.entry("talkMainEmail", "main_email"),
          Map.entry("talkSms", "telephones"),
          Map.entry("talkWhatsapp", "telephones"),
          Map.entry("talkWhatsappApi", "telephones"),
          Map.entry("talkCustomFieldKeys", "custom_fields"),
          Map.entry("talkProfileName", "profile_info.name"),
          Map.entry("talkProfilePic", "profile_info.profile_pic"),
          Map.entry("talkProfileId", "profile_info.id"),
          Map.entry("talkProfileVerified", "profile_info.is_verified_user"),
          Map.entry("talkProfileFollowers", "profile_info.follower_count"),
          Map.entry("talkProfileFollowsBusiness", "profile_info.is_user_follow_business"),
          Map.entry("talkBusinessFollowsProfile", "profile_info.is_business_follow_user"));

  /** Longest talk string that lands in a base string of the core (its maxLength, spec §2). */
  static final int MAX_BASE_STRING = 255;

  /** Most telephones and most e-mails of one talk customer. */
  static final int MAX_CONTACTS = 100;

  /** Longest custom field key (the keys as sent are kept in one string array of 6000). */
  static final int MAX_CUSTOM_FIELD_KEY = 100;

  private TalkMapper() {}

  /**
   * The extended-properties definitions (P4 shape) of the fixed properties and these custom keys.
   */
  public static ObjectNode definitions(Iterable<String> customFieldNames) {
    ObjectNode out = JSON.objectNode();
    FIXED.forEach((name, type) -> out.set(name, definition(type)));
    for (String n : customFieldNames) {
      out.set(n, definition("string"));
    }
    return out;
  }

  private static ObjectNode definition(String type) {
    ObjectNode d = JSON.objectNode().put("type", type);
    ObjectNode cp = d.putObject("contactlabProperties");
    if (type.equals("array")) {
      d.putObject("items").put("type", "string");
      cp.put("maxLength", 6000);
    } else if (type.equals("string")) {
      cp.put("maxLength", MAX_STRING);
    }
    cp.put("label", "Talk connector").put("indexed", false);
    return d;
  }

  /** The extended name of a custom field key: "talkCf_" + the key folded and made safe. */
  public static String customFieldName(String key) {
    String folded = Normalizer.normalize(key, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String safe = folded.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return CUSTOM_FIELD_PREFIX + (safe.isEmpty() ? "_" : safe);
  }

  // ------------------------------------------------------------------------------- inbound

  /**
   * Maps one talk customer; {@code prefix} is put before every error path (e.g. {@code [2].} for
   * the third item of an array, empty for a single object).
   */
  public static Mapped toCore(JsonNode talk, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    if (talk == null || !talk.isObject()) {
      errors.add(new FieldError(trim(prefix), "must be a talk customer object"));
      return new Mapped(null, null, null, errors, Map.of());
    }
    Reader in = new Reader(prefix, errors);
    Map<String, String> origins = new HashMap<>();
    origins.put("externalId", "id");
    origins.put("extended.talkName", "name");
    origins.put("tags", "is_priority");
    // Where a core rule about a path the item did not fill points (e.g. a node's mandatory
    // property); the item's own paths below replace these.
    origins.put("base.firstName", "name");
    origins.put("base.lastName", "name");
    origins.put("base.socialProfile", "profile_info.username");
    origins.put("base.contacts.email", "emails");
    origins.put("base.contacts.mobilePhone", "telephones");
    origins.put("consents", "emails");
    FIXED_SOURCES.forEach((ext, field) -> origins.put("extended." + ext, field));
    ObjectNode req = JSON.objectNode();
    ObjectNode base = JSON.objectNode();
    ObjectNode contacts = JSON.objectNode();
    ObjectNode extended = JSON.objectNode();
    ArrayNode others = JSON.arrayNode();

    Long id = in.id(talk, "id", "id", true);
    String talkId = id == null ? null : Long.toString(id);
    if (talkId != null) {
      req.put("externalId", talkId);
    }
    String name = in.text(talk, "name", true);
    if (name != null && name.length() > MAX_BASE_STRING) {
      in.error("name", "must not exceed " + MAX_BASE_STRING + " characters");
      name = null;
    }
    JsonNode profile = in.object(talk, "profile_info");
    String profileName = profile == null ? null : in.text(profile, "profile_info.name", "name");
    if (profileName != null && profileName.length() > MAX_BASE_STRING) {
      in.error("profile_info.name", "must not exceed " + MAX_BASE_STRING + " characters");
      profileName = null;
    }
    if (name != null) {
      if (name.isBlank()) {
        errors.add(new FieldError(prefix + "name", "must not be blank"));
      }
      extended.put("talkName", name);
      String full = richer(name, profileName);
      String from = full.equals(name.trim()) ? "name" : "profile_info.name";
      origins.put("base.firstName", from);
      origins.put("base.lastName", from);
      String[] parts = split(full);
      base.put("firstName", parts[0]);
      if (parts[1] != null) {
        base.put("lastName", parts[1]);
      }
    }
    putText(extended, "talkExternalId", in.text(talk, "external_id", false));
    putText(extended, "talkDocumentNumber", in.text(talk, "document_number", false));
    in.notNull(talk, "created_at");
    putText(extended, "talkCreatedAt", in.dateTime(talk, "created_at", "created_at"));
    putText(extended, "talkLastBaseApi", in.text(talk, "last_base_api", false));
    putLong(extended, "talkAgentId", in.id(talk, "agent_id", "agent_id", false));
    putLong(extended, "talkQueueId", in.id(talk, "queue_id", "queue_id", false));
    putLong(
        extended,
        "talkOrganizationId",
        in.id(talk, "customer_organization_id", "customer_organization_id", false));
    putLong(
        extended,
        "talkCustomerGroupId",
        in.id(talk, "customer_group_id", "customer_group_id", false));
    Long mainSms = in.id(talk, "main_sms", "main_sms", false);
    Long mainWhatsapp = in.id(talk, "main_whatsapp", "main_whatsapp", false);
    Long mainEmail = in.id(talk, "main_email", "main_email", false);
    putLong(extended, "talkMainSms", mainSms);
    putLong(extended, "talkMainWhatsapp", mainWhatsapp);
    putLong(extended, "talkMainEmail", mainEmail);
    in.notNull(talk, "is_priority");
    Boolean priority = in.bool(talk, "is_priority", "is_priority");

    telephones(in, talk, mainSms, contacts, others, extended, origins);
    ObjectNode consents = emails(in, talk, mainEmail, contacts, others, extended, origins);
    ObjectNode definitions = definitions(List.of());
    customFields(in, talk, extended, definitions, origins);
    if (profile != null) {
      String username = in.text(profile, "profile_info.username", "username");
      if (username != null && username.length() > MAX_BASE_STRING) {
        in.error("profile_info.username", "must not exceed " + MAX_BASE_STRING + " characters");
        username = null;
      }
      origins.put("base.socialProfile.instagram", "profile_info.username");
      if (username != null) {
        base.putObject("socialProfile").put("instagram", username);
      }
      putText(extended, "talkProfileName", profileName);
      putText(
          extended, "talkProfilePic", in.text(profile, "profile_info.profile_pic", "profile_pic"));
      putText(extended, "talkProfileId", in.scalarText(profile, "profile_info.id", "id"));
      putBool(
          extended,
          "talkProfileVerified",
          in.bool(profile, "profile_info.is_verified_user", "is_verified_user"));
      putLong(
          extended,
          "talkProfileFollowers",
          in.integerAt(profile, "profile_info.follower_count", "follower_count"));
      putBool(
          extended,
          "talkProfileFollowsBusiness",
          in.bool(profile, "profile_info.is_user_follow_business", "is_user_follow_business"));
      putBool(
          extended,
          "talkBusinessFollowsProfile",
          in.bool(profile, "profile_info.is_business_follow_user", "is_business_follow_user"));
    }

    if (!others.isEmpty()) {
      contacts.set("otherContacts", others);
    }
    if (!contacts.isEmpty()) {
      base.set("contacts", contacts);
    }
    req.set("base", base);
    if (consents != null) {
      req.set("consents", consents);
    }
    req.set("extended", extended);
    if (Boolean.TRUE.equals(priority)) {
      req.putObject("tags").putArray("manual").add(PRIORITY_TAG);
    }
    if (!errors.isEmpty()) {
      return new Mapped(null, talkId, null, errors, origins);
    }
    return new Mapped(req, talkId, definitions, errors, origins);
  }

  private static void telephones(
      Reader in,
      JsonNode talk,
      Long mainSms,
      ObjectNode contacts,
      ArrayNode others,
      ObjectNode ext,
      Map<String, String> origins) {
    JsonNode list = in.array(talk, "telephones");
    if (list == null) {
      return;
    }
    if (list.size() > MAX_CONTACTS) {
      in.error("telephones", "must hold at most " + MAX_CONTACTS + " telephones");
      return;
    }
    record Phone(Long id, String e164, boolean mobile, JsonNode raw, String at) {}
    List<Phone> phones = new ArrayList<>();
    Map<Long, String> ids = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "telephones[" + i + "]";
      JsonNode t = list.get(i);
      if (!t.isObject()) {
        in.error(at, "must be a telephone object");
        continue;
      }
      int before = in.count();
      Long tid = in.id(t, at + ".id", "id", false);
      if (tid != null) {
        String first = ids.putIfAbsent(tid, at);
        if (first != null) {
          in.error(at + ".id", "duplicates " + first + ".id (" + tid + ")");
        }
      }
      String cc = in.text(t, at + ".country_code", "country_code");
      String area = in.text(t, at + ".area_code", "area_code");
      String number = in.text(t, at + ".number", "number");
      String iso2 = in.text(t, at + ".country_iso2", "country_iso2");
      String type = in.text(t, at + ".type", "type");
      in.bool(t, at + ".has_sms", "has_sms");
      in.bool(t, at + ".has_whatsapp", "has_whatsapp");
      in.bool(t, at + ".has_whatsapp_api", "has_whatsapp_api");
      if (in.count() > before) {
        continue; // one error per field: a field of the wrong type is not checked again as a number
      }
      String e164 = e164(in, at, cc, area, number, iso2);
      if (e164 != null) {
        phones.add(new Phone(tid, e164, "m".equalsIgnoreCase(type), t, at));
      }
    }
    Phone main = null;
    for (Phone p : phones) {
      if (mainSms != null && mainSms.equals(p.id())) {
        main = p;
      }
    }
    if (main == null) {
      main = phones.stream().filter(Phone::mobile).findFirst().orElse(null);
    }
    Set<String> sms = new LinkedHashSet<>();
    Set<String> wa = new LinkedHashSet<>();
    Set<String> waApi = new LinkedHashSet<>();
    for (Phone p : phones) {
      if (p == main) {
        contacts.put("mobilePhone", p.e164());
        putLong(ext, "talkMobilePhoneId", p.id());
        origins.put("base.contacts.mobilePhone", p.at() + ".number");
        origins.put("extended.talkMobilePhoneId", p.at() + ".id");
      } else {
        String other = "base.contacts.otherContacts[" + others.size() + "]";
        origins.put(other, p.at());
        origins.put(other + ".value", p.at() + ".number");
        origins.put(other + ".name", p.at() + ".id");
        ObjectNode c = others.addObject();
        c.put("name", p.id() == null ? "talk" : CONTACT_NAME_PREFIX + p.id());
        c.put("type", p.mobile() ? "MOBILE" : "PHONE");
        c.put("value", p.e164());
      }
      if (p.raw().path("has_sms").asBoolean(false)) {
        sms.add(p.e164());
      }
      if (p.raw().path("has_whatsapp").asBoolean(false)) {
        wa.add(p.e164());
      }
      if (p.raw().path("has_whatsapp_api").asBoolean(false)) {
        waApi.add(p.e164());
      }
    }
    putSet(ext, "talkSms", sms);
    putSet(ext, "talkWhatsapp", wa);
    putSet(ext, "talkWhatsappApi", waApi);
  }

  /**
   * E.164 of {@code +country_code area_code number} (libphonenumber, must be a valid number); with
   * no country code the national number is read in {@code country_iso2}. Null (and an error) when
   * it is not a valid phone number.
   */
  static String e164(Reader in, String at, String cc, String area, String number, String iso2) {
    if (number == null || number.isBlank()) {
      in.error(at + ".number", "is required");
      return null;
    }
    String national = digits(area) + digits(number);
    if (!DIGITS.matcher(number.replaceAll("[\\s().-]", "")).matches()
        || (area != null && !area.isBlank() && !DIGITS.matcher(area.trim()).matches())) {
      in.error(at + ".number", "must be digits (with area_code and country_code, a phone number)");
      return null;
    }
    try {
      PhoneNumber n;
      if (cc != null && !cc.isBlank()) {
        if (!DIGITS.matcher(cc.trim()).matches()) {
          in.error(at + ".country_code", "must be the country calling code in digits");
          return null;
        }
        n = PHONES.parse("+" + digits(cc) + national, null);
      } else if (iso2 != null && !iso2.isBlank()) {
        n = PHONES.parse(national, iso2.trim().toUpperCase(Locale.ROOT));
      } else {
        in.error(at + ".country_code", "is required to build an E.164 number");
        return null;
      }
      if (!PHONES.isValidNumber(n)) {
        in.error(
            at + ".number",
            "must form a valid phone number with country_code and area_code (E.164)");
        return null;
      }
      return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      in.error(
          at + ".number", "must form a valid phone number with country_code and area_code (E.164)");
      return null;
    }
  }

  private static String digits(String s) {
    return s == null ? "" : s.replaceAll("[^0-9]", "");
  }

  private static ObjectNode emails(
      Reader in,
      JsonNode talk,
      Long mainEmail,
      ObjectNode contacts,
      ArrayNode others,
      ObjectNode ext,
      Map<String, String> origins) {
    JsonNode list = in.array(talk, "emails");
    if (list == null) {
      return null;
    }
    if (list.size() > MAX_CONTACTS) {
      in.error("emails", "must hold at most " + MAX_CONTACTS + " e-mails");
      return null;
    }
    record Mail(Long id, String email, String unsubscribedAt, String at) {}
    List<Mail> mails = new ArrayList<>();
    Map<Long, String> ids = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "emails[" + i + "]";
      JsonNode e = list.get(i);
      if (!e.isObject()) {
        in.error(at, "must be an e-mail object");
        continue;
      }
      Long eid = in.id(e, at + ".id", "id", false);
      if (eid != null) {
        String first = ids.putIfAbsent(eid, at);
        if (first != null) {
          in.error(at + ".id", "duplicates " + first + ".id (" + eid + ")");
        }
      }
      int beforeEmail = in.count();
      String email = in.text(e, at + ".email", "email");
      boolean emailRead = in.count() == beforeEmail;
      String unsub = in.dateTime(e, at + ".unsubscribed_at", "unsubscribed_at");
      if (!emailRead) {
        continue; // one error per field: the e-mail already has its error
      }
      if (email == null || !EMAIL.matcher(email).matches() || email.length() > MAX_BASE_STRING) {
        in.error(at + ".email", "must be an e-mail address");
        continue;
      }
      String first = addresses.putIfAbsent(email.toLowerCase(Locale.ROOT), at);
      if (first != null) {
        in.error(at + ".email", "duplicates " + first + ".email (e-mails compare ignoring case)");
        continue;
      }
      mails.add(new Mail(eid, email, unsub, at));
    }
    Mail main =
        mails.stream()
            .filter(m -> mainEmail != null && mainEmail.equals(m.id()))
            .findFirst()
            .orElse(mails.isEmpty() ? null : mails.get(0));
    ObjectNode consents = null;
    for (Mail m : mails) {
      if (m == main) {
        contacts.put("email", m.email());
        putLong(ext, "talkEmailId", m.id());
        origins.put("base.contacts.email", m.at() + ".email");
        origins.put("extended.talkEmailId", m.at() + ".id");
        origins.put("extended.talkUnsubscribedAt", m.at() + ".unsubscribed_at");
        origins.put("consents", m.at() + ".unsubscribed_at");
        if (m.unsubscribedAt() != null) {
          ext.put("talkUnsubscribedAt", m.unsubscribedAt());
          consents = JSON.objectNode();
          consents
              .putObject("marketing")
              .putObject("automatic")
              .putObject("email")
              .put("status", false);
        }
      } else {
        String other = "base.contacts.otherContacts[" + others.size() + "]";
        origins.put(other, m.at());
        origins.put(other + ".value", m.at() + ".email");
        origins.put(other + ".name", m.at() + ".id");
        ObjectNode c = others.addObject();
        c.put("name", m.id() == null ? "talk" : CONTACT_NAME_PREFIX + m.id());
        c.put("type", "EMAIL");
        c.put("value", m.email());
      }
    }
    return consents;
  }

  private static void customFields(
      Reader in, JsonNode talk, ObjectNode ext, ObjectNode defs, Map<String, String> origins) {
    JsonNode fields = talk.get("custom_fields");
    if (fields == null || fields.isNull()) {
      return;
    }
    if (!fields.isObject()) {
      in.error("custom_fields", "must be an object of field name to value");
      return;
    }
    if (fields.size() > MAX_CUSTOM_FIELDS) {
      in.error("custom_fields", "must hold at most " + MAX_CUSTOM_FIELDS + " fields");
      return;
    }
    ArrayNode keys = JSON.arrayNode();
    Map<String, String> seen = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String at = "custom_fields." + f.getKey();
      JsonNode v = f.getValue();
      if (f.getKey().isBlank()) {
        in.error("custom_fields", "field names must not be blank");
        continue;
      }
      if (f.getKey().length() > MAX_CUSTOM_FIELD_KEY) {
        in.error(
            "custom_fields", "field names must not exceed " + MAX_CUSTOM_FIELD_KEY + " characters");
        continue;
      }
      if (!v.isNull() && !v.isValueNode()) {
        in.error(at, "must be a string, number, boolean or null");
        continue;
      }
      if (v.asText().length() > MAX_STRING) {
        in.error(at, "must not exceed " + MAX_STRING + " characters");
        continue;
      }
      String name = customFieldName(f.getKey());
      String clash = seen.putIfAbsent(name, f.getKey());
      if (clash != null) {
        in.error(at, "has the same safe name (" + name + ") as custom field '" + clash + "'");
        continue;
      }
      keys.add(f.getKey());
      origins.put("extended." + name, at);
      if (!v.isNull()) {
        ext.put(name, v.asText());
      }
      defs.set(name, definition("string"));
    }
    if (!keys.isEmpty()) {
      ext.set("talkCustomFieldKeys", keys);
    }
  }

  /** {@code profileName} when it has more words than {@code name}, else {@code name}. */
  static String richer(String name, String profileName) {
    if (profileName == null || profileName.isBlank()) {
      return name.trim();
    }
    return words(profileName) > words(name) ? profileName.trim() : name.trim();
  }

  private static int words(String s) {
    String t = s.trim();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** First and last name: split on the last space; no space → only a first name. */
  static String[] split(String full) {
    String t = full.trim().replaceAll("\\s+", " ");
    int i = t.lastIndexOf(' ');
    return i < 0 ? new String[] {t, null} : new String[] {t.substring(0, i), t.substring(i + 1)};
  }

  /**
   * The document an update writes: {@code current} without everything the connector owns (the
   * names, main and other contacts, the instagram profile, the {@code talk*} extended properties,
   * the {@code priority} tag), then the mapped {@code request} on top; what other writers put in
   * the customer stays. Neither argument is changed.
   */
  public static ObjectNode update(ObjectNode current, ObjectNode request) {
    ObjectNode next = current.deepCopy();
    JsonNode base = next.get("base");
    if (base instanceof ObjectNode b) {
      b.remove(List.of("firstName", "lastName"));
      if (b.get("contacts") instanceof ObjectNode c) {
        c.remove(List.of("mobilePhone", "email", "otherContacts"));
      }
      if (b.get("socialProfile") instanceof ObjectNode s) {
        s.remove("instagram");
      }
    }
    if (next.get("extended") instanceof ObjectNode ext) {
      List<String> owned = new ArrayList<>();
      ext.fieldNames()
          .forEachRemaining(
              n -> {
                if (FIXED.containsKey(n) || n.startsWith(CUSTOM_FIELD_PREFIX)) {
                  owned.add(n);
                }
              });
      ext.remove(owned);
    }
    if (next.path("tags").get("manual") instanceof ArrayNode manual) {
      ArrayNode kept = JSON.arrayNode();
      manual.forEach(
          t -> {
            if (!PRIORITY_TAG.equals(t.asText())) {
              kept.add(t);
            }
          });
      ((ObjectNode) next.get("tags")).set("manual", kept);
    }
    mergeObjects(next, request);
    if (request.path("tags").path("manual").isArray()) {
      ArrayNode manual = (ArrayNode) next.path("tags").path("manual");
      LinkedHashSet<JsonNode> unique = new LinkedHashSet<>();
      manual.forEach(unique::add);
      manual.removeAll();
      unique.forEach(manual::add);
    }
    return next;
  }

  private static void mergeObjects(ObjectNode target, ObjectNode source) {
    source
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode existing = target.get(e.getKey());
              if (existing instanceof ObjectNode t && e.getValue() instanceof ObjectNode s) {
                mergeObjects(t, s);
              } else if (existing instanceof ArrayNode t
                  && e.getValue() instanceof ArrayNode s
                  && e.getKey().equals("manual")) {
                s.forEach(v -> t.add(v.deepCopy()));
              } else {
                target.set(e.getKey(), e.getValue().deepCopy());
              }
            });
  }

  // ------------------------------------------------------------------------------ outbound

  /**
   * A customer (as {@code GET …/customers/{id}} renders it) in the talk shape, keys in the seed's
   * order; every field the customer does not hold is null (deprecated fields always are).
   */
  public static ObjectNode toTalk(JsonNode customer) {
    JsonNode base = customer.path("base");
    JsonNode contacts = base.path("contacts");
    JsonNode ext = customer.path("extended");
    ObjectNode out = JSON.objectNode();
    String externalId = textOrNull(customer.path("externalId"));
    JsonNode talkId = numberOrText(externalId);
    out.set("id", talkId);
    String name = textOrNull(ext.path("talkName"));
    if (name == null) {
      String joined =
          (textOr(base.path("firstName"), "") + " " + textOr(base.path("lastName"), "")).trim();
      name = joined.isEmpty() ? null : joined;
    }
    out.put("name", name);
    out.set("external_id", nullable(ext.path("talkExternalId")));
    out.set("document_number", nullable(ext.path("talkDocumentNumber")));
    for (int i = 1; i <= 10; i++) {
      out.putNull(String.format("wildcard_%02d", i));
    }
    out.set("created_at", nullable(ext.path("talkCreatedAt")));
    out.set("main_sms", nullable(ext.path("talkMainSms")));
    out.set("main_whatsapp", nullable(ext.path("talkMainWhatsapp")));
    out.set("main_email", nullable(ext.path("talkMainEmail")));
    out.set("agent_id", nullable(ext.path("talkAgentId")));
    out.set("queue_id", nullable(ext.path("talkQueueId")));
    out.set("customer_group_id", nullable(ext.path("talkCustomerGroupId")));
    out.putNull("profile_picture_url");
    boolean priority = false;
    for (JsonNode t : customer.path("tags").path("manual")) {
      priority |= PRIORITY_TAG.equals(t.asText());
    }
    out.put("is_priority", priority);
    out.set("last_base_api", nullable(ext.path("talkLastBaseApi")));
    out.set("customer_organization_id", nullable(ext.path("talkOrganizationId")));
    out.putNull("crmv_user_id");
    out.putNull("crmv_person_id");
    out.putNull("is_active");
    out.putNull("cxm_user_id");
    out.set("profile_info", profileInfo(base, ext));
    out.set("custom_fields", customFieldsOut(ext));
    out.set("telephones", telephonesOut(contacts, ext, talkId));
    out.set("emails", emailsOut(contacts, ext, talkId));
    return out;
  }

  private static JsonNode profileInfo(JsonNode base, JsonNode ext) {
    String instagram = textOrNull(base.path("socialProfile").path("instagram"));
    boolean any = instagram != null;
    for (String n :
        List.of(
            "talkProfileName",
            "talkProfilePic",
            "talkProfileId",
            "talkProfileVerified",
            "talkProfileFollowers",
            "talkProfileFollowsBusiness",
            "talkBusinessFollowsProfile")) {
      any |= ext.hasNonNull(n);
    }
    if (!any) {
      return JSON.nullNode();
    }
    ObjectNode p = JSON.objectNode();
    p.set("name", nullable(ext.path("talkProfileName")));
    p.put("username", instagram);
    p.set("profile_pic", nullable(ext.path("talkProfilePic")));
    p.set("is_verified_user", nullable(ext.path("talkProfileVerified")));
    p.set("follower_count", nullable(ext.path("talkProfileFollowers")));
    p.set("is_user_follow_business", nullable(ext.path("talkProfileFollowsBusiness")));
    p.set("is_business_follow_user", nullable(ext.path("talkBusinessFollowsProfile")));
    p.set("id", nullable(ext.path("talkProfileId")));
    return p;
  }

  private static JsonNode customFieldsOut(JsonNode ext) {
    JsonNode keys = ext.path("talkCustomFieldKeys");
    if (!keys.isArray()) {
      return JSON.nullNode();
    }
    ObjectNode out = JSON.objectNode();
    for (JsonNode k : keys) {
      out.set(k.asText(), nullable(ext.path(customFieldName(k.asText()))));
    }
    return out;
  }

  private static ArrayNode telephonesOut(JsonNode contacts, JsonNode ext, JsonNode talkId) {
    ArrayNode out = JSON.arrayNode();
    Set<String> sms = strings(ext.path("talkSms"));
    Set<String> wa = strings(ext.path("talkWhatsapp"));
    Set<String> waApi = strings(ext.path("talkWhatsappApi"));
    String mobile = textOrNull(contacts.path("mobilePhone"));
    if (mobile != null) {
      out.add(
          telephone(nullable(ext.path("talkMobilePhoneId")), mobile, "m", talkId, sms, wa, waApi));
    }
    for (JsonNode c : contacts.path("otherContacts")) {
      String type = c.path("type").asText();
      if (type.equals("MOBILE") || type.equals("PHONE")) {
        out.add(
            telephone(
                contactId(c),
                c.path("value").asText(),
                type.equals("MOBILE") ? "m" : "f",
                talkId,
                sms,
                wa,
                waApi));
      }
    }
    return out;
  }

  private static ObjectNode telephone(
      JsonNode id,
      String number,
      String type,
      JsonNode talkId,
      Set<String> sms,
      Set<String> wa,
      Set<String> waApi) {
    ObjectNode t = JSON.objectNode();
    t.set("id", id);
    t.set("customer_id", talkId);
    String cc = null;
    String area = null;
    String local = number;
    String iso2 = null;
    String nsn = null;
    try {
      PhoneNumber n = PHONES.parse(number, null);
      cc = Integer.toString(n.getCountryCode());
      nsn = PHONES.getNationalSignificantNumber(n);
      int ndc = PHONES.getLengthOfNationalDestinationCode(n);
      area = ndc > 0 ? nsn.substring(0, ndc) : "";
      local = nsn.substring(Math.max(ndc, 0));
      String region = PHONES.getRegionCodeForNumber(n);
      iso2 = region == null ? null : region.toLowerCase(Locale.ROOT);
    } catch (NumberParseException e) {
      // a number stored by another writer that does not parse: rendered as its text
    }
    t.put("area_code", area);
    t.put("number", local);
    t.put("type", type);
    t.putNull("level_id");
    t.put("has_sms", sms.contains(number));
    t.put("has_whatsapp", wa.contains(number));
    t.put("has_whatsapp_api", waApi.contains(number));
    for (String n :
        List.of(
            "wa_is_business",
            "wa_is_enterprise",
            "wa_contact_name",
            "wa_pushname",
            "wa_verified_level",
            "wa_verified_name",
            "wa_profile_picture",
            "session_expires_at",
            "insert_origin",
            "inserted_by")) {
      t.putNull(n);
    }
    t.put("country_code", cc);
    t.put("country_iso2", iso2);
    t.put("full_number", nsn);
    t.put("full_number_cc", nsn == null ? number : "+" + cc + " " + nsn);
    return t;
  }

  private static ArrayNode emailsOut(JsonNode contacts, JsonNode ext, JsonNode talkId) {
    ArrayNode out = JSON.arrayNode();
    String email = textOrNull(contacts.path("email"));
    if (email != null) {
      out.add(
          email(
              nullable(ext.path("talkEmailId")),
              email,
              talkId,
              nullable(ext.path("talkUnsubscribedAt"))));
    }
    for (JsonNode c : contacts.path("otherContacts")) {
      if (c.path("type").asText().equals("EMAIL")) {
        out.add(email(contactId(c), c.path("value").asText(), talkId, JSON.nullNode()));
      }
    }
    return out;
  }

  private static ObjectNode email(
      JsonNode id, String email, JsonNode talkId, JsonNode unsubscribedAt) {
    ObjectNode e = JSON.objectNode();
    e.set("id", id);
    e.set("customer_id", talkId);
    e.put("email", email);
    e.putNull("level_id");
    e.putNull("insert_origin");
    e.putNull("inserted_by");
    e.set("unsubscribed_at", unsubscribedAt);
    return e;
  }

  private static JsonNode contactId(JsonNode contact) {
    String name = contact.path("name").asText("");
    if (name.startsWith(CONTACT_NAME_PREFIX)) {
      try {
        return JSON.numberNode(Long.parseLong(name.substring(CONTACT_NAME_PREFIX.length())));
      } catch (NumberFormatException e) {
        return JSON.nullNode();
      }
    }
    return JSON.nullNode();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode numberOrText(String s) {
    if (s == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.numberNode(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return JSON.textNode(s);
    }
  }

  private static JsonNode nullable(JsonNode n) {
    return n == null || n.isMissingNode() ? JSON.nullNode() : n.deepCopy();
  }

  private static String textOrNull(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  private static String textOr(JsonNode n, String fallback) {
    return n.isTextual() ? n.asText() : fallback;
  }

  private static String trim(String prefix) {
    String p = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return p.isEmpty() ? "body" : p;
  }

  private static void putText(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static void putLong(ObjectNode o, String k, Long v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static void putBool(ObjectNode o, String k, Boolean v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static void putSet(ObjectNode o, String k, Set<String> v) {
    if (!v.isEmpty()) {
      ArrayNode a = o.putArray(k);
      v.forEach(a::add);
    }
  }

  /** Typed reads of talk fields that record an error naming the field on a wrong type. */
  static final class Reader {
    private final String prefix;
    private final List<FieldError> errors;

    Reader(String prefix, List<FieldError> errors) {
      this.prefix = prefix;
      this.errors = errors;
    }

    void error(String path, String rule) {
      errors.add(new FieldError(prefix + path, rule));
    }

    /** How many errors so far (to tell whether a read added one). */
    int count() {
      return errors.size();
    }

    /** An explicit null of a field the seed marks NOT nullable (absent is accepted). */
    void notNull(JsonNode o, String field) {
      JsonNode v = o.get(field);
      if (v != null && v.isNull()) {
        error(field, "must not be null (the seed marks it NOT nullable)");
      }
    }

    /**
     * A talk id (seed 002: internal identifiers are positive integers): a JSON integer of at least
     * 1; {@code path} names it in errors.
     */
    Long id(JsonNode o, String path, String field, boolean required) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          error(path, "is required");
        }
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
        error(path, "must be a positive integer");
        return null;
      }
      return v.asLong();
    }

    /**
     * An ISO-8601 date-time ({@code 2023-09-21T12:28:45.000000Z}, the seed's form; the blanks after
     * colons that the seed's copy shows are tolerated), kept as sent; null when absent.
     */
    String dateTime(JsonNode o, String path, String field) {
      String s = text(o, path, field);
      if (s == null) {
        return null;
      }
      try {
        DateTimeFormatter.ISO_DATE_TIME.parse(s.trim().replaceAll(":\\s+", ":"));
        return s;
      } catch (DateTimeParseException e) {
        error(path, "must be an ISO-8601 date-time such as 2023-09-21T12:28:45.000000Z");
        return null;
      }
    }

    Long integerAt(JsonNode o, String path, String field) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        error(path, "must be an integer");
        return null;
      }
      return v.asLong();
    }

    String text(JsonNode o, String field, boolean required) {
      return text(o, field, field, required);
    }

    String text(JsonNode o, String path, String field) {
      return text(o, path, field, false);
    }

    private String text(JsonNode o, String path, String field, boolean required) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          error(path, "is required");
        }
        return null;
      }
      if (!v.isTextual()) {
        error(path, "must be a string");
        return null;
      }
      if (v.asText().length() > MAX_STRING) {
        error(path, "must not exceed " + MAX_STRING + " characters");
        return null;
      }
      return v.asText();
    }

    /** A string or a number, as text (profile ids come as either). */
    String scalarText(JsonNode o, String path, String field) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual() && !v.isNumber()) {
        error(path, "must be a string");
        return null;
      }
      return v.asText();
    }

    Boolean bool(JsonNode o, String path, String field) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isBoolean()) {
        error(path, "must be a boolean");
        return null;
      }
      return v.asBoolean();
    }

    JsonNode object(JsonNode o, String field) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        error(field, "must be an object");
        return null;
      }
      return v;
    }

    JsonNode array(JsonNode o, String field) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isArray()) {
        error(field, "must be an array");
        return null;
      }
      return v;
    }
  }
}
