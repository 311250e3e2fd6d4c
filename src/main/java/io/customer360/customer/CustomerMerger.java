package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The seed's write rules for customer documents (the writable part: externalId, base, consents,
 * extended, extra, tags, enabled).
 *
 * <p>Merge (create on an existing unique key, CU2): properties absent from the customer are added,
 * present ones are replaced, objects are merged property by property, collections are appended and
 * deduplicated. Items that carry an id (educations, jobs, likes, subscriptions) are the same item
 * when their ids are equal: the request's item replaces the stored one in place, except a
 * subscription, which keeps the stored properties the request omits unless the mode is STRICT.
 *
 * <p>Patch (CU4: "Present ones are replaced. Collections are deduplicated"): as merge, except that
 * a present collection replaces the stored one, deduplicated; a subscription whose id is already
 * stored keeps the properties the request omits unless STRICT (issue 13, fault 14: {@code
 * {"tags":{"manual":[]}}} clears the manual tags).
 *
 * <p>Replace (PUT): the request becomes the document; collections are deduplicated as sets, and a
 * subscription whose id is already stored keeps the properties the request omits unless STRICT.
 */
public final class CustomerMerger {

  /** Collections whose items are identified by their {@code id} property. */
  static final Set<String> KEYED =
      Set.of("base.educations", "base.jobs", "base.likes", "base.subscriptions");

  static final String SUBSCRIPTIONS = "base.subscriptions";

  private CustomerMerger() {}

  /** {@code current} merged with {@code request} (CU2); neither argument is changed. */
  public static ObjectNode merge(ObjectNode current, ObjectNode request, boolean strict) {
    ObjectNode out = current.deepCopy();
    mergeInto(out, request, "", strict, true);
    return out;
  }

  /** {@code current} patched with {@code request} (CU4); neither argument is changed. */
  public static ObjectNode patch(ObjectNode current, ObjectNode request, boolean strict) {
    ObjectNode out = current.deepCopy();
    mergeInto(out, request, "", strict, false);
    return out;
  }

  /** The PUT result: {@code request} with collections deduplicated and subscriptions completed. */
  public static ObjectNode replace(ObjectNode current, ObjectNode request, boolean strict) {
    ObjectNode out = request.deepCopy();
    dedupeAll(out, "");
    JsonNode incoming = CustomerValidator.at(out, SUBSCRIPTIONS);
    if (!strict && incoming.isArray()) {
      keepOmitted((ArrayNode) incoming, CustomerValidator.at(current, SUBSCRIPTIONS));
    }
    return out;
  }

  /** Completes each subscription of {@code subs} with the properties its stored twin holds. */
  private static void keepOmitted(ArrayNode subs, JsonNode stored) {
    if (!stored.isArray()) {
      return;
    }
    Map<String, JsonNode> byId = byId(stored);
    for (int i = 0; i < subs.size(); i++) {
      JsonNode s = subs.get(i);
      JsonNode old = s.isObject() ? byId.get(idOf(s)) : null;
      if (old != null && old.isObject()) {
        ObjectNode kept = ((ObjectNode) old).deepCopy();
        kept.setAll((ObjectNode) s);
        subs.set(i, kept);
      }
    }
  }

  private static void mergeInto(
      ObjectNode target, ObjectNode request, String path, boolean strict, boolean append) {
    for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String at = path.isEmpty() ? key : path + "." + key;
      JsonNode incoming = e.getValue();
      JsonNode existing = target.get(key);
      if (incoming.isObject() && existing != null && existing.isObject()) {
        mergeInto((ObjectNode) existing, (ObjectNode) incoming, at, strict, append);
      } else if (incoming.isArray() && existing != null && existing.isArray() && append) {
        target.set(key, appendArray((ArrayNode) existing, (ArrayNode) incoming, at, strict));
      } else if (incoming.isArray() && existing != null && existing.isArray()) {
        ArrayNode replaced = dedupe((ArrayNode) incoming.deepCopy(), at);
        if (!strict && SUBSCRIPTIONS.equals(at)) {
          keepOmitted(replaced, existing);
        }
        target.set(key, replaced);
      } else if (incoming.isArray()) {
        target.set(key, dedupe((ArrayNode) incoming.deepCopy(), at));
      } else {
        target.set(key, incoming.deepCopy());
      }
    }
  }

  private static ArrayNode appendArray(
      ArrayNode existing, ArrayNode incoming, String path, boolean strict) {
    if (!KEYED.contains(path)) {
      ArrayNode all = existing.deepCopy();
      incoming.forEach(n -> all.add(n.deepCopy()));
      return dedupe(all, path);
    }
    boolean keepMissing = SUBSCRIPTIONS.equals(path) && !strict;
    Map<String, JsonNode> items = new LinkedHashMap<>();
    int anonymous = 0;
    for (JsonNode n : existing) {
      items.put(key(n, anonymous++), n.deepCopy());
    }
    for (JsonNode n : incoming) {
      String k = key(n, anonymous++);
      JsonNode old = items.get(k);
      if (keepMissing && old != null && old.isObject() && n.isObject()) {
        ObjectNode kept = ((ObjectNode) old).deepCopy();
        kept.setAll(((ObjectNode) n).deepCopy());
        items.put(k, kept);
      } else {
        items.put(k, n.deepCopy());
      }
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    items.values().forEach(out::add);
    return out;
  }

  private static void dedupeAll(ObjectNode node, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (e.getValue().isObject()) {
        dedupeAll((ObjectNode) e.getValue(), at);
      } else if (e.getValue().isArray()) {
        e.setValue(dedupe((ArrayNode) e.getValue(), at));
      }
    }
  }

  /** Keeps the first of equal items; keyed collections keep the last item of each id. */
  static ArrayNode dedupe(ArrayNode items, String path) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (KEYED.contains(path)) {
      Map<String, JsonNode> byKey = new LinkedHashMap<>();
      int anonymous = 0;
      for (JsonNode n : items) {
        byKey.put(key(n, anonymous++), n);
      }
      byKey.values().forEach(out::add);
      return out;
    }
    Set<JsonNode> seen = new LinkedHashSet<>();
    items.forEach(seen::add);
    seen.forEach(out::add);
    return out;
  }

  private static String key(JsonNode item, int position) {
    String id = idOf(item);
    return id != null ? "id:" + id : "#" + position;
  }

  private static String idOf(JsonNode item) {
    JsonNode id = item.path("id");
    return id.isValueNode() && !id.isNull() ? id.asText() : null;
  }

  private static Map<String, JsonNode> byId(JsonNode items) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode n : items) {
      String id = idOf(n);
      if (id != null) {
        out.put(id, n);
      }
    }
    return out;
  }
}
