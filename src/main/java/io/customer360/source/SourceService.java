package io.customer360.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.security.Roles;
import io.customer360.security.SourceTokenIdentityProvider;
import io.customer360.security.SourceTokens;
import io.customer360.source.SourceRequests.SourceRequest;
import io.customer360.source.SourceRequests.SourceResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Sources and their tokens, the only writer of the {@code source} table (Hibernate Reactive
 * Panache: writes under {@code @WithTransaction}, reads under {@code @WithSession}). A token is
 * generated here, shown once and stored only as a hash.
 */
@ApplicationScoped
public class SourceService {

  private final SourceRepository repository;
  private final SourceTokenIdentityProvider tokens;

  SourceService(SourceRepository repository, SourceTokenIdentityProvider tokens) {
    this.repository = repository;
    this.tokens = tokens;
  }

  /** Largest free-form {@code properties} object, as JSON text (fault 11: every string bounded). */
  static final int MAX_PROPERTIES_CHARS = 16_384;

  /** Longest string value or key inside {@code properties}. */
  static final int MAX_PROPERTY_STRING = 1_000;

  /**
   * The workspace's sources in creation order (also for other features, e.g. the node statistics
   * that tell which nodes a Contactplan or Contactsend source serves). One read in its own session.
   */
  @WithSession
  public Uni<List<Source>> list(UUID workspaceId) {
    return repository.findAll(workspaceId);
  }

  /** One source of the workspace; 404 when unknown or of another workspace. */
  @WithSession
  Uni<Source> find(UUID workspaceId, UUID id) {
    return repository
        .find(workspaceId, id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Source"));
  }

  /** Creates a source (legacy providers refused) and shows its new token once. */
  @WithTransaction
  Uni<SourceResponse> create(Tenant tenant, SourceRequest r) {
    SourceProvider provider = r.provider() == null ? SourceProvider.API : r.provider();
    if (provider.isLegacy()) {
      return Uni.createFrom()
          .failure(
              ApiException.badRequest(
                  "provider", "sources of provider " + provider + " can no longer be created"));
    }
    authorise(tenant, provider, r.nodes());
    JsonNode properties = properties(tenant, provider, r.properties());
    String token = SourceTokens.generate();
    Source source =
        new Source(
            UUID.randomUUID(),
            tenant.workspaceId(),
            provider,
            r.name(),
            r.description(),
            properties,
            List.copyOf(r.nodes()),
            r.enabled() == null || r.enabled());
    return checkNodes(tenant.workspaceId(), provider, r.nodes())
        .chain(() -> repository.insert(source, SourceTokens.hash(token)))
        .invoke(s -> Log.infof("source %s created in workspace %s", s.id(), s.workspaceId()))
        .map(s -> SourceResponse.of(s, token));
  }

  /** Replaces a source's settings (its token stays); Send sources need ADMIN or CLAB_OPERATOR. */
  @WithTransaction
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
              JsonNode properties = properties(tenant, provider, r.properties());
              Source changed =
                  new Source(
                      id,
                      current.workspaceId(),
                      provider,
                      r.name(),
                      r.description(),
                      properties,
                      List.copyOf(r.nodes()),
                      r.enabled() == null || r.enabled());
              return checkNodes(tenant.workspaceId(), provider, r.nodes())
                  .chain(() -> repository.update(changed));
            })
        .call(tokens::forgetAll);
  }

  /** Replaces the source's token and shows the new one once. */
  @WithTransaction
  Uni<SourceResponse> refreshToken(Tenant tenant, UUID id) {
    String token = SourceTokens.generate();
    return find(tenant.workspaceId(), id)
        .invoke(s -> authorise(tenant, s.provider(), s.nodes()))
        .chain(s -> repository.replaceToken(tenant.workspaceId(), id, SourceTokens.hash(token)))
        .call(tokens::forgetAll)
        .invoke(s -> Log.infof("token of source %s refreshed", id))
        .map(s -> SourceResponse.of(s, token));
  }

  /**
   * The CONTACTSEND sources of all workspaces, optionally of one Contactsend customer group ({@code
   * groupPk}) and user DB ({@code userdbId}); null matches any. For the send-source operations
   * (spec §1.17), which check the caller's access themselves.
   */
  @WithSession
  public Uni<List<Source>> findSend(Long groupPk, Long userdbId) {
    return repository.findSend(groupPk, userdbId);
  }

  /**
   * The properties a source of {@code provider} stores: a CONTACTSEND source's are checked and
   * completed by {@link SendSourceProperties#check}; other providers' are free-form within {@link
   * #checkProperties}'s limits.
   */
  private static JsonNode properties(Tenant tenant, SourceProvider provider, JsonNode given) {
    checkProperties(given);
    return provider.isSend() ? SendSourceProperties.check(given, tenant.workspace()) : given;
  }

  /** Send sources are for ADMIN and CLAB_OPERATOR; others need RW on every node of the source. */
  private static void authorise(Tenant tenant, SourceProvider provider, List<UUID> nodes) {
    if (provider.isSend()) {
      tenant.requireRole(Roles.CLAB_OPERATOR, Roles.ADMIN);
    }
    tenant.requireNodeConfigurationWrite(nodes);
  }

  /**
   * The free-form {@code properties}: an object (or absent) of at most {@link
   * #MAX_PROPERTIES_CHARS} characters whose keys and strings are at most {@link
   * #MAX_PROPERTY_STRING} characters; else 400 naming {@code properties}.
   */
  static void checkProperties(JsonNode properties) {
    if (properties == null || properties.isNull()) {
      return;
    }
    if (!properties.isObject()) {
      throw ApiException.badRequest("properties", "must be an object");
    }
    if (properties.toString().length() > MAX_PROPERTIES_CHARS) {
      throw ApiException.badRequest(
          "properties", "must not exceed " + MAX_PROPERTIES_CHARS + " characters");
    }
    if (!withinLimits(properties)) {
      throw ApiException.badRequest(
          "properties",
          "keys and string values must not exceed " + MAX_PROPERTY_STRING + " characters");
    }
  }

  private static boolean withinLimits(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().length() <= MAX_PROPERTY_STRING;
    }
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (field.getKey().length() > MAX_PROPERTY_STRING || !withinLimits(field.getValue())) {
        return false;
      }
    }
    for (JsonNode item : node.isArray() ? node : List.<JsonNode>of()) {
      if (!withinLimits(item)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every node is a node of the workspace, none repeated; a CONTACTSEND source serves entry nodes
   * only (the customers it syncs live there, and N18 lists an aggregate node's send-source
   * subscriptions through its entry nodes): 400 naming {@code nodes}. One read.
   */
  private Uni<Void> checkNodes(UUID workspaceId, SourceProvider provider, List<UUID> nodes) {
    if (new HashSet<>(nodes).size() != nodes.size()) {
      return Uni.createFrom().failure(ApiException.badRequest("nodes", "must not repeat a node"));
    }
    return repository
        .countNodes(workspaceId, nodes)
        .invoke(
            n -> {
              if (n.all() != nodes.size()) {
                throw ApiException.badRequest("nodes", "every id must be a node of this workspace");
              }
              if (provider.isSend() && n.entries() != nodes.size()) {
                throw ApiException.badRequest(
                    "nodes",
                    "a send source serves entry nodes only; aggregate nodes get their send-source"
                        + " subscriptions through their entry nodes (N18)");
              }
            })
        .replaceWithVoid();
  }
}
