package io.customer360.user;

import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.customer360.security.Permission;
import io.customer360.user.UserResponses.NodePermission;
import io.customer360.user.UserResponses.UserResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
class UserRepository {

  private static final String USER_COLUMNS =
      "u.id, u.username, u.name, u.surname, u.email, u.lang, u.registered_at, u.updated_at,"
          + " coalesce((select jsonb_agg(jsonb_build_object('id', p.node_id, 'permission', p.permission)"
          + " order by p.node_id) from user_node_permission p"
          + " where p.user_id = u.id and p.workspace_id = $1), '[]')::text as nodes";

  private final Pool pool;
  private final Db db;

  UserRepository(Pool pool, Db db) {
    this.pool = pool;
    this.db = db;
  }

  Uni<Integer> upsert(String subject, String username, String name, String surname, String email) {
    return pool.preparedQuery(
            "insert into app_user (subject, username, name, surname, email) values ($1, $2, $3, $4, $5)"
                + " on conflict (subject) do update set username = excluded.username,"
                + " name = coalesce(excluded.name, app_user.name),"
                + " surname = coalesce(excluded.surname, app_user.surname),"
                + " email = coalesce(excluded.email, app_user.email), updated_at = now()"
                + " returning id")
        .execute(Tuple.of(subject, username, name, surname, email))
        .map(rows -> rows.iterator().next().getInteger("id"));
  }

  Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId) {
    return pool.preparedQuery(
            "select node_id, permission from user_node_permission where user_id = $1 and workspace_id = $2")
        .execute(Tuple.of(userId, workspaceId))
        .map(
            rows -> {
              Map<UUID, Permission> out = new HashMap<>();
              rows.forEach(
                  r ->
                      out.put(r.getUUID("node_id"), Permission.valueOf(r.getString("permission"))));
              return out;
            });
  }

  Uni<List<UUID>> workspacesOf(int userId) {
    return pool.preparedQuery(
            "select distinct workspace_id from user_node_permission where user_id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> Db.list(rows, r -> r.getUUID("workspace_id")));
  }

  Uni<RowSet<Row>> page(UUID workspaceId, String search, PageRequest page) {
    return pool.preparedQuery(
            "select "
                + USER_COLUMNS
                + ", count(*) over () as total from app_user u where $2::text is null"
                + " or concat_ws(' ', u.name, u.surname, u.username, u.email) ilike '%' || $2 || '%'"
                + " order by u.id limit $3 offset $4")
        .execute(Tuple.of(workspaceId, search, page.size(), page.offset()));
  }

  Uni<UserResponse> find(UUID workspaceId, int id) {
    return find(pool, workspaceId, id);
  }

  Uni<UserResponse> find(SqlClient client, UUID workspaceId, int id) {
    return client
        .preparedQuery("select " + USER_COLUMNS + " from app_user u where u.id = $2")
        .execute(Tuple.of(workspaceId, id))
        .map(rows -> Db.first(rows, this::toUser));
  }

  Uni<UserResponse> findBySubject(String subject) {
    return pool.preparedQuery(
            "select "
                + USER_COLUMNS.replace("$1", "null")
                + " from app_user u where u.subject = $1")
        .execute(Tuple.of(subject))
        .map(rows -> Db.first(rows, this::toUser));
  }

  /**
   * Replaces the user's permissions in one workspace. Returns how many of the given nodes belong to
   * the workspace, so the caller can refuse foreign ones (the transaction then rolls back).
   */
  Uni<Integer> replacePermissions(
      SqlClient tx, UUID workspaceId, int userId, List<NodePermission> nodes) {
    List<UUID> ids = new ArrayList<>();
    List<String> permissions = new ArrayList<>();
    nodes.forEach(
        n -> {
          ids.add(n.id());
          permissions.add(n.permission().name());
        });
    return tx.preparedQuery(
            "delete from user_node_permission where user_id = $1 and workspace_id = $2")
        .execute(Tuple.of(userId, workspaceId))
        .chain(
            () ->
                tx.preparedQuery(
                        "insert into user_node_permission (user_id, workspace_id, node_id, permission)"
                            + " select $1, $2, n.id, p.permission"
                            + " from unnest($3::uuid[], $4::text[]) as p(node_id, permission)"
                            + " join node n on n.id = p.node_id and n.workspace_id = $2"
                            + " on conflict (user_id, node_id) do update set permission = excluded.permission")
                    .execute(
                        Tuple.of(
                            userId,
                            workspaceId,
                            ids.toArray(new UUID[0]),
                            permissions.toArray(new String[0]))))
        .map(RowSet::rowCount);
  }

  UserResponse toUser(Row r) {
    NodePermission[] nodes = db.read(r.getString("nodes"), NodePermission[].class);
    return new UserResponse(
        r.getInteger("id"),
        r.getString("name"),
        r.getString("surname"),
        r.getString("username"),
        r.getString("email"),
        r.getOffsetDateTime("registered_at"),
        r.getOffsetDateTime("updated_at"),
        List.of(nodes));
  }
}
