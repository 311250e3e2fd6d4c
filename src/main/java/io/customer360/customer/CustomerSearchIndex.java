package io.customer360.customer;

import io.customer360.common.PageRequest;
import io.customer360.node.Node;
import io.customer360.workspace.Workspace;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What the customer feature needs from the search feature (dependency inversion: customer sits
 * below search, which implements this over the Elasticsearch customer index): the ids of one page
 * of a node's customers matching a query (CU1). The customers themselves are then loaded from
 * PostgreSQL by id and rendered by {@link CustomerJson}.
 */
public interface CustomerSearchIndex {

  /**
   * Checks {@code query} (the CU1 parameter, a JSON string of the Contacthub query language, spec
   * §4; null: every customer) and {@code sort} ({@code field} or {@code field,asc|desc}; null:
   * updatedAt descending) against the workspace's attributes before anything is read; fails 400
   * naming the JSON path inside {@code query} or {@code sort}.
   */
  Prepared prepare(Workspace workspace, String query, String sort);

  /**
   * The workspace's searchable extended properties changed (a property's {@code indexed} flag, or
   * the type of an indexed one): documents written before hold the old set, so the index is rebuilt
   * (a reindex request, run by the indexer while searches keep being served). Completes when the
   * request is stored.
   */
  Uni<Void> indexedPropertiesChanged(UUID workspaceId);

  /** A checked search, ready to run on a node. */
  interface Prepared {

    /**
     * One page of the node's customers (an entry node: its entry customers; an ACTIVE aggregate
     * node: its unified customers) matching the query, in sort order, limited to those with a
     * member in {@code members} when it is not null. Fails 503 with Retry-After when the index
     * cannot answer.
     */
    Uni<Hits> run(Node node, Collection<UUID> members, PageRequest page);
  }

  /**
   * One page of matches.
   *
   * @param ids the customer ids of the page, in order
   * @param total matches, counted up to the search cap
   * @param unfiltered the node's customers in the index without the query and member filters
   */
  record Hits(List<UUID> ids, long total, long unfiltered) {}
}
