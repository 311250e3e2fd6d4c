package io.customer360.api.customer360;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code {locale}} segment of the dialect's base path (spec customer360-api.md: "an unsupported
 * one answers 404"): a language tag whose language is {@code en}, {@code es}, {@code it} or {@code
 * pt}, alone or with a region (two letters or three digits, any case): {@code pt-BR} and {@code
 * es-MX} fall back to {@code pt} and {@code es}. Anything else (another language, underscores,
 * scripts, variants) is unsupported.
 */
public final class Customer360Locales {

  /** The languages the messages exist in. */
  public static final String SUPPORTED = "en, es, it, pt";

  private static final Pattern TAG = Pattern.compile("(?i)(en|es|it|pt)(-([a-z]{2}|[0-9]{3}))?");

  private Customer360Locales() {}

  /** The bundles, looked up once the application runs (lazily: pure logic needs no container). */
  private static final class Bundles {
    static final Map<String, Customer360Messages> BY_LANGUAGE =
        Map.of(
            "en", bundle("en"),
            "es", bundle("es"),
            "it", bundle("it"),
            "pt", bundle("pt"));

    private static Customer360Messages bundle(String language) {
      return MessageBundles.get(Customer360Messages.class, Localized.Literal.of(language));
    }
  }

  /** The language ({@code en|es|it|pt}) of a supported tag, or null for an unsupported one. */
  public static String language(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      return null;
    }
    return tag.substring(0, 2).toLowerCase(Locale.ROOT);
  }

  /** The messages of a supported tag, or null for an unsupported one. */
  public static Customer360Messages messages(String tag) {
    String language = language(tag);
    return language == null ? null : Bundles.BY_LANGUAGE.get(language);
  }

  /** The messages of a tag, English when it is unsupported (the answer to an unknown locale). */
  public static Customer360Messages messagesOrEnglish(String tag) {
    Customer360Messages m = messages(tag);
    return m == null ? Bundles.BY_LANGUAGE.get("en") : m;
  }
}
