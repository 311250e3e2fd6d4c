package io.customer360.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.customer.CustomerValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The consent-log entries one write of a customer's {@code consents} produces (spec §1.11, §2
 * ConsentCustomerProps), computed from the object before and after the write. Pure.
 *
 * <p>A consent leaf is an object {@code {status, limitation, objection}} (booleans) under {@code
 * consents.marketing.traditional|automatic}, {@code consents.profiling}, {@code consents.softSpam}
 * or {@code consents.thirdPartyTransfer}. Every value that differs after the write gives one entry
 * whose {@code property} is the full path of the value from the customer's root and whose {@code
 * value} is the new value (null when the write removed it):
 *
 * <ul>
 *   <li>{@code ….status} → CONSENT_CHANGED, e.g. {@code consents.marketing.automatic.email.status}
 *       {@code true};
 *   <li>{@code ….limitation} → CONSENT_RESTRICTED (set, lifted with {@code false}, or removed);
 *   <li>{@code ….objection} → CONSENT_OBJECTED (likewise);
 *   <li>{@code consents.disclaimer}: when its {@code date} or {@code version} changes to a
 *       disclaimer with either set, one DISCLAIMER_READ with property {@code consents.disclaimer}
 *       and the new {@code {date, version}} as value; when it is removed, one CONSENT_CHANGED with
 *       that property and a null value;
 *   <li>any other value below {@code consents} (the validator admits none today) → CONSENT_CHANGED.
 * </ul>
 *
 * A missing value and a JSON null are the same (no entry when one becomes the other); a removed
 * leaf or a removed {@code consents} gives an entry for each value it held. Entries come in path
 * order (keys sorted at every level), so a write's entries are always listed alike.
 */
public final class ConsentChanges {

  /** The root of every consent path. */
  public static final String ROOT = "consents";

  static final String DISCLAIMER = ROOT + ".disclaimer";

  /** One entry to log: its kind, the path of the value that changed and the new value. */
  public record Change(ConsentEventType type, String property, JsonNode value) {}

  private ConsentChanges() {}

  /** The entries for a change of {@code consents} from {@code before} to {@code after}. */
  public static List<Change> between(JsonNode before, JsonNode after) {
    List<Change> out = new ArrayList<>();
    walk(ROOT, before, after, out);
    return out;
  }

  /** Whether anything changes from {@code before} to {@code after}. */
  public static boolean changes(JsonNode before, JsonNode after) {
    return !between(before, after).isEmpty();
  }

  private static void walk(String path, JsonNode before, JsonNode after, List<Change> out) {
    if (DISCLAIMER.equals(path)) {
      disclaimer(before, after, out);
      return;
    }
    boolean objects = isObject(before) || isObject(after);
    if (!objects) {
      JsonNode b = valueOf(before);
      JsonNode a = valueOf(after);
      if (!b.equals(a)) {
        out.add(new Change(typeOf(path), path, a));
      }
      return;
    }
    TreeSet<String> keys = new TreeSet<>();
    fieldsOf(before, keys);
    fieldsOf(after, keys);
    for (String key : keys) {
      walk(path + "." + key, child(before, key), child(after, key), out);
    }
  }

  private static void disclaimer(JsonNode before, JsonNode after, List<Change> out) {
    ObjectNode b = present(before);
    ObjectNode a = present(after);
    if (b.equals(a)) {
      return;
    }
    if (a.isEmpty()) {
      out.add(new Change(ConsentEventType.CONSENT_CHANGED, DISCLAIMER, NullNode.getInstance()));
    } else {
      out.add(new Change(ConsentEventType.DISCLAIMER_READ, DISCLAIMER, a));
    }
  }

  /** The non-null fields of an object (empty for anything else). */
  private static ObjectNode present(JsonNode n) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (isObject(n)) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!e.getValue().isNull()) {
          out.set(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }

  /**
   * Every property an entry of a consent change can carry, in schema order: {@code
   * consents.disclaimer} and the {@code status}, {@code limitation} and {@code objection} of each
   * consent leaf ({@link CustomerValidator#consentValuePaths}, the disclaimer's values logged as
   * one).
   */
  public static final List<String> PROPERTIES =
      CustomerValidator.consentValuePaths().stream()
          .map(p -> p.startsWith(DISCLAIMER + ".") ? DISCLAIMER : p)
          .distinct()
          .toList();

  /**
   * The properties an entry may carry at or below {@code path} (a path below one, such as {@code
   * consents.disclaimer.version}, means that one); empty when the path names no consent value.
   */
  public static List<String> propertiesAt(String path) {
    return PROPERTIES.stream()
        .filter(p -> p.equals(path) || p.startsWith(path + ".") || path.startsWith(p + "."))
        .toList();
  }

  private static ConsentEventType typeOf(String path) {
    String last = path.substring(path.lastIndexOf('.') + 1);
    return switch (last) {
      case "limitation" -> ConsentEventType.CONSENT_RESTRICTED;
      case "objection" -> ConsentEventType.CONSENT_OBJECTED;
      default -> ConsentEventType.CONSENT_CHANGED;
    };
  }

  private static boolean isObject(JsonNode n) {
    return n != null && n.isObject();
  }

  private static JsonNode valueOf(JsonNode n) {
    return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
  }

  private static JsonNode child(JsonNode n, String key) {
    return isObject(n) ? n.get(key) : null;
  }

  private static void fieldsOf(JsonNode n, TreeSet<String> keys) {
    if (isObject(n)) {
      n.fieldNames().forEachRemaining(keys::add);
    }
  }
}
