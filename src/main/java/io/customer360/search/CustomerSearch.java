package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.PageRequest;
import io.customer360.customer.CustomerSearchIndex;
import io.customer360.node.Node;
import io.customer360.search.query.QueryParser;
import io.customer360.search.query.QueryTranslator;
import io.customer360.search.query.SearchQuery;
import io.customer360.search.query.SearchQuery.Did;
import io.customer360.search.query.SearchSort;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Customer search over the Elasticsearch customer index (CU1, spec §4): the one search service of
 * the platform. The customer feature reaches it through {@link CustomerSearchIndex}; other features
 * (segments, Customer 360) call {@link #search} with a parsed query.
 *
 * <p>A search answers ids only: an entry node's entry customers ({@code kind ENTRY}) or an ACTIVE
 * aggregate node's unified customers ({@code kind UNIFIED}), filtered by workspace, node, kind and
 * the query, sorted with the id tie-break, at most the search cap ({@code
 * customer360.limits.search-cap}) deep. {@code did} clauses first search the events index (one
 * request each, at most the cap of distinct customers per clause). Searches hold no database
 * connection: the caller loads the customers by id afterwards.
 */
@ApplicationScoped
public class CustomerSearch implements CustomerSearchIndex {

  private final SearchClient client;
  private final int cap;
  private final IndexerRepository indexer;
  private final SearchIndices indices;

  CustomerSearch(
      SearchClient client,
      Customer360Config config,
      IndexerRepository indexer,
      SearchIndices indices) {
    this.client = client;
    this.cap = config.limits().searchCap();
    this.indexer = indexer;
    this.indices = indices;
  }

  @Override
  public Uni<Void> indexedPropertiesChanged(UUID workspaceId) {
    return indexer.requestReindexIfPopulated(indices.prefix(), workspaceId);
  }

  @Override
  public Prepared prepare(Workspace workspace, String query, String sort) {
    JsonNode schema = workspace.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES);
    SearchQuery parsed = query == null ? null : QueryParser.parse(query, schema);
    SearchSort order = SearchSort.parse(sort, schema);
    return (node, members, page) -> search(workspace.id(), node, parsed, order, members, page);
  }

  /**
   * One page of ids of the node's customers matching {@code query} (null: all), in {@code sort}
   * order ({@link SearchSort#DEFAULT} when null). {@code node} must be an entry node or an ACTIVE
   * aggregate node (else 400 naming nodeId); {@code page} must start within the cap (else 400
   * naming page) and is cut at the cap. Fails 503 with Retry-After when Elasticsearch cannot
   * answer.
   */
  public Uni<Hits> search(
      UUID workspaceId, Node node, SearchQuery query, SearchSort sort, PageRequest page) {
    return search(workspaceId, node, query, sort, null, page);
  }

  private Uni<Hits> search(
      UUID workspaceId,
      Node node,
      SearchQuery query,
      SearchSort sort,
      Collection<UUID> members,
      PageRequest page) {
    String kind = kind(node);
    if (page.offset() >= cap) {
      throw ApiException.badRequest("page", "must stay within the first " + cap + " matches");
    }
    List<Did> dids = query == null ? List.of() : QueryTranslator.dids(query.query());
    return resolve(workspaceId, dids)
        .chain(
            found -> {
              ObjectNode translated =
                  query == null ? null : QueryTranslator.customerQuery(query.query(), found::get);
              Uni<JsonNode> matches =
                  client.customers(
                      workspaceId.toString(),
                      QueryTranslator.customerSearch(
                          new QueryTranslator.CustomerSearch(
                              workspaceId,
                              node.id(),
                              kind,
                              members == null
                                  ? null
                                  : members.stream().map(UUID::toString).toList(),
                              translated,
                              (sort == null ? SearchSort.DEFAULT : sort).clauses(),
                              (int) page.offset(),
                              (int) Math.min(page.size(), cap - page.offset()),
                              cap)));
              Uni<Long> unfiltered =
                  client.countCustomers(
                      workspaceId.toString(),
                      QueryTranslator.customerScope(workspaceId, node.id(), kind));
              return Uni.combine()
                  .all()
                  .unis(matches, unfiltered)
                  .asTuple()
                  .map(t -> hits(t.getItem1(), t.getItem2()));
            });
  }

  /**
   * The exact number of the node's customers matching {@code query} (null: all), {@code did}
   * clauses included (each bounded by the search cap of distinct customers). Same node rules and
   * failures as {@link #search}. One {@code _count} of the query scoped like a search (workspace,
   * node, kind), after one {@code _msearch} of the events index when the query has {@code did}
   * clauses.
   */
  public Uni<Long> count(UUID workspaceId, Node node, SearchQuery query) {
    return counts(workspaceId, node, Collections.singletonList(query)).map(c -> c.get(0));
  }

  /**
   * {@link #count} of several queries (an element may be null: all of the node's customers), in
   * their order, sent together: one {@code _msearch} of the customer index ({@code size: 0}, {@code
   * track_total_hits: true}: exact totals), after one {@code _msearch} of the events index for the
   * distinct {@code did} clauses of all of them, if any. An empty list answers an empty list
   * without a request (the node is checked all the same).
   */
  public Uni<List<Long>> counts(UUID workspaceId, Node node, List<SearchQuery> queries) {
    String kind = kind(node);
    Set<Did> dids = new LinkedHashSet<>();
    for (SearchQuery q : queries) {
      if (q != null) {
        dids.addAll(QueryTranslator.dids(q.query()));
      }
    }
    return resolveTogether(workspaceId, List.copyOf(dids))
        .chain(
            found -> {
              List<ObjectNode> scoped = new ArrayList<>(queries.size());
              for (SearchQuery q : queries) {
                ObjectNode translated =
                    q == null ? null : QueryTranslator.customerQuery(q.query(), found::get);
                scoped.add(QueryTranslator.customerCount(workspaceId, node.id(), kind, translated));
              }
              return scoped.size() == 1
                  ? client.countCustomers(workspaceId.toString(), scoped.get(0)).map(List::of)
                  : client.countCustomers(workspaceId.toString(), scoped);
            });
  }

  /** The kind of documents a node's search reads; 400 for other nodes. */
  static String kind(Node node) {
    if (node.isEntry()) {
      return "ENTRY";
    }
    if (node.isActiveAggregate()) {
      return "UNIFIED";
    }
    throw ApiException.badRequest("nodeId", "must be an entry node or an ACTIVE aggregate node");
  }

  /**
   * The customer ids of every {@code did} clause, one events search each, one after another (also
   * used by {@link CustomerProfiles} for segment filters).
   */
  Uni<Map<Did, List<String>>> resolve(UUID workspaceId, List<Did> dids) {
    Map<Did, List<String>> found = new HashMap<>();
    if (dids.isEmpty()) {
      return Uni.createFrom().item(found);
    }
    return Multi.createFrom()
        .iterable(new ArrayList<>(dids))
        .onItem()
        .transformToUniAndConcatenate(
            did ->
                client
                    .events(
                        workspaceId.toString(), QueryTranslator.didSearch(workspaceId, did, cap))
                    .invoke(response -> found.put(did, QueryTranslator.didIds(response))))
        .collect()
        .last()
        .replaceWith(found);
  }

  /**
   * The customer ids of every {@code did} clause, all in one {@code _msearch} of the events index
   * (no request without clauses).
   */
  private Uni<Map<Did, List<String>>> resolveTogether(UUID workspaceId, List<Did> dids) {
    if (dids.isEmpty()) {
      return Uni.createFrom().item(new HashMap<>());
    }
    List<ObjectNode> bodies =
        dids.stream().map(did -> QueryTranslator.didSearch(workspaceId, did, cap)).toList();
    return client
        .events(workspaceId.toString(), bodies)
        .map(
            answers -> {
              Map<Did, List<String>> found = new HashMap<>();
              for (int i = 0; i < dids.size(); i++) {
                found.put(dids.get(i), QueryTranslator.didIds(answers.get(i)));
              }
              return found;
            });
  }

  private static Hits hits(JsonNode response, long unfiltered) {
    List<UUID> ids = new ArrayList<>();
    for (JsonNode hit : response.path("hits").path("hits")) {
      ids.add(UUID.fromString(hit.path("_id").asText()));
    }
    long total = response.path("hits").path("total").path("value").asLong();
    return new Hits(ids, total, unfiltered);
  }
}
