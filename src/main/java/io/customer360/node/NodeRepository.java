package io.customer360.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
class NodeRepository {

  private static final String COLUMNS =
      "id, workspace_id, type, name, description, image_url, unique_customer::text as unique_customer,"
          + " source_priority, mandatory_properties, entry_nodes,"
          + " matching_properties::text as matching_properties,"
          + " exclusion_filters::text as exclusion_filters, state, build::text as build,"
          + " coalesce((retention->>'enabled')::boolean, false) as retention_enabled";

  private final Pool pool;
  private final Db db;

  NodeRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  Uni<Node> insert(Node n) {
    return pool.preparedQuery(
            "insert into node (id, workspace_id, type, name, description, image_url, unique_customer,"
                + " source_priority, mandatory_properties, entry_nodes, matching_properties,"
                + " exclusion_filters, state) values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9,"
                + " $10, $11::text::jsonb, $12::text::jsonb, $13) returning "
                + COLUMNS)
        .execute(tuple(n))
        .map(rows -> Db.first(rows, this::toNode));
  }

  Uni<Node> update(Node n) {
    return pool.preparedQuery(
            "update node set name = $4, description = $5, image_url = $6,"
                + " unique_customer = $7::text::jsonb, source_priority = $8, mandatory_properties = $9,"
                + " entry_nodes = $10, matching_properties = $11::text::jsonb,"
                + " exclusion_filters = $12::text::jsonb, state = $13, updated_at = now()"
                + " where id = $1 and workspace_id = $2 and type = $3 returning "
                + COLUMNS)
        .execute(tuple(n))
        .map(rows -> Db.first(rows, this::toNode));
  }

  private Tuple tuple(Node n) {
    return Tuple.from(
        Arrays.asList(
            n.id(),
            n.workspaceId(),
            n.type().name(),
            n.name(),
            n.description(),
            n.imageUrl(),
            db.json(n.uniqueCustomer()),
            Db.uuidArray(n.sourcePriority()),
            Db.stringArray(n.mandatoryProperties()),
            Db.uuidArray(n.entryNodes()),
            db.json(n.matchingProperties()),
            db.json(n.exclusionFilters()),
            n.state() == null ? null : n.state().name()));
  }

  /** Moves an aggregate node from NEW to ACTIVE, queueing the build of its unified customers. */
  Uni<Node> activate(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "update node set state = 'ACTIVE', updated_at = now(),"
                + " build = jsonb_build_object('status', 'PENDING', 'processed', 0, 'total', null,"
                + " 'requestedAt', now()) where id = $1 and workspace_id = $2 and state = 'NEW' returning "
                + COLUMNS)
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toNode));
  }

  Uni<Node> find(UUID id) {
    return pool.preparedQuery("select " + COLUMNS + " from node where id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Db.first(rows, this::toNode));
  }

  Uni<RowSet<Row>> page(UUID workspaceId, NodeType type, PageRequest page) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + ", count(*) over () as total from node where workspace_id = $1"
                + " and ($2::text is null or type = $2) order by created_at, id limit $3 offset $4")
        .execute(
            Tuple.of(workspaceId, type == null ? null : type.name(), page.size(), page.offset()));
  }

  Uni<List<Node>> findByWorkspaces(List<UUID> workspaceIds) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from node where workspace_id = any($1) order by created_at, id")
        .execute(Tuple.of(Db.uuidArray(workspaceIds)))
        .map(rows -> Db.list(rows, this::toNode));
  }

  /** Aggregate nodes (any state) that contain the given entry node. */
  Uni<List<Node>> aggregatesOf(UUID entryNodeId) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from node where type = 'AGGREGATE' and entry_nodes @> array[$1]::uuid[]")
        .execute(Tuple.of(entryNodeId))
        .map(rows -> Db.list(rows, this::toNode));
  }

  Uni<Integer> countEntryNodes(UUID workspaceId, List<UUID> ids) {
    return pool.preparedQuery(
            "select count(*) as n from node where workspace_id = $1 and type = 'ENTRY' and id = any($2)")
        .execute(Tuple.of(workspaceId, Db.uuidArray(ids)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  Uni<Integer> countSources(UUID workspaceId, List<UUID> ids) {
    return pool.preparedQuery(
            "select count(*) as n from source where workspace_id = $1 and id = any($2)")
        .execute(Tuple.of(workspaceId, Db.uuidArray(ids)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  Uni<Boolean> hasCustomers(UUID nodeId) {
    return pool.preparedQuery("select exists(select 1 from customer where node_id = $1) as e")
        .execute(Tuple.of(nodeId))
        .map(rows -> rows.iterator().next().getBoolean("e"));
  }

  /**
   * Removes a node's data set-based in one transaction: its events, and unless eventsOnly its
   * customers (identifiers, sessions, memberships cascade) and the unified customers left empty.
   */
  Uni<Void> empty(SqlClient tx, UUID workspaceId, UUID nodeId, boolean eventsOnly) {
    Uni<?> events =
        tx.preparedQuery(
                "with gone as (delete from event where node_id = $2 returning id)"
                    + " insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
                    + " select $1, $2, 'EVENT', id, 'DELETE' from gone")
            .execute(Tuple.of(workspaceId, nodeId));
    if (eventsOnly) {
      return events.replaceWithVoid();
    }
    return events
        .chain(
            () ->
                tx.preparedQuery(
                        "with gone as (delete from customer where node_id = $2 returning id)"
                            + " insert into change_log (workspace_id, node_id, entity, entity_id, operation)"
                            + " select $1, $2, 'CUSTOMER', id, 'DELETE' from gone")
                    .execute(Tuple.of(workspaceId, nodeId)))
        .chain(
            () ->
                tx.preparedQuery(
                        "delete from unified_customer u where u.aggregate_node_id in (select id from node"
                            + " where workspace_id = $1 and type = 'AGGREGATE')"
                            + " and not exists (select 1 from unified_member m where m.unified_id = u.id)")
                    .execute(Tuple.of(workspaceId)))
        .replaceWithVoid();
  }

  Node toNode(Row r) {
    String type = r.getString("type");
    String state = r.getString("state");
    String filters = r.getString("exclusion_filters");
    JsonNode build = db.tree(r.getString("build"));
    return new Node(
        r.getUUID("id"),
        r.getUUID("workspace_id"),
        NodeType.valueOf(type),
        r.getString("name"),
        r.getString("description"),
        r.getString("image_url"),
        db.read(r.getString("unique_customer"), MatchingPolicy.class),
        Db.uuids(r, "source_priority"),
        Db.strings(r, "mandatory_properties"),
        Db.uuids(r, "entry_nodes"),
        db.read(r.getString("matching_properties"), MatchingPolicy.class),
        filters == null ? null : List.of(db.read(filters, ExclusionFilter[].class)),
        state == null ? null : AggregateState.valueOf(state),
        build,
        r.getBoolean("retention_enabled"));
  }
}
