package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.FieldError;
import io.customer360.common.Keys;
import io.customer360.node.MatchingPolicy;
import java.util.List;

/**
 * The value that identifies a customer inside its entry node: the values of the node's
 * unique-customer properties in their comparison form ({@link Keys#normalizeKey}: trimmed, Unicode
 * NFC, lowercased unless the policy is case-sensitive; phone numbers in E.164 when they parse),
 * joined by a unit separator. The customer table holds it under a unique (node_id, unique_key)
 * index, so canonically equal keys meet there (issue 13, fault 13).
 */
public final class UniqueKey {

  private static final char SEPARATOR = '\u001f';

  private UniqueKey() {}

  /**
   * The key of {@code doc}; every missing property is added to {@code errors}, then null. Phone
   * numbers written without {@code +} are read in {@code phoneRegion}.
   */
  public static String of(
      MatchingPolicy policy, JsonNode doc, String phoneRegion, List<FieldError> errors) {
    StringBuilder key = new StringBuilder();
    boolean complete = true;
    for (String path : policy.properties()) {
      JsonNode v = CustomerValidator.at(doc, path);
      String part =
          v.isValueNode() && !v.isNull() ? valueOf(path, v.asText(), policy, phoneRegion) : null;
      if (part == null) {
        errors.add(new FieldError(path, "is required by the node's unique-customer policy"));
        complete = false;
        continue;
      }
      if (key.length() > 0) {
        key.append(SEPARATOR);
      }
      key.append(part);
    }
    return complete ? key.toString() : null;
  }

  private static String valueOf(
      String path, String raw, MatchingPolicy policy, String phoneRegion) {
    String phone =
        CustomerIdentifiers.PHONE_PATHS.contains(path)
            ? CustomerIdentifiers.e164(raw, phoneRegion)
            : null;
    return phone != null ? phone : Keys.normalizeKey(raw, policy.isCaseSensitive());
  }
}
