package io.customer360.user;

import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.security.Permission;
import io.customer360.security.PersonRegistry;
import io.customer360.user.UserResponses.NodePermission;
import io.customer360.user.UserResponses.UserResponse;
import io.customer360.workspace.NodePermissionDirectory;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * People known to the service and their node permissions. A person is registered the first time
 * they call the API with a valid token; from then on they can be listed and granted permissions.
 */
@ApplicationScoped
public class UserService implements PersonRegistry, NodePermissionDirectory {

  private final UserRepository repository;
  private final Pool pool;
  private final Cache registered;

  UserService(UserRepository repository, Pool pool, @CacheName("users") Cache registered) {
    this.repository = repository;
    this.pool = pool;
    this.registered = registered;
  }

  /** The user's id, creating or refreshing their row (at most once per cache period). */
  @Override
  public Uni<Integer> register(
      String subject, String username, String name, String surname, String email) {
    return registered.getAsync(
        subject, s -> repository.upsert(subject, username, name, surname, email));
  }

  @Override
  public Uni<Map<UUID, Permission>> permissions(int userId, UUID workspaceId) {
    return repository.permissions(userId, workspaceId);
  }

  @Override
  public Uni<List<UUID>> workspacesOf(int userId) {
    return repository.workspacesOf(userId);
  }

  public Uni<UserResponse> findBySubject(String subject) {
    return repository.findBySubject(subject);
  }

  Uni<Paged<UserResponse>> list(UUID workspaceId, String search, PageRequest page) {
    String term = search == null || search.isBlank() ? null : search.trim();
    return repository
        .page(workspaceId, term, page)
        .map(rows -> Paged.of(Db.list(rows, repository::toUser), page, Db.total(rows)));
  }

  Uni<UserResponse> find(UUID workspaceId, int id) {
    return repository
        .find(workspaceId, id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("User"));
  }

  Uni<UserResponse> modify(UUID workspaceId, int id, List<NodePermission> nodes) {
    if (new HashSet<>(nodes.stream().map(NodePermission::id).toList()).size() != nodes.size()) {
      return Uni.createFrom().failure(ApiException.badRequest("nodes", "must not repeat a node"));
    }
    return find(workspaceId, id)
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        repository
                            .replacePermissions(tx, workspaceId, id, nodes)
                            .chain(
                                granted -> {
                                  if (granted != nodes.size()) {
                                    return Uni.createFrom()
                                        .failure(
                                            ApiException.badRequest(
                                                "nodes",
                                                "every id must be a node of this workspace"));
                                  }
                                  return repository.find(tx, workspaceId, id);
                                })));
  }
}
