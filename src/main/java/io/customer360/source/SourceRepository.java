package io.customer360.source;

import io.customer360.common.Db;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
class SourceRepository {

  private static final String COLUMNS =
      "id, workspace_id, provider, name, description, properties::text as properties, nodes, enabled";

  private final Pool pool;
  private final Db db;

  SourceRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  Uni<Source> insert(Source s, String tokenHash) {
    return pool.preparedQuery(
            "insert into source (id, workspace_id, provider, name, description, properties, nodes,"
                + " enabled, token_hash) values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)"
                + " returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                Arrays.asList(
                    s.id(),
                    s.workspaceId(),
                    s.provider().name(),
                    s.name(),
                    s.description(),
                    db.json(s.properties()),
                    Db.uuidArray(s.nodes()),
                    s.enabled(),
                    tokenHash)))
        .map(rows -> Db.first(rows, this::toSource));
  }

  Uni<Source> update(Source s) {
    return pool.preparedQuery(
            "update source set provider = $3, name = $4, description = $5, properties = $6::text::jsonb,"
                + " nodes = $7, enabled = $8, updated_at = now() where id = $1 and workspace_id = $2"
                + " returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                Arrays.asList(
                    s.id(),
                    s.workspaceId(),
                    s.provider().name(),
                    s.name(),
                    s.description(),
                    db.json(s.properties()),
                    Db.uuidArray(s.nodes()),
                    s.enabled())))
        .map(rows -> Db.first(rows, this::toSource));
  }

  Uni<Source> replaceToken(UUID workspaceId, UUID id, String tokenHash) {
    return pool.preparedQuery(
            "update source set token_hash = $3, updated_at = now() where id = $1 and workspace_id = $2"
                + " returning "
                + COLUMNS)
        .execute(Tuple.of(id, workspaceId, tokenHash))
        .map(rows -> Db.first(rows, this::toSource));
  }

  Uni<Source> find(UUID workspaceId, UUID id) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from source where id = $1 and workspace_id = $2")
        .execute(Tuple.of(id, workspaceId))
        .map(rows -> Db.first(rows, this::toSource));
  }

  Uni<List<Source>> findAll(UUID workspaceId) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from source where workspace_id = $1 order by created_at, id")
        .execute(Tuple.of(workspaceId))
        .map(rows -> Db.list(rows, this::toSource));
  }

  Uni<Integer> countNodes(UUID workspaceId, List<UUID> ids) {
    return pool.preparedQuery(
            "select count(*) as n from node where workspace_id = $1 and id = any($2)")
        .execute(Tuple.of(workspaceId, Db.uuidArray(ids)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  private Source toSource(Row r) {
    return new Source(
        r.getUUID("id"),
        r.getUUID("workspace_id"),
        SourceProvider.valueOf(r.getString("provider")),
        r.getString("name"),
        r.getString("description"),
        db.tree(r.getString("properties")),
        Db.uuids(r, "nodes"),
        r.getBoolean("enabled"));
  }
}
