package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.WireTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Aggregations over the customer and event indices for statistics (spec §1.1 S1–S13): counts,
 * calendar histograms in a time zone, channel reach and money sums read from event properties.
 * Every request is one Elasticsearch search with {@code size: 0} routed by the workspace and
 * filtered on it (histograms with more than {@value #PAGE} buckets page through a composite
 * aggregation), holds no database connection, and fails with 503 and Retry-After when the index
 * cannot answer. Counts follow the indexer (near real time: typically well under a second behind
 * the writes).
 *
 * <p>Customer documents are live ones only ({@code deleted} not positive). Keyword values come back
 * lowercased (the index's normalizer): event types and contexts as {@code completedorder}, {@code
 * web}; the caller maps them to their canonical spelling.
 */
@ApplicationScoped
public class StatsAggregations {

  /** Buckets per composite page. */
  static final int PAGE = 10_000;

  /** Most distinct currencies reported per group of events. */
  static final int CURRENCIES = 100;

  /**
   * Distinct customers are counted exactly below this many (HyperLogLog++ above: typically within 1
   * %).
   */
  public static final int EXACT_DISTINCT = 40_000;

  /**
   * The event property that names an amount's currency (plan model ORDER, {@code amount.local}).
   */
  public static final String CURRENCY_PROPERTY = "amount.local.currency";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SearchClient client;

  StatsAggregations(SearchClient client) {
    this.client = client;
  }

  /** Calendar bucket sizes of a histogram: a day, an ISO week (from Monday) or a month. */
  public enum Interval {
    DAY("1d"),
    WEEK("1w"),
    MONTH("1M");

    private final String calendar;

    Interval(String calendar) {
      this.calendar = calendar;
    }
  }

  /**
   * Which customer documents: those of {@code kind} (ENTRY or UNIFIED) in the workspace, of the
   * nodes {@code nodeIds} (null: every node; empty: none).
   */
  public record CustomerScope(UUID workspaceId, String kind, Collection<UUID> nodeIds) {}

  /**
   * Which event documents of the workspace; each part null means "any", an empty collection "none":
   * {@code nodeIds} entry nodes, {@code customerIds} entry customers, {@code types} event types and
   * {@code contexts} event contexts in their wire spelling.
   */
  public record EventScope(
      UUID workspaceId,
      Collection<UUID> nodeIds,
      Collection<UUID> customerIds,
      Collection<String> types,
      Collection<String> contexts) {}

  /**
   * A window on a date field, {@code from} to {@code to} both included (to the millisecond), cut
   * into calendar buckets of {@code zone}.
   */
  public record Histogram(String field, Instant from, Instant to, ZoneId zone, Interval interval) {}

  /**
   * The documents of one bucket: the values of the group-by fields in their order (lowercased
   * keywords), the bucket's first day in the histogram's zone, how many.
   */
  public record BucketCount(List<String> keys, LocalDate bucket, long count) {}

  /**
   * Customers by reachable channels (see {@link #channels}): with both an e-mail and a mobile
   * phone, an e-mail only, a mobile phone only, neither.
   */
  public record Channels(long emailMobile, long emailOnly, long mobileOnly, long notReachable) {}

  /**
   * Totals of a set of events: how many, how many distinct customers (exact below {@link
   * #EXACT_DISTINCT}, HyperLogLog++ above), how many without a customer (anonymous).
   */
  public record EventTotals(long events, long customers, long anonymous) {}

  /** Whether an order's {@code type} property is looked at: any order, sales only, returns only. */
  public enum OrderKind {
    ANY,
    /** {@code type} is not {@code return} (absent counts as a sale). */
    SALE,
    /** {@code type} is {@code return}. */
    RETURN
  }

  /** A named group of events whose amounts are summed: of these types and order kind. */
  public record MoneyGroup(String name, Collection<String> types, OrderKind orderKind) {}

  /** The sum of a numeric event property over the events that hold it as a number, and how many. */
  public record Sum(double value, long count) {}

  /**
   * The money figures of one group in one currency: {@code currency} is the upper-cased {@link
   * #CURRENCY_PROPERTY} of the events, null for events that state none; {@code events} counts them;
   * {@code sums} has one entry per requested amount property.
   */
  public record Money(String group, String currency, long events, Map<String, Sum> sums) {}

  // ------------------------------------------------------------------------------ customers

  /** The exact number of customer documents in the scope (one {@code _count}). */
  public Uni<Long> countCustomers(CustomerScope scope) {
    return client.countCustomers(scope.workspaceId().toString(), customerQuery(scope));
  }

  /**
   * The number of live customer documents of each node of the workspace that has any (entry nodes:
   * entry customers; aggregate nodes: unified customers), by node id; one terms aggregation.
   */
  public Uni<Map<UUID, Long>> customersByNode(UUID workspaceId) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.set("query", customerQuery(new CustomerScope(workspaceId, null, null)));
    body.putObject("aggs")
        .putObject("nodes")
        .putObject("terms")
        .put("field", "nodeId")
        .put("size", PAGE);
    return client
        .customerAggregations(workspaceId.toString(), body)
        .map(
            r -> {
              Map<UUID, Long> out = new HashMap<>();
              for (JsonNode b : r.path("aggregations").path("nodes").path("buckets")) {
                out.put(UUID.fromString(b.path("key").asText()), b.path("doc_count").asLong());
              }
              return out;
            });
  }

  /**
   * The scope's customers by reachable channel, from one {@code filters} aggregation: reachable by
   * e-mail when {@code base.contacts.email} is present and the customer has not opted out of
   * e-mail, by mobile when {@code base.contacts.mobilePhone} is present and it has not opted out of
   * SMS. An opt-out is the consent {@code consents.marketing.automatic.email|sms} with {@code
   * status: false}, {@code objection: true} or {@code limitation: true} (the Customer 360 reach,
   * {@link CustomerProfiles.Overview}).
   */
  public Uni<Channels> channels(CustomerScope scope) {
    ObjectNode email = CustomerProfiles.reach(exists("base.contacts.email"), "email");
    ObjectNode mobile = CustomerProfiles.reach(exists("base.contacts.mobilePhone"), "sms");
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.set("query", customerQuery(scope));
    ObjectNode filters =
        body.putObject("aggs").putObject("channels").putObject("filters").putObject("filters");
    filters.set("emailMobile", and(List.of(email, mobile), List.of()));
    filters.set("emailOnly", and(List.of(email), List.of(mobile)));
    filters.set("mobileOnly", and(List.of(mobile), List.of(email)));
    filters.set("notReachable", and(List.of(), List.of(email, mobile)));
    return client
        .customerAggregations(scope.workspaceId().toString(), body)
        .map(
            r -> {
              JsonNode b = r.path("aggregations").path("channels").path("buckets");
              return new Channels(
                  b.path("emailMobile").path("doc_count").asLong(),
                  b.path("emailOnly").path("doc_count").asLong(),
                  b.path("mobileOnly").path("doc_count").asLong(),
                  b.path("notReachable").path("doc_count").asLong());
            });
  }

  /** The scope's customers whose date field falls in the histogram's window, by bucket. */
  public Uni<List<BucketCount>> customerHistogram(CustomerScope scope, Histogram histogram) {
    ObjectNode query = customerQuery(scope);
    ((ArrayNode) query.path("bool").path("filter")).add(range(histogram));
    return histogram(scope.workspaceId(), true, query, histogram, List.of());
  }

  // ---------------------------------------------------------------------------------- events

  /**
   * The scope's events whose date field falls in the histogram's window, by the values of the
   * {@code groupBy} keyword fields (e.g. {@code type}, {@code context}) and bucket; only non-empty
   * combinations are answered.
   */
  public Uni<List<BucketCount>> eventHistogram(
      EventScope scope, Histogram histogram, List<String> groupBy) {
    ObjectNode query = eventQuery(scope, histogram.field(), histogram.from(), histogram.to());
    return histogram(scope.workspaceId(), false, query, histogram, groupBy);
  }

  /**
   * Totals of the scope's events whose {@code date} lies in {@code from}..{@code to}: the exact
   * count, distinct customers, events without a customer.
   */
  public Uni<EventTotals> eventTotals(EventScope scope, Instant from, Instant to) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    body.set("query", eventQuery(scope, "date", from, to));
    ObjectNode aggs = body.putObject("aggs");
    aggs.putObject("customers")
        .putObject("cardinality")
        .put("field", "customerId")
        .put("precision_threshold", EXACT_DISTINCT);
    aggs.putObject("anonymous").putObject("missing").put("field", "customerId");
    return client
        .eventAggregations(scope.workspaceId().toString(), body)
        .map(
            r ->
                new EventTotals(
                    r.path("hits").path("total").path("value").asLong(),
                    r.path("aggregations").path("customers").path("value").asLong(),
                    r.path("aggregations").path("anonymous").path("doc_count").asLong()));
  }

  /**
   * Money figures of the scope's events whose {@code date} lies in {@code from}..{@code to}, for
   * each group and each currency its events state ({@link #CURRENCY_PROPERTY}, upper-cased; events
   * that state none form the entry with a null currency): how many events, and the sum of each
   * numeric property of {@code amounts} (dotted names such as {@code amount.total}) over the events
   * that hold it as a number. A property's string or other values are not summed. Groups and
   * currencies without events are absent. One search: a {@code filter} per group, the stated
   * currencies a terms aggregation of the nested properties with a {@code reverse_nested} back to
   * the events.
   */
  public Uni<List<Money>> money(
      EventScope scope, Instant from, Instant to, List<MoneyGroup> groups, List<String> amounts) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.set("query", eventQuery(scope, "date", from, to));
    ObjectNode aggs = body.putObject("aggs");
    for (int g = 0; g < groups.size(); g++) {
      MoneyGroup group = groups.get(g);
      ObjectNode agg = aggs.putObject("g" + g);
      agg.set("filter", groupFilter(group));
      ObjectNode inner = agg.putObject("aggs");
      ObjectNode stated = inner.putObject("stated");
      stated.putObject("nested").put("path", "properties");
      ObjectNode currency = stated.putObject("aggs").putObject("currency");
      currency.putObject("filter").putObject("term").put("properties.name", CURRENCY_PROPERTY);
      ObjectNode codes = currency.putObject("aggs").putObject("codes");
      codes.putObject("terms").put("field", "properties.s").put("size", CURRENCIES);
      ObjectNode events = codes.putObject("aggs").putObject("events");
      events.putObject("reverse_nested");
      events.set("aggs", sums(amounts));
      ObjectNode unstated = inner.putObject("unstated");
      unstated
          .putObject("filter")
          .putObject("bool")
          .putArray("must_not")
          .add(nestedTerm(CURRENCY_PROPERTY, null));
      unstated.set("aggs", sums(amounts));
    }
    return client
        .eventAggregations(scope.workspaceId().toString(), body)
        .map(r -> money(r.path("aggregations"), groups, amounts));
  }

  private static List<Money> money(
      JsonNode aggregations, List<MoneyGroup> groups, List<String> amounts) {
    List<Money> out = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      JsonNode group = aggregations.path("g" + g);
      String name = groups.get(g).name();
      for (JsonNode code : group.path("stated").path("currency").path("codes").path("buckets")) {
        JsonNode events = code.path("events");
        out.add(
            new Money(
                name,
                code.path("key").asText().toUpperCase(Locale.ROOT),
                events.path("doc_count").asLong(),
                sums(events, amounts)));
      }
      JsonNode unstated = group.path("unstated");
      if (unstated.path("doc_count").asLong() > 0) {
        out.add(
            new Money(name, null, unstated.path("doc_count").asLong(), sums(unstated, amounts)));
      }
    }
    return out;
  }

  private static Map<String, Sum> sums(JsonNode parent, List<String> amounts) {
    Map<String, Sum> out = new LinkedHashMap<>();
    for (int i = 0; i < amounts.size(); i++) {
      JsonNode f = parent.path("p" + i).path("f");
      out.put(
          amounts.get(i),
          new Sum(f.path("sum").path("value").asDouble(0), f.path("count").path("value").asLong()));
    }
    return out;
  }

  /** One {@code nested > filter(name) > sum, value_count} per amount property. */
  private static ObjectNode sums(List<String> amounts) {
    ObjectNode aggs = JSON.objectNode();
    for (int i = 0; i < amounts.size(); i++) {
      ObjectNode p = aggs.putObject("p" + i);
      p.putObject("nested").put("path", "properties");
      ObjectNode f = p.putObject("aggs").putObject("f");
      f.putObject("filter").putObject("term").put("properties.name", amounts.get(i));
      ObjectNode metrics = f.putObject("aggs");
      metrics.putObject("sum").putObject("sum").put("field", "properties.n");
      metrics.putObject("count").putObject("value_count").put("field", "properties.n");
    }
    return aggs;
  }

  private static ObjectNode groupFilter(MoneyGroup group) {
    List<ObjectNode> must = new ArrayList<>();
    List<ObjectNode> mustNot = new ArrayList<>();
    if (group.types() != null) {
      must.add(terms("type", group.types()));
    }
    ObjectNode isReturn = nestedTerm("type", "return");
    switch (group.orderKind()) {
      case SALE -> mustNot.add(isReturn);
      case RETURN -> must.add(isReturn);
      case ANY -> {}
    }
    return and(must, mustNot);
  }

  /**
   * An event holding the property {@code name} as a string (equal to {@code value}, compared
   * case-insensitively, when not null): one nested query, so both match in one entry.
   */
  private static ObjectNode nestedTerm(String name, String value) {
    List<ObjectNode> filters = new ArrayList<>();
    ObjectNode n = JSON.objectNode();
    n.putObject("term").put("properties.name", name);
    filters.add(n);
    if (value != null) {
      ObjectNode s = JSON.objectNode();
      s.putObject("term").put("properties.s", value);
      filters.add(s);
    } else {
      filters.add(exists("properties.s"));
    }
    ObjectNode q = JSON.objectNode();
    ObjectNode nested = q.putObject("nested");
    nested.put("path", "properties");
    nested.set("query", and(filters, List.of()));
    return q;
  }

  // -------------------------------------------------------------------------------- requests

  /**
   * Pages a composite aggregation of the group-by keywords and the date histogram to its end (one
   * request for up to {@value #PAGE} non-empty buckets).
   */
  private Uni<List<BucketCount>> histogram(
      UUID workspaceId,
      boolean customers,
      ObjectNode query,
      Histogram histogram,
      List<String> groupBy) {
    List<BucketCount> out = new ArrayList<>();
    return page(workspaceId, customers, query, histogram, groupBy, null, out);
  }

  private Uni<List<BucketCount>> page(
      UUID workspaceId,
      boolean customers,
      ObjectNode query,
      Histogram histogram,
      List<String> groupBy,
      JsonNode after,
      List<BucketCount> out) {
    ObjectNode body = compositeSearch(query, histogram, groupBy, after);
    Uni<JsonNode> answer =
        customers
            ? client.customerAggregations(workspaceId.toString(), body)
            : client.eventAggregations(workspaceId.toString(), body);
    return answer.chain(
        r -> {
          JsonNode h = r.path("aggregations").path("h");
          JsonNode buckets = h.path("buckets");
          for (JsonNode b : buckets) {
            List<String> keys = new ArrayList<>(groupBy.size());
            for (int i = 0; i < groupBy.size(); i++) {
              keys.add(b.path("key").path("k" + i).asText());
            }
            out.add(
                new BucketCount(
                    keys,
                    LocalDate.parse(b.path("key").path("d").asText()),
                    b.path("doc_count").asLong()));
          }
          JsonNode next = h.path("after_key");
          if (buckets.size() < PAGE || next.isMissingNode() || next.isNull()) {
            return Uni.createFrom().item(out);
          }
          return page(workspaceId, customers, query, histogram, groupBy, next, out);
        });
  }

  /** The body of one composite page: keywords first, the date histogram last. */
  static ObjectNode compositeSearch(
      ObjectNode query, Histogram histogram, List<String> groupBy, JsonNode after) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.set("query", query);
    ObjectNode composite = body.putObject("aggs").putObject("h").putObject("composite");
    composite.put("size", PAGE);
    ArrayNode sources = composite.putArray("sources");
    for (int i = 0; i < groupBy.size(); i++) {
      sources.addObject().putObject("k" + i).putObject("terms").put("field", groupBy.get(i));
    }
    ObjectNode date = sources.addObject().putObject("d").putObject("date_histogram");
    date.put("field", histogram.field());
    date.put("calendar_interval", histogram.interval().calendar);
    date.put("time_zone", histogram.zone().getId());
    date.put("format", "yyyy-MM-dd");
    if (after != null) {
      composite.set("after", after);
    }
    return body;
  }

  /** Live customer documents of the scope (a null kind: any kind). */
  static ObjectNode customerQuery(CustomerScope scope) {
    List<ObjectNode> filters = new ArrayList<>();
    filters.add(term("workspaceId", scope.workspaceId().toString()));
    if (scope.kind() != null) {
      filters.add(term("kind", scope.kind()));
    }
    if (scope.nodeIds() != null) {
      filters.add(terms("nodeId", scope.nodeIds().stream().map(UUID::toString).toList()));
    }
    ObjectNode deleted = JSON.objectNode();
    deleted.putObject("range").putObject("deleted").put("gt", 0);
    return and(filters, List.of(deleted));
  }

  /** The scope's events with {@code field} in {@code from}..{@code to}, both included. */
  static ObjectNode eventQuery(EventScope scope, String field, Instant from, Instant to) {
    List<ObjectNode> filters = new ArrayList<>();
    filters.add(term("workspaceId", scope.workspaceId().toString()));
    if (scope.nodeIds() != null) {
      filters.add(terms("nodeId", scope.nodeIds().stream().map(UUID::toString).toList()));
    }
    if (scope.customerIds() != null) {
      filters.add(terms("customerId", scope.customerIds().stream().map(UUID::toString).toList()));
    }
    if (scope.types() != null) {
      filters.add(terms("type", scope.types()));
    }
    if (scope.contexts() != null) {
      filters.add(terms("context", scope.contexts()));
    }
    filters.add(range(field, from, to));
    return and(filters, List.of());
  }

  private static ObjectNode range(Histogram h) {
    return range(h.field(), h.from(), h.to());
  }

  private static ObjectNode range(String field, Instant from, Instant to) {
    ObjectNode q = JSON.objectNode();
    q.putObject("range")
        .putObject(field)
        .put("gte", WireTime.format(from))
        .put("lte", WireTime.format(to));
    return q;
  }

  private static ObjectNode and(List<ObjectNode> filter, List<ObjectNode> mustNot) {
    ObjectNode q = JSON.objectNode();
    ObjectNode bool = q.putObject("bool");
    ArrayNode f = bool.putArray("filter");
    filter.forEach(f::add);
    if (!mustNot.isEmpty()) {
      ArrayNode n = bool.putArray("must_not");
      mustNot.forEach(n::add);
    }
    return q;
  }

  private static ObjectNode term(String field, String value) {
    ObjectNode q = JSON.objectNode();
    q.putObject("term").put(field, value);
    return q;
  }

  private static ObjectNode terms(String field, Collection<String> values) {
    ObjectNode q = JSON.objectNode();
    ArrayNode list = q.putObject("terms").putArray(field);
    values.forEach(list::add);
    return q;
  }

  private static ObjectNode exists(String field) {
    ObjectNode q = JSON.objectNode();
    q.putObject("exists").put("field", field);
    return q;
  }
}
