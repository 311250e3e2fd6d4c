package io.customer360.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.search.query.Attribute.Type;
import io.customer360.search.query.SearchQuery.Atomic;
import io.customer360.search.query.SearchQuery.Combined;
import io.customer360.search.query.SearchQuery.Composite;
import io.customer360.search.query.SearchQuery.Condition;
import io.customer360.search.query.SearchQuery.Did;
import io.customer360.search.query.SearchQuery.Node;
import io.customer360.search.query.SearchQuery.Operator;
import io.customer360.search.query.SearchQuery.Simple;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Translates a {@link SearchQuery} into Elasticsearch query JSON over the customer and event
 * documents of the Elasticsearch contract (issue 7). A pure function: no I/O, so it is unit-tested
 * with a table of queries and their expected JSON.
 *
 * <ul>
 *   <li>composite {@code and}/{@code or}: {@code bool.must} / {@code bool.should} with {@code
 *       minimum_should_match: 1};
 *   <li>combined INTERSECT / UNION / EXCEPT: {@code bool.must} / {@code bool.should} (at least one)
 *       / the first query in {@code must}, the others in {@code must_not};
 *   <li>EQUALS {@code term}, IN {@code terms}, BETWEEN/GT/GTE/LT/LTE {@code range}, IS_NOT_NULL
 *       {@code exists}, LIKE {@code wildcard} ({@code %} → {@code *}, {@code _} → {@code ?},
 *       case-insensitive); strings are lowercase-normalised keywords, so every string comparison
 *       ignores case;
 *   <li>NOT_EQUALS, NOT_IN and IS_NULL are the exact complements of EQUALS, IN and IS_NOT_NULL
 *       ({@code bool.must_not}): a customer without the attribute matches NOT_EQUALS and NOT_IN
 *       (add IS_NOT_NULL to exclude them). For an array attribute (tags, extended arrays)
 *       NOT_EQUALS x means "no element is x";
 *   <li>extended and event properties are entries of a {@code nested} {name, s, n, b, d} array: a
 *       positive condition is one {@code nested} query on the entry's name and value column
 *       (strings {@code s}, numbers {@code n}, booleans {@code b}; a range over date values {@code
 *       d}); negations wrap it in {@code must_not};
 *   <li>a {@code did} clause becomes a {@code terms} filter on {@code memberIds} with the customer
 *       ids an earlier search of the events index found ({@link #didSearch}), so it works for entry
 *       and unified customers alike.
 * </ul>
 *
 * The whole query is placed in filter context by {@link #customerSearch}: results are sorted, never
 * scored.
 */
public final class QueryTranslator {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private QueryTranslator() {}

  /**
   * The customer-document query of {@code node}; {@code didIds} answers the customer ids found for
   * each {@code did} clause (entry customer ids, matched against {@code memberIds}).
   */
  public static ObjectNode customerQuery(Node node, Function<Did, List<String>> didIds) {
    if (node instanceof Simple s) {
      if (s.did() == null) {
        return condition(s.are());
      }
      ObjectNode members = ids("memberIds", didIds.apply(s.did()));
      if (s.are() == null) {
        return members;
      }
      return bool("must", List.of(condition(s.are()), members));
    }
    Combined c = (Combined) node;
    List<ObjectNode> parts = c.queries().stream().map(q -> customerQuery(q, didIds)).toList();
    return switch (c.conjunction()) {
      case INTERSECT -> bool("must", parts);
      case UNION -> should(parts);
      case EXCEPT -> {
        ObjectNode b = bool("must", parts.subList(0, 1));
        ArrayNode not = ((ObjectNode) b.get("bool")).putArray("must_not");
        parts.subList(1, parts.size()).forEach(not::add);
        yield b;
      }
    };
  }

  /** Every {@code did} clause of the query, depth first, in order. */
  public static List<Did> dids(Node node) {
    List<Did> out = new java.util.ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(Node node, List<Did> out) {
    if (node instanceof Simple s) {
      if (s.did() != null) {
        out.add(s.did());
      }
    } else {
      ((Combined) node).queries().forEach(q -> collect(q, out));
    }
  }

  /** The query of a condition (customer or event attributes alike). */
  public static ObjectNode condition(Condition c) {
    if (c instanceof Composite comp) {
      List<ObjectNode> parts = comp.conditions().stream().map(QueryTranslator::condition).toList();
      return comp.and() ? bool("must", parts) : should(parts);
    }
    return atomic((Atomic) c);
  }

  private static ObjectNode atomic(Atomic a) {
    Attribute attr = a.attribute();
    Operator op = a.operator();
    return switch (op) {
      case NOT_EQUALS -> not(positive(attr, Operator.EQUALS, a.value()));
      case NOT_IN -> not(positive(attr, Operator.IN, a.value()));
      case IS_NULL -> not(positive(attr, Operator.IS_NOT_NULL, null));
      default -> positive(attr, op, a.value());
    };
  }

  /** The query of a non-negated operator. */
  private static ObjectNode positive(Attribute attr, Operator op, JsonNode value) {
    if (!attr.isNested()) {
      return leaf(attr.field(), attr.type(), op, value);
    }
    String path = attr.nestedPath();
    ObjectNode name = term(path + ".name", JSON.textNode(attr.field()));
    ObjectNode inner =
        op == Operator.IS_NOT_NULL
            ? name
            : bool(
                "filter",
                List.of(
                    name,
                    leaf(path + "." + column(attr.type(), op, value), attr.type(), op, value)));
    ObjectNode nested = JSON.objectNode();
    nested.putObject("nested").put("path", path).set("query", inner);
    return nested;
  }

  /** The query of one operator on one field. */
  private static ObjectNode leaf(String field, Type type, Operator op, JsonNode raw) {
    JsonNode value = nfc(raw);
    ObjectNode q = JSON.objectNode();
    switch (op) {
      case EQUALS -> q.putObject("term").set(field, value);
      case IN -> q.putObject("terms").set(field, value);
      case IS_NOT_NULL -> q.putObject("exists").put("field", field);
      case LIKE ->
          q.putObject("wildcard")
              .putObject(field)
              .put("value", wildcard(value.asText()))
              .put("case_insensitive", true);
      case BETWEEN -> {
        ObjectNode r = q.putObject("range").putObject(field);
        r.set("gte", value.get(0));
        r.set("lte", value.get(1));
      }
      case GT, GTE, LT, LTE -> q.putObject("range").putObject(field).set(rangeKey(op), value);
      default -> throw new IllegalStateException(op.name());
    }
    return q;
  }

  /**
   * The value column of a nested {name, s, n, b, d} entry: by the attribute's type, or for untyped
   * event properties by the value's JSON type; a range over values that are all dates compares the
   * {@code d} column.
   */
  static String column(Type type, Operator op, JsonNode value) {
    JsonNode sample = value == null ? null : value.isArray() ? value.get(0) : value;
    return switch (type) {
      case NUMBER -> "n";
      case BOOLEAN -> "b";
      case DATE -> "d";
      case STRING, ID -> op.isRange() && allDates(value) ? "d" : "s";
      case ANY -> {
        if (sample != null && sample.isNumber()) {
          yield "n";
        }
        if (sample != null && sample.isBoolean()) {
          yield "b";
        }
        yield op.isRange() && allDates(value) ? "d" : "s";
      }
    };
  }

  private static boolean allDates(JsonNode value) {
    if (value == null) {
      return false;
    }
    if (value.isArray()) {
      for (JsonNode v : value) {
        if (!v.isTextual() || !QueryParser.isDate(v.asText())) {
          return false;
        }
      }
      return true;
    }
    return value.isTextual() && QueryParser.isDate(value.asText());
  }

  private static String rangeKey(Operator op) {
    return switch (op) {
      case GT -> "gt";
      case GTE -> "gte";
      case LT -> "lt";
      case LTE -> "lte";
      default -> throw new IllegalStateException(op.name());
    };
  }

  /**
   * Strings of a condition's value in Unicode NFC, the form stored values are indexed in (DESIGN
   * §5), so canonically equal text matches ("E\u0301lodie" finds "Élodie").
   */
  static JsonNode nfc(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      String text = value.asText();
      return java.text.Normalizer.isNormalized(text, java.text.Normalizer.Form.NFC)
          ? value
          : JSON.textNode(java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC));
    }
    if (value.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.arrayNode();
      value.forEach(v -> out.add(nfc(v)));
      return out;
    }
    return value;
  }

  /**
   * A SQL LIKE pattern as an Elasticsearch wildcard: {@code %} → {@code *}, {@code _} → {@code ?};
   * {@code \%}, {@code \_} and {@code \\} match a literal {@code %}, {@code _} and {@code \}
   * (LIKE's escape character); a literal {@code *}, {@code ?} or {@code \} is escaped with {@code
   * \}.
   */
  static String wildcard(String like) {
    StringBuilder b = new StringBuilder(like.length() + 4);
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\' && i + 1 < like.length() && "%_\\".indexOf(like.charAt(i + 1)) >= 0) {
        char literal = like.charAt(++i); // LIKE's escape: \% \_ \\ match themselves
        b.append(literal == '\\' ? "\\\\" : String.valueOf(literal));
        continue;
      }
      switch (c) {
        case '%' -> b.append('*');
        case '_' -> b.append('?');
        case '*', '?', '\\' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The request body that finds the customers who did an event of a {@code did} clause: events of
   * the workspace of that type matching the condition and timeframe, their distinct {@code
   * customerId}s in a composite aggregation of at most {@code max} buckets (no hits).
   */
  public static ObjectNode didSearch(UUID workspaceId, Did did, int max) {
    List<ObjectNode> filters = new java.util.ArrayList<>();
    filters.add(term("workspaceId", JSON.textNode(workspaceId.toString())));
    filters.add(term("type", JSON.textNode(did.eventType())));
    if (did.condition() != null) {
      filters.add(condition(did.condition()));
    }
    if (did.timeframe() != null) {
      filters.add(condition(did.timeframe()));
    }
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", false);
    body.set("query", bool("filter", filters));
    ObjectNode composite =
        body.putObject("aggs").putObject("customers").putObject("composite").put("size", max);
    composite
        .putArray("sources")
        .addObject()
        .putObject("customerId")
        .putObject("terms")
        .put("field", "customerId");
    return body;
  }

  /** The customer ids of a {@link #didSearch} answer. */
  public static List<String> didIds(JsonNode response) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode b : response.path("aggregations").path("customers").path("buckets")) {
      out.add(b.path("key").path("customerId").asText());
    }
    return out;
  }

  /**
   * A page request over the customer index.
   *
   * @param workspaceId the workspace (every query filters it)
   * @param nodeId the entry or aggregate node
   * @param kind {@code ENTRY} or {@code UNIFIED}
   * @param members null, or the entry customer ids the result is limited to (an externalId filter
   *     resolved in PostgreSQL), matched against {@code memberIds}
   * @param query null, or the translated query ({@link #customerQuery})
   * @param sort the sort clauses ({@link SearchSort#clauses})
   * @param from offset of the page
   * @param size page size
   * @param cap most matches counted ({@code track_total_hits})
   */
  public record CustomerSearch(
      UUID workspaceId,
      UUID nodeId,
      String kind,
      Collection<String> members,
      ObjectNode query,
      ArrayNode sort,
      int from,
      int size,
      int cap) {}

  /**
   * The node's documents of that kind in the workspace, unfiltered: the query whose {@code _count}
   * is a search's {@code totalUnfilteredElements}.
   */
  public static ObjectNode customerScope(UUID workspaceId, UUID nodeId, String kind) {
    return bool("filter", scope(workspaceId, nodeId, kind));
  }

  /**
   * The node's documents of that kind in the workspace matching {@code query} (null: all of them):
   * the query of an exact count ({@code _count}, or a search with {@code size: 0} and {@code
   * track_total_hits: true}) of a segment or a search without a page.
   */
  public static ObjectNode customerCount(
      UUID workspaceId, UUID nodeId, String kind, ObjectNode query) {
    List<ObjectNode> filters = new java.util.ArrayList<>(scope(workspaceId, nodeId, kind));
    if (query != null) {
      filters.add(query);
    }
    return bool("filter", filters);
  }

  private static List<ObjectNode> scope(UUID workspaceId, UUID nodeId, String kind) {
    return List.of(
        term("workspaceId", JSON.textNode(workspaceId.toString())),
        term("nodeId", JSON.textNode(nodeId.toString())),
        term("kind", JSON.textNode(kind)));
  }

  /**
   * The body of a customer search: the node's documents of that kind in the workspace, filtered by
   * {@code members} and the query, sorted, one page of ids ({@code _source: false}) and the total
   * counted up to the cap. The unfiltered count is a separate {@code _count} of {@link
   * #customerScope} (an aggregation here would walk the whole index on every search).
   */
  public static ObjectNode customerSearch(CustomerSearch s) {
    List<ObjectNode> filters =
        new java.util.ArrayList<>(scope(s.workspaceId(), s.nodeId(), s.kind()));
    if (s.members() != null) {
      filters.add(ids("memberIds", List.copyOf(s.members())));
    }
    if (s.query() != null) {
      filters.add(s.query());
    }
    ObjectNode body = JSON.objectNode();
    body.put("from", s.from());
    body.put("size", s.size());
    body.put("track_total_hits", s.cap());
    body.put("_source", false);
    body.set("query", bool("filter", filters));
    body.set("sort", s.sort());
    return body;
  }

  /** {@code terms} on the field, or a query matching nothing when there are no ids. */
  private static ObjectNode ids(String field, List<String> ids) {
    if (ids.isEmpty()) {
      ObjectNode none = JSON.objectNode();
      none.putObject("bool").putArray("must_not").addObject().putObject("match_all");
      return none;
    }
    ObjectNode q = JSON.objectNode();
    ArrayNode values = q.putObject("terms").putArray(field);
    ids.forEach(values::add);
    return q;
  }

  private static ObjectNode term(String field, JsonNode value) {
    ObjectNode q = JSON.objectNode();
    q.putObject("term").set(field, value);
    return q;
  }

  private static ObjectNode bool(String clause, List<ObjectNode> parts) {
    ObjectNode q = JSON.objectNode();
    ArrayNode list = q.putObject("bool").putArray(clause);
    parts.forEach(list::add);
    return q;
  }

  private static ObjectNode should(List<ObjectNode> parts) {
    ObjectNode q = bool("should", parts);
    ((ObjectNode) q.get("bool")).put("minimum_should_match", 1);
    return q;
  }

  private static ObjectNode not(ObjectNode positive) {
    return bool("must_not", List.of(positive));
  }
}
