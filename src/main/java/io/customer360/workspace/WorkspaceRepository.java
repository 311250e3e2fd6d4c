package io.customer360.workspace;

import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
class WorkspaceRepository {

  private static final String COLUMNS =
      "id, name, slug, group_pk, shard, status, config::text as config";

  private final Pool pool;
  private final Db db;

  WorkspaceRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  Uni<Workspace> insert(Workspace w) {
    return pool.preparedQuery(
            "insert into workspace (id, name, slug, group_pk, shard, status, config)"
                + " values ($1, $2, $3, $4, $5, $6, $7::text::jsonb) returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                List.of(
                    w.id(),
                    w.name(),
                    w.slug(),
                    w.groupPk(),
                    w.shard(),
                    w.status().name(),
                    db.json(w.config()))))
        .map(rows -> Db.first(rows, this::toWorkspace));
  }

  Uni<Workspace> findById(UUID id) {
    return pool.preparedQuery("select " + COLUMNS + " from workspace where id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Db.first(rows, this::toWorkspace));
  }

  /** A page of workspaces, optionally limited to {@code visibleTo} (null = all). */
  Uni<RowSet<Row>> page(String name, Long groupPk, List<UUID> visibleTo, PageRequest page) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + ", count(*) over () as total from workspace"
                + " where ($1::text is null or name ilike '%' || $1 || '%')"
                + " and ($2::bigint is null or group_pk = $2)"
                + " and ($3::uuid[] is null or id = any($3))"
                + " order by created_at, id limit $4 offset $5")
        .execute(
            Tuple.tuple()
                .addString(name)
                .addLong(groupPk)
                .addArrayOfUUID(Db.uuidArray(visibleTo))
                .addInteger(page.size())
                .addLong(page.offset()));
  }

  Uni<List<Workspace>> findAll(List<UUID> ids) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from workspace where ($1::uuid[] is null or id = any($1))"
                + " order by group_pk, name")
        .execute(Tuple.of(Db.uuidArray(ids)))
        .map(rows -> Db.list(rows, this::toWorkspace));
  }

  Uni<Workspace> updateStatus(UUID id, WorkspaceStatus status) {
    return pool.preparedQuery(
            "update workspace set status = $2, updated_at = now() where id = $1 returning "
                + COLUMNS)
        .execute(Tuple.of(id, status.name()))
        .map(rows -> Db.first(rows, this::toWorkspace));
  }

  /**
   * Sets top-level settings atomically (jsonb ||), so concurrent writers of other keys keep theirs.
   */
  Uni<Workspace> mergeConfig(UUID id, String name, Object settings) {
    return pool.preparedQuery(
            "update workspace set config = config || $2::text::jsonb,"
                + " name = coalesce($3, name), updated_at = now() where id = $1 returning "
                + COLUMNS)
        .execute(Tuple.of(id, db.json(settings), name))
        .map(rows -> Db.first(rows, this::toWorkspace));
  }

  Workspace toWorkspace(Row r) {
    return new Workspace(
        r.getUUID("id"),
        r.getString("name"),
        r.getString("slug"),
        r.getLong("group_pk"),
        r.getString("shard"),
        WorkspaceStatus.valueOf(r.getString("status")),
        db.object(r.getString("config")));
  }

  private static final String MERGE_CONFIG_ENTRIES =
      """
      update workspace
         set config = jsonb_set(config, array[$2::text],
                                coalesce(config -> $2::text, '{}'::jsonb) || $3::text::jsonb),
             updated_at = now()
       where id = $1
      returning %s
      """
          .formatted(COLUMNS);

  /** Merges entries into one map-valued top-level setting (jsonb ||) atomically. */
  Uni<Workspace> mergeConfigEntries(UUID id, String key, String entriesJson) {
    return pool.preparedQuery(MERGE_CONFIG_ENTRIES)
        .execute(Tuple.of(id, key, entriesJson))
        .map(rows -> Db.first(rows, this::toWorkspace));
  }
}
