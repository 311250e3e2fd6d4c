package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.customer360.common.Keys;
import io.customer360.node.ExclusionFilter;
import io.customer360.node.MatchingPolicy;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The matching keys of an entry customer in an aggregate node, and the node's exclusion filters. A
 * key is {@code <property path>=<normalised value>}: the path prefix keeps an email "a" from
 * matching an externalId "a".
 *
 * <p>Values are compared in one form (issue 13, fault 13; seed: matching values are compared
 * "normalised"): Unicode NFC, trimmed, lowercased (root locale) unless the policy is
 * case-sensitive; contact numbers ({@code base.contacts.phone}, {@code mobilePhone}, {@code fax})
 * as E.164, national numbers read in the default region, and a value that is no phone number
 * matches nothing. The stored document keeps the values as sent.
 *
 * <p>Exclusion filter patterns run on RE2J, whose matching time is linear in the input, so that no
 * pattern can make a write backtrack for seconds (issue 13, fault 2).
 */
public final class MatchKeys {

  /**
   * The region national phone numbers are read in when the caller names none (the default of {@code
   * customer360.identity.default-phone-region}).
   */
  public static final String DEFAULT_PHONE_REGION = "IT";

  /** Compiled patterns; a pattern RE2J refuses maps to NEVER and excludes nobody. */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private static final Pattern NEVER = Pattern.compile("[^\\x00-\\x{10FFFF}]");

  private MatchKeys() {}

  /** One key per matching property with a non-empty scalar value, sorted, without repeats. */
  public static List<String> of(MatchingPolicy policy, JsonNode document) {
    return of(policy, document, DEFAULT_PHONE_REGION);
  }

  /** As {@link #of(MatchingPolicy, JsonNode)}, reading national phone numbers in {@code region}. */
  public static List<String> of(MatchingPolicy policy, JsonNode document, String region) {
    if (policy == null || document == null) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String path : policy.properties()) {
      String value = normalise(path, text(document, path), policy.isCaseSensitive(), region);
      if (value != null) {
        keys.add(path + "=" + value);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Phone paths ({@link Keys#PHONE_PATHS}) in E.164, national numbers read in {@code region} (a
   * value that does not parse matches nothing); other paths in {@link Keys#normalizeKey} form.
   */
  static String normalise(String path, String value, boolean caseSensitive, String region) {
    return Keys.PHONE_PATHS.contains(path)
        ? Keys.phoneKey(value, region == null ? DEFAULT_PHONE_REGION : region)
        : Keys.normalizeKey(value, caseSensitive);
  }

  /**
   * True when a filter keeps the customer out: its property equals the filter's value exactly, or
   * matches the filter's pattern as a whole (RE2 syntax, linear time), both in NFC. A missing
   * property never matches.
   */
  public static boolean excluded(List<ExclusionFilter> filters, JsonNode document) {
    if (filters == null || document == null) {
      return false;
    }
    for (ExclusionFilter f : filters) {
      String value = nfc(text(document, f.property()));
      if (value == null) {
        continue;
      }
      if (f.value() != null && nfc(f.value()).equals(value)) {
        return true;
      }
      if (f.pattern() != null && pattern(f.pattern()).matches(value)) {
        return true;
      }
    }
    return false;
  }

  private static String nfc(String value) {
    return value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC);
  }

  static Pattern pattern(String pattern) {
    return PATTERNS.computeIfAbsent(pattern, MatchKeys::compile);
  }

  private static Pattern compile(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return NEVER;
    }
  }

  /** The scalar at a dotted path as text; null when absent, null or not a scalar. */
  static String text(JsonNode document, String path) {
    JsonNode n = document;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }
}
