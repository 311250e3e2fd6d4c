package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.FieldError;
import io.customer360.node.MatchingPolicy;
import java.util.List;
import java.util.Locale;

/**
 * The value that identifies a customer inside its entry node: the values of the node's
 * unique-customer properties, lowercased unless the policy is case-sensitive, joined by a unit
 * separator. The customer table holds it under a unique (node_id, unique_key) index.
 */
public final class UniqueKey {

  private static final char SEPARATOR = '\u001f';

  private UniqueKey() {}

  /** The key of {@code doc}; every missing property is added to {@code errors}, then null. */
  public static String of(MatchingPolicy policy, JsonNode doc, List<FieldError> errors) {
    StringBuilder key = new StringBuilder();
    boolean complete = true;
    for (String path : policy.properties()) {
      JsonNode v = CustomerValidator.at(doc, path);
      if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
        errors.add(new FieldError(path, "is required by the node's unique-customer policy"));
        complete = false;
        continue;
      }
      if (key.length() > 0) {
        key.append(SEPARATOR);
      }
      String text = v.asText().trim();
      key.append(policy.isCaseSensitive() ? text : text.toLowerCase(Locale.ROOT));
    }
    return complete ? key.toString() : null;
  }
}
