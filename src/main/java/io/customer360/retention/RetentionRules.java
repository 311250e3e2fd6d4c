package io.customer360.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.event.EventPurge.Expiry;
import io.customer360.event.EventType;
import io.customer360.node.NodeRetention;
import io.customer360.node.NodeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The pure rules of event retention (spec §1.5 R1–R3, §1.6 N2/N3, N9–N12): parsing and checking
 * policy bodies, and resolving how many months an event of a node and type is kept.
 *
 * <p><b>Months.</b> An event is kept {@code months} calendar months after its {@code date}: it
 * expires once {@code date < now - months} (UTC). {@code 0} keeps events forever; it is the default
 * of every type (the seed's samples show 0), so nothing is deleted until someone sets a policy.
 * Months are whole numbers from 0 to {@value #MAX_MONTHS} (20 years).
 *
 * <p><b>Which policy applies</b> to an event of node N and type T, first match wins:
 *
 * <ol>
 *   <li>N's own policy, when it is enabled and names T;
 *   <li>for an entry node, the enabled policies of the aggregate nodes over N that name T: the
 *       longest of them (0, forever, is the longest), so no aggregate view loses an event that its
 *       policy keeps;
 *   <li>the workspace's policy for T (0 when not set).
 * </ol>
 *
 * A disabled node policy is kept as stored but ignored.
 */
public final class RetentionRules {

  /** Most months a policy may keep events (20 years). */
  public static final int MAX_MONTHS = 240;

  private RetentionRules() {}

  /**
   * The workspace policy with one entry per built-in event type, in the enum's order: the stored
   * months (setting {@code eventRetentionPolicy}) or 0.
   */
  public static Map<String, Integer> workspacePolicy(JsonNode stored) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (EventType t : EventType.values()) {
      out.put(t.name(), stored.path(t.name()).path("months").asInt(0));
    }
    return out;
  }

  /**
   * A map event type → {@code {"months": n}} from a request body, each key checked (a built-in
   * event type) and each value (an object holding only {@code months}, an integer from 0 to {@value
   * #MAX_MONTHS}). Errors name {@code prefix + type} or {@code prefix + type + ".months"}; all of
   * them are collected in {@code errors}. Answers the months by type.
   */
  public static Map<String, Integer> parsePolicy(
      JsonNode body, String prefix, List<FieldError> errors) {
    Map<String, Integer> out = new TreeMap<>();
    if (body == null || !body.isObject()) {
      errors.add(new FieldError(prefix.isEmpty() ? "body" : strip(prefix), "must be an object"));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String type = e.getKey();
      String path = prefix + type;
      if (EventType.parse(type) == null) {
        errors.add(new FieldError(path, "is not an event type"));
        continue;
      }
      JsonNode value = e.getValue();
      if (!value.isObject()) {
        errors.add(new FieldError(path, "must be an object {\"months\": n}"));
        continue;
      }
      JsonNode months = value.path("months");
      if (value.size() != 1 || months.isMissingNode()) {
        errors.add(new FieldError(path, "must hold only months"));
      } else if (!months.isIntegralNumber()
          || !months.canConvertToInt()
          || months.asInt() < 0
          || months.asInt() > MAX_MONTHS) {
        errors.add(
            new FieldError(path + ".months", "must be an integer between 0 and " + MAX_MONTHS));
      } else {
        out.put(type, months.asInt());
      }
    }
    return out;
  }

  /** {@link #parsePolicy} that fails with 400 listing every error. */
  public static Map<String, Integer> requirePolicy(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, Integer> policy = parsePolicy(body, "", errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return policy;
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /**
   * The months an event of {@code node} and {@code type} is kept (0 = forever), by the order in the
   * class comment; {@code aggregates} are the aggregate nodes over an entry node (ignored for an
   * aggregate node).
   */
  public static int months(
      String type,
      Map<String, Integer> workspace,
      NodeRetention node,
      List<NodeRetention> aggregates) {
    if (node.enabled() && node.events().containsKey(type)) {
      return node.events().get(type);
    }
    if (node.type() == NodeType.ENTRY) {
      Integer longest = null;
      for (NodeRetention a : aggregates) {
        if (a.enabled() && a.events().containsKey(type)) {
          int m = a.events().get(type);
          longest = longest == null ? m : longer(longest, m);
        }
      }
      if (longest != null) {
        return longest;
      }
    }
    return workspace.getOrDefault(type, 0);
  }

  /** The longer of two retentions, 0 (forever) being the longest. */
  static int longer(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return Math.max(a, b);
  }

  /** Events dated before this instant have been kept {@code months} months (UTC calendar). */
  public static OffsetDateTime cutoff(OffsetDateTime now, int months) {
    return now.withOffsetSameInstant(ZoneOffset.UTC).minusMonths(months);
  }

  /**
   * The months of every (node, built-in type) of a workspace, by node id then type: {@code nodes}
   * are all the workspace's nodes (entry and aggregate).
   */
  public static Map<UUID, Map<String, Integer>> resolve(
      Map<String, Integer> workspace, List<NodeRetention> nodes) {
    Map<UUID, List<NodeRetention>> aggregatesOf = new HashMap<>();
    for (NodeRetention n : nodes) {
      if (n.type() == NodeType.AGGREGATE && n.entryNodes() != null) {
        for (UUID entry : n.entryNodes()) {
          aggregatesOf.computeIfAbsent(entry, k -> new ArrayList<>()).add(n);
        }
      }
    }
    Map<UUID, Map<String, Integer>> out = new LinkedHashMap<>();
    for (NodeRetention n : nodes) {
      Map<String, Integer> byType = new LinkedHashMap<>();
      List<NodeRetention> aggregates = aggregatesOf.getOrDefault(n.nodeId(), List.of());
      for (EventType t : EventType.values()) {
        byType.put(t.name(), months(t.name(), workspace, n, aggregates));
      }
      out.put(n.nodeId(), byType);
    }
    return out;
  }

  /**
   * The expiries of a workspace at {@code now}: one per (node, type) kept for a limited time
   * (months &gt; 0), with its cutoff date.
   */
  public static List<Expiry> expiries(OffsetDateTime now, Map<UUID, Map<String, Integer>> months) {
    List<Expiry> out = new ArrayList<>();
    months.forEach(
        (node, byType) ->
            byType.forEach(
                (type, m) -> {
                  if (m > 0) {
                    out.add(new Expiry(node, type, cutoff(now, m)));
                  }
                }));
    return out;
  }
}
