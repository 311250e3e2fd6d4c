package io.customer360.user;

import io.customer360.common.ApiException;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.security.Caller;
import io.customer360.security.CallerResolver;
import io.customer360.security.Permission;
import io.customer360.user.UserResponses.MeGroup;
import io.customer360.user.UserResponses.MeNode;
import io.customer360.user.UserResponses.MeResponse;
import io.customer360.user.UserResponses.MeWorkspace;
import io.customer360.user.UserResponses.UserResponse;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current person: roles and, per group, the workspaces and nodes they can reach. */
@Path("/hub/v1/me")
@Tag(name = "Current user")
@Authenticated
public class MeResource {

  private final CallerResolver callers;
  private final UserService users;
  private final WorkspaceService workspaces;
  private final NodeService nodes;

  MeResource(
      CallerResolver callers, UserService users, WorkspaceService workspaces, NodeService nodes) {
    this.callers = callers;
    this.users = users;
    this.workspaces = workspaces;
    this.nodes = nodes;
  }

  @GET
  public Uni<MeResponse> me() {
    return callers.current().chain(this::describe);
  }

  private Uni<MeResponse> describe(Caller caller) {
    if (caller.isSource()) {
      throw ApiException.forbidden("A source token does not belong to a person");
    }
    Uni<List<UUID>> visible =
        caller.isStaff() ? Uni.createFrom().nullItem() : users.workspacesOf(caller.userId());
    return visible
        .chain(
            ids ->
                ids != null && ids.isEmpty()
                    ? Uni.createFrom().item(List.<Workspace>of())
                    : workspaces.findAll(ids))
        .chain(
            ws ->
                nodes
                    .findByWorkspaces(ws.stream().map(Workspace::id).toList())
                    .chain(ns -> permissionsOf(caller, ws).map(p -> groups(ws, ns, p, caller))))
        .chain(
            groups -> users.findBySubject(caller.subject()).map(u -> response(u, caller, groups)));
  }

  private Uni<Map<UUID, Permission>> permissionsOf(Caller caller, List<Workspace> ws) {
    if (caller.isStaff()) {
      return Uni.createFrom().item(Map.of());
    }
    Uni<Map<UUID, Permission>> all = Uni.createFrom().item(new HashMap<>());
    for (Workspace w : ws) {
      all =
          all.chain(
              acc ->
                  users
                      .permissions(caller.userId(), w.id())
                      .map(
                          p -> {
                            acc.putAll(p);
                            return acc;
                          }));
    }
    return all;
  }

  private static List<MeGroup> groups(
      List<Workspace> ws, List<Node> ns, Map<UUID, Permission> permissions, Caller caller) {
    Map<UUID, List<MeNode>> nodesByWorkspace = new HashMap<>();
    for (Node n : ns) {
      Permission p = caller.isStaff() ? Permission.RW : permissions.get(n.id());
      if (p != null) {
        nodesByWorkspace
            .computeIfAbsent(n.workspaceId(), k -> new ArrayList<>())
            .add(new MeNode(n.id(), n.name(), n.type().name(), p));
      }
    }
    Map<Long, List<MeWorkspace>> byGroup = new LinkedHashMap<>();
    for (Workspace w : ws) {
      byGroup
          .computeIfAbsent(w.groupPk(), k -> new ArrayList<>())
          .add(
              new MeWorkspace(
                  w.id(),
                  w.name(),
                  w.status().name(),
                  nodesByWorkspace.getOrDefault(w.id(), List.of())));
    }
    List<MeGroup> groups = new ArrayList<>();
    byGroup.forEach((pk, list) -> groups.add(new MeGroup(pk, "Group " + pk, list)));
    return groups;
  }

  private static MeResponse response(UserResponse u, Caller caller, List<MeGroup> groups) {
    return new MeResponse(
        u.id(),
        u.name(),
        u.surname(),
        groups,
        "en",
        u.email(),
        caller.roles().stream().sorted().toList(),
        caller.customer360());
  }
}
