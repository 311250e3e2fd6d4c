package io.customer360.common;

import java.text.Normalizer;
import java.util.Locale;

/**
 * One comparison form for keys: unique keys, identifier values and matching values are compared in
 * Unicode NFC (issue 13, fault 13: "Zo\u00eb" and "Zoe\u0308" are the same key), trimmed, and
 * lowercased with the root locale unless the policy is case-sensitive.
 */
public final class Keys {

  private Keys() {}

  /**
   * The comparison form of {@code value}: trimmed, NFC, lowercased unless {@code caseSensitive};
   * null when nothing is left.
   */
  public static String normalizeKey(String value, boolean caseSensitive) {
    if (value == null) {
      return null;
    }
    String nfc = Normalizer.normalize(value.trim(), Normalizer.Form.NFC);
    if (nfc.isEmpty()) {
      return null;
    }
    return caseSensitive
        ? nfc
        : Normalizer.normalize(nfc.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }
}
