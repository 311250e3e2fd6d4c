package io.customer360.common;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * One comparison form for keys: unique keys, identifier values and matching values are compared in
 * Unicode NFC (issue 13, fault 13: "Zo\u00eb" and "Zoe\u0308" are the same key), trimmed, and
 * lowercased with the root locale unless the policy is case-sensitive. Phone numbers compare in
 * E.164 (issue 13, fault 20: the document keeps what the client wrote; only keys are normalised).
 */
public final class Keys {

  /** The customer paths that hold phone numbers. */
  public static final Set<String> PHONE_PATHS =
      Set.of("base.contacts.mobilePhone", "base.contacts.phone", "base.contacts.fax");

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private Keys() {}

  /**
   * The E.164 form of a phone number, numbers without {@code +} read in {@code region} (ISO 3166
   * alpha-2); null when it does not parse as a phone number (such a value matches nothing).
   */
  public static String phoneKey(String raw, String region) {
    if (raw == null || raw.isBlank() || raw.length() > 64) {
      return null;
    }
    try {
      PhoneNumber n = PHONES.parse(raw, region);
      return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }

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
