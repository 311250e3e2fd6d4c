package io.customer360.user;

import io.customer360.common.ApiException;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.security.Permission;
import io.customer360.security.PersonRegistry;
import io.customer360.user.UserResponses.NodePermission;
import io.customer360.user.UserResponses.UserResponse;
import io.customer360.workspace.EventLoop;
import io.customer360.workspace.NodePermissions;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * People known to the service and their node permissions, the only writer of {@code app_user} and
 * {@code user_node_permission} (Hibernate Reactive Panache: writes under {@code @WithTransaction},
 * reads under {@code @WithSession}). A person is registered the first time they call the API with a
 * valid token; from then on they can be listed and granted permissions. Answers the workspace
 * feature's {@link NodePermissions} questions and registers callers for {@link PersonRegistry}.
 */
@ApplicationScoped
public class UserService implements PersonRegistry, NodePermissions {

  private final UserRepository users;
  private final PermissionRepository permissions;
  private final Cache registered;
  private final EventLoop loop;

  UserService(
      UserRepository users,
      PermissionRepository permissions,
      @CacheName("users") Cache registered,
      EventLoop loop) {
    this.users = users;
    this.permissions = permissions;
    this.registered = registered;
    this.loop = loop;
  }

  /** The user's id, creating or refreshing their row (at most once per cache period). */
  @Override
  public Uni<Integer> register(
      String subject, String username, String name, String surname, String email) {
    return registered.getAsync(
        subject,
        s ->
            loop.call(
                () ->
                    Panache.withTransaction(
                        () -> users.upsert(subject, username, name, surname, email))));
  }

  /** {@inheritDoc} Callable from any thread (the tenancy filter of blocking resources). */
  @Override
  public Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId) {
    return loop.call(() -> Panache.withSession(() -> permissions.permissions(userId, workspaceId)));
  }

  /** {@inheritDoc} Callable from any thread. */
  @Override
  public Uni<List<UUID>> workspacesOf(int userId) {
    return loop.call(() -> Panache.withSession(() -> permissions.workspacesOf(userId)));
  }

  /** The person with this OIDC subject, without node permissions; null when unknown. */
  public Uni<UserResponse> findBySubject(String subject) {
    return loop.call(() -> Panache.withSession(() -> users.findBySubject(subject)))
        .map(u -> u == null ? null : UserRepository.toUser(u, List.of()));
  }

  /**
   * A page of users (search over name, surname, username, e-mail) with their permissions in this
   * workspace; {@code totalUnfilteredElements} counts all users.
   */
  @WithSession
  Uni<Paged<UserResponse>> list(UUID workspaceId, String search, PageRequest page) {
    String term = search == null || search.isBlank() ? null : search.trim();
    return users.page(term, page).chain(found -> withPermissions(workspaceId, found, page));
  }

  private Uni<Paged<UserResponse>> withPermissions(
      UUID workspaceId, UserRepository.Page found, PageRequest page) {
    List<Integer> ids = found.users().stream().map(u -> u.id).toList();
    return permissions
        .ofUsers(workspaceId, ids)
        .map(UserRepository::byUser)
        .map(
            byUser ->
                new Paged<>(
                    found.users().stream()
                        .map(u -> UserRepository.toUser(u, byUser.getOrDefault(u.id, List.of())))
                        .toList(),
                    PageInfo.of(page, found.total(), found.unfiltered())));
  }

  /** One user with their permissions in this workspace; 404 when unknown. */
  @WithSession
  Uni<UserResponse> find(UUID workspaceId, int id) {
    return users
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("User"))
        .chain(u -> withPermissions(workspaceId, u));
  }

  private Uni<UserResponse> withPermissions(UUID workspaceId, UserEntity u) {
    return permissions
        .ofUsers(workspaceId, List.of(u.id))
        .map(
            rows ->
                UserRepository.toUser(
                    u, UserRepository.byUser(rows).getOrDefault(u.id, List.of())));
  }

  /**
   * Replaces the user's node permissions in this workspace; 400 when a node repeats or is not a
   * node of the workspace (nothing is written then), 404 for an unknown user.
   */
  @WithTransaction
  Uni<UserResponse> modify(UUID workspaceId, int id, List<NodePermission> nodes) {
    if (new HashSet<>(nodes.stream().map(NodePermission::id).toList()).size() != nodes.size()) {
      return Uni.createFrom().failure(ApiException.badRequest("nodes", "must not repeat a node"));
    }
    List<UUID> nodeIds = nodes.stream().map(NodePermission::id).toList();
    return users
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("User"))
        .call(() -> requireNodesOf(workspaceId, nodeIds))
        .call(() -> permissions.replace(workspaceId, id, nodes))
        .chain(u -> withPermissions(workspaceId, u));
  }

  private Uni<Void> requireNodesOf(UUID workspaceId, List<UUID> nodeIds) {
    return permissions
        .countNodes(workspaceId, nodeIds)
        .invoke(
            n -> {
              if (n != nodeIds.size()) {
                throw ApiException.badRequest("nodes", "every id must be a node of this workspace");
              }
            })
        .replaceWithVoid();
  }
}
