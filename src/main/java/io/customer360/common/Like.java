package io.customer360.common;

import java.util.Locale;

/**
 * Substring filters over SQL/HQL {@code LIKE}: the user's text is matched literally, so {@code %}
 * and {@code _} in a {@code name} or {@code search} parameter match themselves, not "anything" (QA:
 * {@code GET /hub/v1/workspaces?name=%25} matched every workspace). Use the pattern with {@code
 * like :param escape '!'} ({@link #ESCAPE}).
 */
public final class Like {

  /** The clause to append after {@code like :param}. */
  public static final String ESCAPE = " escape '!'";

  private Like() {}

  /**
   * The pattern matching {@code text} anywhere, lower-cased (compare with {@code lower(column)}):
   * {@code "50%_off"} becomes {@code "%50!%!_off%"}.
   */
  public static String containsIgnoringCase(String text) {
    return "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
  }

  /** {@code text} with the LIKE metacharacters {@code % _ !} escaped by {@code !}. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '_' || c == '!') {
        b.append('!');
      }
      b.append(c);
    }
    return b.toString();
  }
}
