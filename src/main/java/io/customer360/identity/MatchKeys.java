package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Keys;
import io.customer360.node.ExclusionFilter;
import io.customer360.node.MatchingPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The matching keys of an entry customer in an aggregate node, and the node's exclusion filters. A
 * key is {@code <property path>=<normalised value>}: the path prefix keeps an email "a" from
 * matching an externalId "a".
 */
public final class MatchKeys {

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private MatchKeys() {}

  /** One key per matching property with a non-empty scalar value, sorted, without repeats. */
  public static List<String> of(MatchingPolicy policy, JsonNode document) {
    if (policy == null || document == null) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String path : policy.properties()) {
      String value = normalise(path, text(document, path), policy.isCaseSensitive());
      if (value != null) {
        keys.add(path + "=" + value);
      }
    }
    return List.copyOf(keys);
  }

  /** Phone numbers are stored as written; until the workspace's region reaches identity, IT. */
  static final String PHONE_REGION = "IT";

  /** Phone paths in E.164 (a value that does not parse matches nothing), others as below. */
  static String normalise(String path, String value, boolean caseSensitive) {
    return Keys.PHONE_PATHS.contains(path)
        ? Keys.phoneKey(value, PHONE_REGION)
        : Keys.normalizeKey(value, caseSensitive);
  }

  /** Trimmed, lowercased unless case-sensitive; null when nothing is left. */
  static String normalise(String value, boolean caseSensitive) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    return caseSensitive ? trimmed : trimmed.toLowerCase(Locale.ROOT);
  }

  /**
   * True when a filter keeps the customer out: its property equals the filter's value exactly, or
   * matches the filter's pattern as a whole. A missing property never matches.
   */
  public static boolean excluded(List<ExclusionFilter> filters, JsonNode document) {
    if (filters == null || document == null) {
      return false;
    }
    for (ExclusionFilter f : filters) {
      String value = text(document, f.property());
      if (value == null) {
        continue;
      }
      if (f.value() != null && f.value().equals(value)) {
        return true;
      }
      if (f.pattern() != null
          && PATTERNS.computeIfAbsent(f.pattern(), Pattern::compile).matcher(value).matches()) {
        return true;
      }
    }
    return false;
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
