package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An entry customer row. {@code document} holds base, consents, extended, extra and tags as the
 * client wrote them; externalId and enabled live in their own columns. {@link CustomerJson} renders
 * it for the wire.
 */
public record Customer(
    UUID id,
    long intId,
    UUID workspaceId,
    UUID nodeId,
    String externalId,
    String uniqueKey,
    ObjectNode document,
    boolean enabled,
    OffsetDateTime registeredAt,
    OffsetDateTime updatedAt,
    int version,
    int deleted,
    ObjectNode sourceInfo) {

  static final String[] DOCUMENT_KEYS = {"base", "consents", "extended", "extra", "tags"};

  /**
   * The writable part as the API shows it: externalId, base, consents, extended, extra, tags,
   * enabled.
   */
  public ObjectNode writable() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("externalId", externalId);
    for (String k : DOCUMENT_KEYS) {
      if (document.has(k)) {
        out.set(k, document.get(k).deepCopy());
      }
    }
    out.put("enabled", enabled);
    return out;
  }

  /** Splits a writable document into the stored document (without externalId and enabled). */
  static ObjectNode storedDocument(ObjectNode writable) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String k : DOCUMENT_KEYS) {
      JsonNode v = writable.get(k);
      if (v != null && !v.isNull()) {
        out.set(k, v);
      }
    }
    return out;
  }

  static String externalIdOf(ObjectNode writable) {
    JsonNode v = writable.get("externalId");
    return v == null || v.isNull() ? null : v.asText();
  }

  static boolean enabledOf(ObjectNode writable) {
    JsonNode v = writable.get("enabled");
    return v == null || v.isNull() || v.asBoolean(true);
  }
}
