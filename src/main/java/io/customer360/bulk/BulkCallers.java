package io.customer360.bulk;

import io.customer360.security.Caller;
import io.customer360.security.Permission;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The caller of an upload, kept with its job ({@code bulk_job.caller}) so that the worker writes
 * with the rights the uploader had at upload time and records the uploader in {@code
 * sourceInfo.registeredBy/updatedBy} and in the consent log, as the API would.
 */
final class BulkCallers {

  private BulkCallers() {}

  /**
   * {@code {kind, subject, roles, userId, sourceId, sourceWorkspaceId, sourceNodes, customer360,
   * permissions}}.
   */
  static JsonObject toJson(Tenant tenant) {
    Caller c = tenant.caller();
    JsonObject permissions = new JsonObject();
    tenant.permissions().forEach((node, p) -> permissions.put(node.toString(), p.name()));
    JsonArray nodes = new JsonArray();
    if (c.sourceNodes() != null) {
      c.sourceNodes().forEach(n -> nodes.add(n.toString()));
    }
    return new JsonObject()
        .put("kind", c.kind().name())
        .put("subject", c.subject())
        .put(
            "roles",
            new JsonArray(
                c.roles() == null ? java.util.List.of() : java.util.List.copyOf(c.roles())))
        .put("userId", c.userId())
        .put("sourceId", c.sourceId() == null ? null : c.sourceId().toString())
        .put(
            "sourceWorkspaceId",
            c.sourceWorkspaceId() == null ? null : c.sourceWorkspaceId().toString())
        .put("sourceNodes", nodes)
        .put("customer360", c.customer360())
        .put("permissions", permissions);
  }

  /** The tenant the worker writes as: the stored caller in the job's workspace. */
  static Tenant tenant(Workspace workspace, JsonObject o) {
    Set<String> roles = new HashSet<>();
    o.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add(r.toString()));
    Set<UUID> nodes = new HashSet<>();
    o.getJsonArray("sourceNodes", new JsonArray())
        .forEach(n -> nodes.add(UUID.fromString(n.toString())));
    Map<UUID, Permission> permissions = new HashMap<>();
    o.getJsonObject("permissions", new JsonObject())
        .forEach(
            e ->
                permissions.put(
                    UUID.fromString(e.getKey()), Permission.valueOf(e.getValue().toString())));
    Caller caller =
        new Caller(
            Caller.Kind.valueOf(o.getString("kind")),
            o.getString("subject"),
            Set.copyOf(roles),
            o.getInteger("userId"),
            uuid(o.getString("sourceId")),
            uuid(o.getString("sourceWorkspaceId")),
            Set.copyOf(nodes),
            o.getBoolean("customer360", false));
    return Tenant.of(workspace, caller, permissions);
  }

  private static UUID uuid(String s) {
    return s == null ? null : UUID.fromString(s);
  }
}
