package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The identifiers of an entry customer, the rows of {@code customer_identifier}: {@code email}
 * (NFC, lowercased), {@code mobile} (E.164 read with the workspace's default phone region) and
 * {@code externalId} (NFC, case kept). The document keeps what the client wrote; only these
 * comparison forms are normalised (issue 13, faults 13 and 20). A mobile number that does not parse
 * as a phone number gives no identifier: it matches nothing.
 *
 * @param types the identifier types, index-aligned with {@code values}
 * @param values the comparison forms
 */
public record CustomerIdentifiers(List<String> types, List<String> values) {

  public static final String EMAIL = "email";
  public static final String MOBILE = "mobile";
  public static final String EXTERNAL_ID = "externalId";

  /** The identifier types a lookup may ask for. */
  public static final Set<String> TYPES = Set.of(EMAIL, MOBILE, EXTERNAL_ID);

  /** The contact paths that hold phone numbers; keys built from them compare in E.164. */
  static final Set<String> PHONE_PATHS = Keys.PHONE_PATHS;

  /** The identifiers of a customer with this external id and stored document. */
  static CustomerIdentifiers of(String externalId, JsonNode document, String phoneRegion) {
    List<String> types = new ArrayList<>(3);
    List<String> values = new ArrayList<>(3);
    JsonNode contacts = document.path("base").path("contacts");
    add(types, values, EMAIL, normalize(EMAIL, text(contacts.path("email")), phoneRegion));
    add(types, values, MOBILE, normalize(MOBILE, text(contacts.path("mobilePhone")), phoneRegion));
    add(types, values, EXTERNAL_ID, normalize(EXTERNAL_ID, externalId, phoneRegion));
    return new CustomerIdentifiers(types, values);
  }

  /** The comparison form of a value of {@code type}; null when it can identify nobody. */
  static String normalize(String type, String raw, String phoneRegion) {
    return switch (type) {
      case EMAIL -> Keys.normalizeKey(raw, false);
      case MOBILE -> e164(raw, phoneRegion);
      default -> Keys.normalizeKey(raw, true);
    };
  }

  /** The E.164 form of a phone number read in {@code region}, or null when it does not parse. */
  /**
   * The region phone numbers without {@code +} are read in: the workspace setting {@link
   * io.customer360.workspace.WorkspaceSettings#DEFAULT_PHONE_REGION}, else {@code fallback} ({@code
   * customer360.identity.default-phone-region}).
   */
  static String region(io.customer360.workspace.Workspace ws, String fallback) {
    JsonNode region = ws.setting(io.customer360.workspace.WorkspaceSettings.DEFAULT_PHONE_REGION);
    return region.isTextual() && !region.asText().isBlank() ? region.asText() : fallback;
  }

  public static String e164(String raw, String region) {
    return Keys.phoneKey(raw, region);
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  private static void add(List<String> types, List<String> values, String type, String value) {
    if (value != null) {
      types.add(type);
      values.add(value);
    }
  }

  String[] typeArray() {
    return types.toArray(new String[0]);
  }

  String[] valueArray() {
    return values.toArray(new String[0]);
  }
}
