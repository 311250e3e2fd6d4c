package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * An entry customer row. {@code document} holds base, consents, extended, extra and tags;
 * externalId and enabled live in their own columns.
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

  /** The API JSON of the customer. */
  /**
   * The customer API JSON of a row aliased {@code c}, rendered by PostgreSQL (for change-log rows
   * written in the same statement as the customer, and for reads of many customers at once).
   */
  public static final String SQL_JSON =
      "(jsonb_build_object('id', c.id, 'nodeId', c.node_id, 'externalId', c.external_id)"
          + " || c.document || jsonb_build_object('enabled', c.enabled,"
          + " 'registeredAt', to_char(c.registered_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
          + " 'updatedAt', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
          + " 'version', c.version, 'intId', c.int_id, 'deleted', c.deleted,"
          + " 'sourceInfo', c.source_info))";

  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("id", id.toString());
    out.put("intId", intId);
    out.put("nodeId", nodeId.toString());
    out.put("externalId", externalId);
    for (String k : DOCUMENT_KEYS) {
      out.set(k, document.has(k) ? document.get(k) : JsonNodeFactory.instance.nullNode());
    }
    out.put("enabled", enabled);
    out.put("registeredAt", time(registeredAt));
    out.put("updatedAt", time(updatedAt));
    out.put("version", version);
    out.put("deleted", deleted);
    out.set("sourceInfo", sourceInfo);
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

  static String time(OffsetDateTime t) {
    return t == null
        ? null
        : t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
