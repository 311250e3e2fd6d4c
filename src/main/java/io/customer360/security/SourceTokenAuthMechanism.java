package io.customer360.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Authenticates source tokens. It runs before the OIDC mechanism and steps aside (null identity)
 * for any bearer token that is not a source token, so JWTs still reach OIDC.
 */
@ApplicationScoped
public class SourceTokenAuthMechanism implements HttpAuthenticationMechanism {

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Uni.createFrom().nullItem();
    }
    String token = header.substring(7).trim();
    if (!SourceTokens.looksLikeSourceToken(token)) {
      return Uni.createFrom().nullItem();
    }
    return identityProviderManager.authenticate(new SourceTokenRequest(token));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(SourceTokenRequest.class);
  }

  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 100;
  }
}
