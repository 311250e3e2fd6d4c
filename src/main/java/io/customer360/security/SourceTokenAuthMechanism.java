package io.customer360.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Authenticates source tokens. It runs before the OIDC mechanism and steps aside (null identity)
 * for a bearer token shaped like a JWT (three base64url parts), so JWTs still reach OIDC. Any other
 * bearer token ({@code Bearer .}, {@code Bearer ...}, an empty one, garbage) fails authentication
 * here, answering 401 instead of reaching the OIDC parser (issue 13, fault 5).
 */
@ApplicationScoped
public class SourceTokenAuthMechanism implements HttpAuthenticationMechanism {

  /** The compact JWS form: header.payload.signature, each non-empty base64url. */
  private static final Pattern JWT_SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Uni.createFrom().nullItem();
    }
    String token = header.substring(7).trim();
    if (!SourceTokens.looksLikeSourceToken(token)) {
      return JWT_SHAPE.matcher(token).matches()
          ? Uni.createFrom().nullItem()
          : Uni.createFrom().failure(new AuthenticationFailedException("malformed bearer token"));
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
