package io.customer360.security;

import io.customer360.common.Db;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Resolves a source token to its source. A disabled source or an unknown (e.g. replaced) token
 * fails authentication. Lookups are cached briefly; changing a source clears this replica's cache.
 */
@ApplicationScoped
public class SourceTokenIdentityProvider implements IdentityProvider<SourceTokenRequest> {

  static final String CALLER = "c360.caller";

  private final Pool pool;
  private final Cache cache;

  SourceTokenIdentityProvider(Pool pool, @CacheName("source-tokens") Cache cache) {
    this.pool = pool;
    this.cache = cache;
  }

  @Override
  public Class<SourceTokenRequest> getRequestType() {
    return SourceTokenRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SourceTokenRequest request, AuthenticationRequestContext context) {
    String hash = SourceTokens.hash(request.token());
    return cache
        .getAsync(hash, this::load)
        .map(
            caller -> {
              if (caller.sourceId() == null) {
                throw new AuthenticationFailedException("unknown or disabled source token");
              }
              return (SecurityIdentity)
                  QuarkusSecurityIdentity.builder()
                      .setPrincipal(new QuarkusPrincipal("source:" + caller.sourceId()))
                      .addRole(Roles.SOURCE)
                      .addAttribute(CALLER, caller)
                      .build();
            });
  }

  /** An empty caller (no source id) stands for "refused", so refusals are cached too. */
  private Uni<Caller> load(String hash) {
    return pool.preparedQuery(
            "select id, workspace_id, nodes, enabled from source where token_hash = $1")
        .execute(Tuple.of(hash))
        .map(
            rows -> {
              var it = rows.iterator();
              if (!it.hasNext()) {
                return refused();
              }
              var row = it.next();
              if (!row.getBoolean("enabled")) {
                return refused();
              }
              List<UUID> nodes = Db.uuids(row, "nodes");
              return new Caller(
                  Caller.Kind.SOURCE,
                  "source:" + row.getUUID("id"),
                  Set.of(Roles.SOURCE),
                  null,
                  row.getUUID("id"),
                  row.getUUID("workspace_id"),
                  Set.copyOf(new HashSet<>(nodes)),
                  false);
            });
  }

  private static Caller refused() {
    return new Caller(Caller.Kind.SOURCE, null, Set.of(), null, null, null, Set.of(), false);
  }

  /** Called when a source changes (disabled, token refreshed, nodes changed). */
  public Uni<Void> forgetAll() {
    return cache.invalidateAll();
  }
}
