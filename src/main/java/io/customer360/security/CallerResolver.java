package io.customer360.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the authenticated identity of a request into a {@link Caller}. */
@ApplicationScoped
public class CallerResolver {

  private final CurrentIdentityAssociation identities;
  private final PersonRegistry users;

  CallerResolver(CurrentIdentityAssociation identities, PersonRegistry users) {
    this.identities = identities;
    this.users = users;
  }

  /** The current caller; 401 when the request carries no valid credentials. */
  public Uni<Caller> current() {
    return identities.getDeferredIdentity().chain(this::resolve);
  }

  Uni<Caller> resolve(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return Uni.createFrom().failure(new UnauthorizedException());
    }
    Caller source = identity.getAttribute(SourceTokenIdentityProvider.CALLER);
    if (source != null) {
      return Uni.createFrom().item(source);
    }
    String subject;
    String username;
    String name = null;
    String surname = null;
    String email = null;
    boolean customer360;
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
      username = jwt.getClaim("preferred_username");
      name = jwt.getClaim("given_name");
      surname = jwt.getClaim("family_name");
      email = jwt.getClaim("email");
      customer360 = truthy(jwt.getClaim("isCustomer360"));
    } else {
      subject = identity.getPrincipal().getName();
      username = subject;
      customer360 = truthy(identity.getAttribute("isCustomer360"));
    }
    if (subject == null) {
      return Uni.createFrom().failure(new UnauthorizedException());
    }
    Set<String> roles = Set.copyOf(identity.getRoles());
    boolean c360 = customer360;
    return users
        .register(subject, username != null ? username : subject, name, surname, email)
        .map(
            userId ->
                new Caller(Caller.Kind.USER, subject, roles, userId, null, null, Set.of(), c360));
  }

  private static boolean truthy(Object claim) {
    if (claim instanceof Boolean b) {
      return b;
    }
    if (claim instanceof jakarta.json.JsonValue v) {
      return v == jakarta.json.JsonValue.TRUE
          || (v instanceof jakarta.json.JsonString s && "true".equalsIgnoreCase(s.getString()));
    }
    return claim != null && "true".equalsIgnoreCase(claim.toString());
  }
}
