package io.customer360.source;

import io.customer360.common.ApiException;
import io.customer360.security.Roles;
import io.customer360.security.SourceTokenIdentityProvider;
import io.customer360.security.SourceTokens;
import io.customer360.source.SourceRequests.SourceRequest;
import io.customer360.source.SourceRequests.SourceResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** Sources and their tokens. A token is generated here, shown once and stored only as a hash. */
@ApplicationScoped
public class SourceService {

  private final SourceRepository repository;
  private final SourceTokenIdentityProvider tokens;

  SourceService(SourceRepository repository, SourceTokenIdentityProvider tokens) {
    this.repository = repository;
    this.tokens = tokens;
  }

  Uni<List<Source>> list(UUID workspaceId) {
    return repository.findAll(workspaceId);
  }

  Uni<Source> find(UUID workspaceId, UUID id) {
    return repository
        .find(workspaceId, id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Source"));
  }

  Uni<SourceResponse> create(Tenant tenant, SourceRequest r) {
    SourceProvider provider = r.provider() == null ? SourceProvider.API : r.provider();
    if (provider.isLegacy()) {
      return Uni.createFrom()
          .failure(
              ApiException.badRequest(
                  "provider", "sources of provider " + provider + " can no longer be created"));
    }
    authorise(tenant, provider, r.nodes());
    String token = SourceTokens.generate();
    Source source =
        new Source(
            UUID.randomUUID(),
            tenant.workspaceId(),
            provider,
            r.name(),
            r.description(),
            r.properties(),
            List.copyOf(r.nodes()),
            r.enabled() == null || r.enabled());
    return checkNodes(tenant.workspaceId(), r.nodes())
        .chain(() -> repository.insert(source, SourceTokens.hash(token)))
        .invoke(s -> Log.infof("source %s created in workspace %s", s.id(), s.workspaceId()))
        .map(s -> SourceResponse.of(s, token));
  }

  Uni<Source> modify(Tenant tenant, UUID id, SourceRequest r) {
    if (r.id() != null && !r.id().equals(id)) {
      return Uni.createFrom()
          .failure(ApiException.badRequest("id", "must equal the source id of the path"));
    }
    return find(tenant.workspaceId(), id)
        .chain(
            current -> {
              SourceProvider provider = r.provider() == null ? current.provider() : r.provider();
              if (provider != current.provider() && provider.isLegacy()) {
                throw ApiException.badRequest(
                    "provider", "a source cannot be moved to the legacy provider " + provider);
              }
              if (current.provider().isSend()) {
                tenant.requireRole(Roles.CLAB_OPERATOR, Roles.ADMIN);
              }
              authorise(tenant, provider, r.nodes());
              Source changed =
                  new Source(
                      id,
                      current.workspaceId(),
                      provider,
                      r.name(),
                      r.description(),
                      r.properties(),
                      List.copyOf(r.nodes()),
                      r.enabled() == null || r.enabled());
              return checkNodes(tenant.workspaceId(), r.nodes())
                  .chain(() -> repository.update(changed));
            })
        .call(tokens::forgetAll);
  }

  Uni<SourceResponse> refreshToken(Tenant tenant, UUID id) {
    String token = SourceTokens.generate();
    return find(tenant.workspaceId(), id)
        .invoke(s -> authorise(tenant, s.provider(), s.nodes()))
        .chain(s -> repository.replaceToken(tenant.workspaceId(), id, SourceTokens.hash(token)))
        .call(tokens::forgetAll)
        .invoke(s -> Log.infof("token of source %s refreshed", id))
        .map(s -> SourceResponse.of(s, token));
  }

  /** Send sources are for ADMIN and CLAB_OPERATOR; others need RW on every node of the source. */
  private static void authorise(Tenant tenant, SourceProvider provider, List<UUID> nodes) {
    if (provider.isSend()) {
      tenant.requireRole(Roles.CLAB_OPERATOR, Roles.ADMIN);
    }
    tenant.requireNodeConfigurationWrite(nodes);
  }

  private Uni<Void> checkNodes(UUID workspaceId, List<UUID> nodes) {
    if (new HashSet<>(nodes).size() != nodes.size()) {
      return Uni.createFrom().failure(ApiException.badRequest("nodes", "must not repeat a node"));
    }
    return repository
        .countNodes(workspaceId, nodes)
        .invoke(
            n -> {
              if (n != nodes.size()) {
                throw ApiException.badRequest("nodes", "every id must be a node of this workspace");
              }
            })
        .replaceWithVoid();
  }
}
