package io.customer360.common;

/**
 * The text rule every request string obeys, in bodies, query parameters and path segments: no NUL
 * character (PostgreSQL cannot store it) and no unpaired UTF-16 surrogate (it has no Unicode
 * encoding and would be stored as {@code ?}). Issue 13, fault 4.
 */
public final class SafeText {

  /** The rule named in the 400 answer. */
  public static final String RULE = "must not contain NUL characters or unpaired surrogates";

  private SafeText() {}

  /** True when the text can be stored as it is; null is safe. */
  public static boolean isSafe(CharSequence text) {
    if (text == null) {
      return true;
    }
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
