package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes the document of a unified customer from its members' documents.
 *
 * <p>Rules, per property path: the value of the highest-ranked member that holds a non-null value
 * wins. A member ranks by the source that last wrote it ({@code sourceInfo.updatedBy}): a source
 * listed in its entry node's {@code sourcePriority} outranks every unlisted one, and an earlier
 * position outranks a later one; among equals the most recent {@code updatedAt} wins. Objects merge
 * property by property. Arrays are unioned: elements that are objects with an {@code id} (e.g.
 * {@code base.subscriptions}) are kept once per id, the higher-ranked member's element winning;
 * other elements (e.g. {@code tags.manual}) are kept once by value.
 */
public final class UnifiedCustomerMerger {

  /** The properties of the customer document that a unified customer carries. */
  static final List<String> PROPERTIES =
      List.of("externalId", "base", "consents", "extended", "extra", "tags");

  public record Member(
      UUID id, UUID nodeId, ObjectNode document, OffsetDateTime updatedAt, String updatedBy) {}

  private UnifiedCustomerMerger() {}

  /**
   * @param sourcePriority per entry node id, its source priority list (missing = none)
   */
  public static ObjectNode merge(List<Member> members, Map<UUID, List<UUID>> sourcePriority) {
    List<Member> ordered = new ArrayList<>(members);
    // Lowest rank first, so that every later member overrides what came before.
    ordered.sort(
        Comparator.comparingInt((Member m) -> -rank(m, sourcePriority))
            .thenComparing(
                Member::updatedAt, Comparator.nullsFirst(Comparator.<OffsetDateTime>naturalOrder()))
            .thenComparing(Member::id));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Member m : ordered) {
      for (String p : PROPERTIES) {
        JsonNode value = m.document() == null ? null : m.document().get(p);
        if (value != null && !value.isNull()) {
          out.set(p, combine(out.get(p), value));
        }
      }
    }
    return out;
  }

  /** 0 is the best rank; members whose source is not listed rank last. */
  static int rank(Member m, Map<UUID, List<UUID>> sourcePriority) {
    List<UUID> priority = sourcePriority.get(m.nodeId());
    if (priority == null || m.updatedBy() == null) {
      return Integer.MAX_VALUE;
    }
    for (int i = 0; i < priority.size(); i++) {
      if (priority.get(i).toString().equalsIgnoreCase(m.updatedBy())) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** {@code newer} laid over {@code older}: the newer non-null value wins. */
  private static JsonNode combine(JsonNode older, JsonNode newer) {
    if (older == null || older.isNull()) {
      return newer.deepCopy();
    }
    if (older.isObject() && newer.isObject()) {
      ObjectNode merged = ((ObjectNode) older).deepCopy();
      newer
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  merged.set(e.getKey(), combine(merged.get(e.getKey()), e.getValue()));
                }
              });
      return merged;
    }
    if (older.isArray() && newer.isArray()) {
      return union((ArrayNode) older, (ArrayNode) newer);
    }
    return newer.deepCopy();
  }

  private static ArrayNode union(ArrayNode older, ArrayNode newer) {
    ArrayNode out = older.deepCopy();
    for (JsonNode element : newer) {
      JsonNode id = element.isObject() ? element.get("id") : null;
      int at = -1;
      for (int i = 0; i < out.size(); i++) {
        JsonNode existing = out.get(i);
        boolean same =
            id != null && !id.isNull()
                ? existing.isObject() && id.equals(existing.get("id"))
                : existing.equals(element);
        if (same) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        out.add(element.deepCopy());
      } else if (id != null && !id.isNull()) {
        out.set(at, element.deepCopy());
      }
    }
    return out;
  }
}
