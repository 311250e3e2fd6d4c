package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.PageRequest;
import io.customer360.node.Node;
import io.customer360.search.query.QueryTranslator;
import io.customer360.search.query.SearchQuery;
import io.customer360.search.query.SearchQuery.Did;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The read model of customer profiles over the Elasticsearch customer index, for read-side features
 * that answer from the index rather than PostgreSQL (Customer 360, seed 000: "profiles are resolved
 * from the customer index"). A node's customers are its entry customers (entry node, documents of
 * kind ENTRY) or its unified customers (ACTIVE aggregate node, kind UNIFIED).
 *
 * <p>A profile document is the customer document of {@link SearchDocuments} (system fields, {@code
 * base}, {@code consents}, {@code tags}, {@code memberIds}, ...), {@code extendedSource} (the
 * customer's whole {@code extended} object as the API renders it, stored but not indexed) and the
 * activity summary the indexer computes from the customer's events (for a unified customer: its
 * members' events): {@code activity.lastEventAt} (ISO-8601 date-time of the newest event, null when
 * none), {@code activity.lifetimeValue} (sum of {@code properties.amount.total} over completedOrder
 * events, null when none), {@code activity.eventCount}. Every method fails with 503 and Retry-After
 * when the index cannot answer, and with 400 naming {@code nodeId} when the node is neither an
 * entry node nor an ACTIVE aggregate node (as {@link CustomerSearch}).
 *
 * <p>A document counts as deleted when its {@code deleted} field is positive (the spec's {@code
 * deleted} enum is -1, 0, 1 and only 1 reads as deleted; the indexer removes the documents of
 * deleted rows, so such documents are not expected, but they are never answered). Each method is
 * one Elasticsearch request, plus, for a segment with {@code did} clauses, one events search per
 * clause (as CU1).
 */
@ApplicationScoped
public class CustomerProfiles {

  /** The typed-value arrays left out of profile documents ({@code _source_excludes}). */
  static final List<String> EXCLUDED = List.of("extended", "properties");

  /** The folded fields a profile prefix is matched against. */
  static final List<String> PREFIX_FIELDS =
      List.of("folded.firstName", "folded.lastName", "folded.email", "folded.phone");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SearchClient client;
  private final CustomerSearch search;
  private final int cap;

  CustomerProfiles(SearchClient client, CustomerSearch search, Customer360Config config) {
    this.client = client;
    this.search = search;
    this.cap = config.limits().searchCap();
  }

  /**
   * The document of one of the node's customers, as stored (without the typed-value arrays), or
   * empty when the index holds no such customer for this workspace and node (deleted documents
   * included).
   *
   * <p>One real-time GET by id on the customer alias (which always points at one index), routed by
   * the workspace; a document of another workspace, node or kind (ENTRY for an entry node, UNIFIED
   * for an ACTIVE aggregate node) or a deleted one answers empty.
   */
  public Uni<Optional<ObjectNode>> profile(UUID workspaceId, Node node, UUID customerId) {
    String kind = CustomerSearch.kind(node);
    return client
        .customer(workspaceId.toString(), customerId.toString(), String.join(",", EXCLUDED))
        .map(
            doc ->
                doc instanceof ObjectNode o && belongs(o, workspaceId, node.id(), kind)
                    ? Optional.of(o)
                    : Optional.empty());
  }

  /**
   * One page of the node's profile documents, newest registration first (id tie-break), filtered by
   * {@code filter}; {@code total} counts matches up to the search cap.
   *
   * <p>The prefix matches the start of {@code folded.firstName}, {@code folded.lastName}, {@code
   * folded.email} or {@code folded.phone} after the same folding the indexer applies ({@link
   * SearchDocuments#fold}: lowercase, accents removed), so case and accents are ignored; a blank
   * prefix filters nothing. The tag matches a whole element of {@code tags.auto} or {@code
   * tags.manual} (keywords compare case-insensitively, like every string of the query language).
   * The segment is translated like a CU1 query ({@link QueryTranslator}), its {@code did} clauses
   * resolved first. A page starting at or beyond the cap answers 400 naming {@code page}; a page
   * straddling it is cut.
   */
  public Uni<ProfilePage> profiles(
      UUID workspaceId, Node node, ProfileFilter filter, PageRequest page) {
    String kind = CustomerSearch.kind(node);
    if (page.offset() >= cap) {
      throw ApiException.badRequest("page", "must stay within the first " + cap + " matches");
    }
    ProfileFilter f = filter == null ? new ProfileFilter(null, null, null) : filter;
    List<Did> dids = f.segment() == null ? List.of() : QueryTranslator.dids(f.segment().query());
    int size = (int) Math.min(page.size(), cap - page.offset());
    return search
        .resolve(workspaceId, dids)
        .chain(
            found ->
                client.customerDocuments(
                    workspaceId.toString(),
                    profilesSearch(
                        workspaceId,
                        node.id(),
                        kind,
                        f,
                        found::get,
                        (int) page.offset(),
                        size,
                        cap)))
        .map(CustomerProfiles::page);
  }

  /**
   * The overview counts of the node's customers, from one aggregation request: total (not deleted),
   * active (an event at or after {@code activeSince}), registered at or after {@code
   * registeredSince}, and reach per channel (spec customer360-api.md "Definitions"; see {@link
   * Overview}).
   *
   * <p>One {@code _search} with {@code size: 0}: the total is the exact hit count of the node's
   * documents, the other numbers are the buckets of one {@code filters} aggregation.
   */
  public Uni<Overview> overview(
      UUID workspaceId, Node node, Instant activeSince, Instant registeredSince) {
    Objects.requireNonNull(activeSince, "activeSince");
    Objects.requireNonNull(registeredSince, "registeredSince");
    String kind = CustomerSearch.kind(node);
    return client
        .customerAggregations(
            workspaceId.toString(),
            overviewSearch(workspaceId, node.id(), kind, activeSince, registeredSince))
        .map(CustomerProfiles::overview);
  }

  // ------------------------------------------------------------------------ request bodies

  /** Whether a document is a live customer of that workspace, node and kind. */
  static boolean belongs(JsonNode doc, UUID workspaceId, UUID nodeId, String kind) {
    return workspaceId.toString().equals(doc.path("workspaceId").asText())
        && nodeId.toString().equals(doc.path("nodeId").asText())
        && kind.equals(doc.path("kind").asText())
        && !deleted(doc);
  }

  /** Whether a document is marked deleted (a positive {@code deleted}, or {@code true}). */
  static boolean deleted(JsonNode doc) {
    JsonNode d = doc.path("deleted");
    return d.isBoolean() ? d.asBoolean() : d.asInt(0) > 0;
  }

  /** The query of the node's live documents of that kind in the workspace, plus {@code filters}. */
  static ObjectNode scoped(UUID workspaceId, UUID nodeId, String kind, List<ObjectNode> filters) {
    ObjectNode q = JSON.objectNode();
    ObjectNode bool = q.putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    filter.add(QueryTranslator.customerScope(workspaceId, nodeId, kind));
    filters.forEach(filter::add);
    bool.putArray("must_not").addObject().putObject("range").putObject("deleted").put("gt", 0);
    return q;
  }

  /** The body of a profile page search. */
  static ObjectNode profilesSearch(
      UUID workspaceId,
      UUID nodeId,
      String kind,
      ProfileFilter filter,
      Function<Did, List<String>> didIds,
      int from,
      int size,
      int cap) {
    List<ObjectNode> filters = new ArrayList<>();
    String prefix = filter.prefix() == null ? "" : SearchDocuments.fold(filter.prefix().strip());
    if (!prefix.isEmpty()) {
      List<ObjectNode> any = new ArrayList<>();
      for (String field : PREFIX_FIELDS) {
        ObjectNode p = JSON.objectNode();
        p.putObject("prefix").put(field, prefix);
        any.add(p);
      }
      filters.add(should(any));
    }
    if (filter.tag() != null) {
      String tag = Normalizer.normalize(filter.tag(), Normalizer.Form.NFC);
      filters.add(should(List.of(term("tags.auto", tag), term("tags.manual", tag))));
    }
    if (filter.segment() != null) {
      filters.add(QueryTranslator.customerQuery(filter.segment().query(), didIds));
    }
    ObjectNode body = JSON.objectNode();
    body.put("from", from);
    body.put("size", size);
    body.put("track_total_hits", cap);
    ArrayNode excludes = body.putObject("_source").putArray("excludes");
    EXCLUDED.forEach(excludes::add);
    body.set("query", scoped(workspaceId, nodeId, kind, filters));
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject("registeredAt").put("order", "desc").put("unmapped_type", "date");
    sort.addObject().putObject("id").put("order", "desc");
    return body;
  }

  /** The body of the overview request: the exact total and one {@code filters} aggregation. */
  static ObjectNode overviewSearch(
      UUID workspaceId, UUID nodeId, String kind, Instant activeSince, Instant registeredSince) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    body.set("query", scoped(workspaceId, nodeId, kind, List.of()));
    ObjectNode filters =
        body.putObject("aggs").putObject("overview").putObject("filters").putObject("filters");
    filters.set("active", range("activity.lastEventAt", activeSince));
    filters.set("registeredSince", range("registeredAt", registeredSince));
    filters.set("email", reach(exists("base.contacts.email"), "email"));
    filters.set("sms", reach(exists("base.contacts.mobilePhone"), "sms"));
    filters.set("push", reach(term("pushDevice", true), "push"));
    return body;
  }

  /** Reachable on a channel: {@code contact} holds and the channel's consent is not opted out. */
  static ObjectNode reach(ObjectNode contact, String channel) {
    String consent = "consents.marketing.automatic." + channel;
    ObjectNode q = JSON.objectNode();
    ObjectNode bool = q.putObject("bool");
    bool.putArray("filter").add(contact);
    bool.putArray("must_not")
        .add(
            should(
                List.of(
                    term(consent + ".status", false),
                    term(consent + ".objection", true),
                    term(consent + ".limitation", true))));
    return q;
  }

  private static ObjectNode range(String field, Instant since) {
    ObjectNode q = JSON.objectNode();
    q.putObject("range").putObject(field).put("gte", since.toString());
    return q;
  }

  private static ObjectNode exists(String field) {
    ObjectNode q = JSON.objectNode();
    q.putObject("exists").put("field", field);
    return q;
  }

  private static ObjectNode term(String field, String value) {
    ObjectNode q = JSON.objectNode();
    q.putObject("term").put(field, value);
    return q;
  }

  private static ObjectNode term(String field, boolean value) {
    ObjectNode q = JSON.objectNode();
    q.putObject("term").put(field, value);
    return q;
  }

  private static ObjectNode should(List<ObjectNode> parts) {
    ObjectNode q = JSON.objectNode();
    ObjectNode bool = q.putObject("bool");
    ArrayNode list = bool.putArray("should");
    parts.forEach(list::add);
    bool.put("minimum_should_match", 1);
    return q;
  }

  private static ProfilePage page(JsonNode response) {
    List<ObjectNode> docs = new ArrayList<>();
    for (JsonNode hit : response.path("hits").path("hits")) {
      if (hit.path("_source") instanceof ObjectNode source) {
        docs.add(source);
      }
    }
    return new ProfilePage(docs, response.path("hits").path("total").path("value").asLong());
  }

  private static Overview overview(JsonNode response) {
    JsonNode buckets = response.path("aggregations").path("overview").path("buckets");
    Map<String, Long> n = new java.util.HashMap<>();
    buckets
        .fields()
        .forEachRemaining(e -> n.put(e.getKey(), e.getValue().path("doc_count").asLong()));
    return new Overview(
        response.path("hits").path("total").path("value").asLong(),
        n.getOrDefault("active", 0L),
        n.getOrDefault("registeredSince", 0L),
        n.getOrDefault("email", 0L),
        n.getOrDefault("sms", 0L),
        n.getOrDefault("push", 0L));
  }

  /**
   * What a profile page is filtered by; each null part means no filter.
   *
   * @param prefix a prefix of the first name, last name, e-mail or phone, case and accents ignored
   * @param segment a segment's query (Contacthub query language, parsed)
   * @param tag a tag the customer carries (auto or manual)
   */
  public record ProfileFilter(String prefix, SearchQuery segment, String tag) {}

  /** A page of profile documents and the number of matches (up to the search cap). */
  public record ProfilePage(List<ObjectNode> documents, long total) {}

  /**
   * Overview counts of a node's customers (not deleted).
   *
   * <p>Channel reach (spec customer360-api.md "Definitions": reachable and not opted out). A
   * customer is <b>opted out</b> of a channel when its consent {@code
   * consents.marketing.automatic.<email|sms|push>} has {@code status: false}, {@code objection:
   * true} (GDPR art. 21: objected to direct marketing) or {@code limitation: true} (art. 18:
   * processing restricted); a missing consent, or one without any of these, is not an opt-out.
   * Reachable on e-mail: {@code base.contacts.email} present; on SMS: {@code
   * base.contacts.mobilePhone} present; on push: at least one {@code base.contacts.mobileDevices}
   * entry with an {@code identifier} and a {@code notificationService} (the device's push token and
   * the service that delivers to it, spec contacthub-api.md §2).
   *
   * @param total customers
   * @param active customers with an event since the given instant ({@code activity.lastEventAt})
   * @param registeredSince customers registered since the given instant ({@code registeredAt})
   * @param emailReach customers with an e-mail and not opted out of e-mail
   * @param smsReach customers with a mobile phone and not opted out of SMS
   * @param pushReach customers with at least one mobile device with push and not opted out of push
   */
  public record Overview(
      long total,
      long active,
      long registeredSince,
      long emailReach,
      long smsReach,
      long pushReach) {}
}
