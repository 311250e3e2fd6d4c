package io.customer360.api.customer360;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.api.customer360.Customer360Responses.Profile;
import io.customer360.common.Keys;
import io.customer360.common.WireTime;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The profile object of seed 000 from a profile document of the customer index (search {@code
 * CustomerProfiles}: {@code id}, {@code base}, {@code consents}, {@code tags}, {@code
 * registeredAt}, {@code extendedSource}, {@code activity}). A pure function; the rules:
 *
 * <ul>
 *   <li>{@code email}: {@code base.contacts.email} as stored.
 *   <li>{@code phone}: the E.164 form (libphonenumber; numbers without {@code +} read in the
 *       workspace's {@code defaultPhoneRegion}, as the core reads them) of {@code
 *       base.contacts.mobilePhone}, else of {@code base.contacts.phone}; a number that does not
 *       parse is skipped, so null when neither parses.
 *   <li>{@code firstName}, {@code lastName}, {@code city} ({@code base.address.city}), {@code
 *       timezone} ({@code base.timezone}) as stored.
 *   <li>{@code country}: {@code base.address.country} as ISO 3166-1 alpha-2: a valid two-letter
 *       code upper-cased, a valid three-letter code or an English country name (any case and
 *       accents, from {@link Locale}'s ISO tables; also "UK") mapped to its code; else null.
 *   <li>{@code language}: the language subtag of {@code base.locale} ({@code it_IT}, {@code en-US},
 *       {@code pt}) when it is an ISO 639 code, lower-cased; else null (the Contacthub base
 *       properties carry a locale, not a separate preferred language).
 *   <li>{@code tags}: {@code tags.auto} then {@code tags.manual}, each value once.
 *   <li>{@code attributes}: {@code extendedSource} (the extended properties as the native API
 *       renders them), {@code {}} when there are none.
 *   <li>{@code isSubscribed}, {@code isSmsSubscribed}, {@code isPushSubscribed}: per channel
 *       (e-mail, SMS, push) true only when the customer opted in and never out: an opt-in is {@code
 *       consents.marketing.automatic.<email|sms|push>.status = true} or a {@code
 *       base.subscriptions} item of that channel with {@code subscribed = true}; an opt-out, which
 *       wins, is that consent's {@code status = false} or {@code objection = true}, or a
 *       subscription of that channel with {@code subscribed = false}. A subscription's channel is
 *       its {@code type}, any case: {@code EMAIL}/{@code E-MAIL}/{@code MAIL}, {@code SMS}, {@code
 *       PUSH}. Nothing recorded means not subscribed.
 *   <li>{@code lifetimeValue}: {@code activity.lifetimeValue} (sum of the completed orders' {@code
 *       amount.total}), null when there are none.
 *   <li>{@code lastActiveAt}: {@code activity.lastEventAt} (newest event date), {@code createdAt}:
 *       {@code registeredAt}; both ISO-8601 UTC with milliseconds.
 * </ul>
 */
public final class ProfileMapper {

  private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
  private static final Map<String, String> COUNTRY_NAMES = countryNames();

  private ProfileMapper() {}

  /** The profile object of a profile document; {@code phoneRegion} reads national numbers. */
  public static Profile profile(JsonNode doc, String phoneRegion) {
    JsonNode base = doc.path("base");
    JsonNode contacts = base.path("contacts");
    JsonNode consents = doc.path("consents").path("marketing").path("automatic");
    JsonNode subscriptions = base.path("subscriptions");
    JsonNode activity = doc.path("activity");
    JsonNode attributes = doc.path("extendedSource");
    JsonNode ltv = activity.path("lifetimeValue");
    return new Profile(
        doc.path("id").asText(),
        text(contacts.path("email")),
        phone(text(contacts.path("mobilePhone")), text(contacts.path("phone")), phoneRegion),
        text(base.path("firstName")),
        text(base.path("lastName")),
        country(text(base.path("address").path("country"))),
        text(base.path("address").path("city")),
        language(text(base.path("locale"))),
        text(base.path("timezone")),
        tags(doc.path("tags")),
        attributes.isObject() ? attributes : JsonNodeFactory.instance.objectNode(),
        subscribed(consents.path("email"), subscriptions, "EMAIL", "E-MAIL", "MAIL"),
        subscribed(consents.path("sms"), subscriptions, "SMS"),
        subscribed(consents.path("push"), subscriptions, "PUSH"),
        ltv.isNumber() ? ltv.asDouble() : null,
        WireTime.normalize(text(activity.path("lastEventAt"))),
        WireTime.normalize(text(doc.path("registeredAt"))));
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.textValue() : null;
  }

  /** E.164 of the mobile number, else of the other number; null when neither parses. */
  static String phone(String mobile, String phone, String region) {
    String e164 = Keys.phoneKey(mobile, region);
    return e164 != null ? e164 : Keys.phoneKey(phone, region);
  }

  /** ISO 3166-1 alpha-2 of a code or an English country name; null when unknown. */
  static String country(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.strip();
    String upper = value.toUpperCase(Locale.ROOT);
    if (value.length() == 2 && ALPHA2.contains(upper)) {
      return upper;
    }
    return COUNTRY_NAMES.get(fold(value));
  }

  /** The ISO 639 language of a locale such as {@code it_IT} or {@code en-US}; null otherwise. */
  static String language(String locale) {
    if (locale == null || locale.isBlank()) {
      return null;
    }
    String first = locale.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return LANGUAGES.contains(first) ? first : null;
  }

  /** Automatic then manual tags, each value once. */
  static List<String> tags(JsonNode tags) {
    Set<String> all = new LinkedHashSet<>();
    for (String kind : List.of("auto", "manual")) {
      tags.path(kind)
          .forEach(
              t -> {
                if (t.isTextual()) {
                  all.add(t.textValue());
                }
              });
    }
    return new ArrayList<>(all);
  }

  /** The channel rule of the class comment. */
  static boolean subscribed(JsonNode consent, JsonNode subscriptions, String... types) {
    boolean in = consent.path("status").isBoolean() && consent.path("status").booleanValue();
    boolean out =
        consent.path("status").isBoolean() && !consent.path("status").booleanValue()
            || consent.path("objection").isBoolean() && consent.path("objection").booleanValue()
            || consent.path("limitation").isBoolean() && consent.path("limitation").booleanValue();
    for (JsonNode s : subscriptions) {
      if (!isChannel(s.path("type"), types) || !s.path("subscribed").isBoolean()) {
        continue;
      }
      if (s.path("subscribed").booleanValue()) {
        in = true;
      } else {
        out = true;
      }
    }
    return in && !out;
  }

  private static boolean isChannel(JsonNode type, String... types) {
    if (!type.isTextual()) {
      return false;
    }
    String t = type.textValue().strip();
    for (String candidate : types) {
      if (candidate.equalsIgnoreCase(t)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> countryNames() {
    Map<String, String> names = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      Locale country = new Locale.Builder().setRegion(code).build();
      names.put(fold(country.getDisplayCountry(Locale.ENGLISH)), code);
      try {
        names.put(fold(country.getISO3Country()), code);
      } catch (java.util.MissingResourceException e) {
        // no alpha-3 code for this region
      }
    }
    names.put("uk", "GB");
    names.put("usa", "US");
    names.put("united states of america", "US");
    return Map.copyOf(names);
  }

  /** Lower case, accents removed, spaces collapsed. */
  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT)
        .strip()
        .replaceAll("\\s+", " ");
  }
}
