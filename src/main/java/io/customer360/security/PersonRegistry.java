package io.customer360.security;

import io.smallrye.mutiny.Uni;

/**
 * Registers the people who call the API with a valid token. Declared here, implemented by the user
 * feature (a CDI bean), so security depends on no feature package.
 */
public interface PersonRegistry {

  /**
   * The person's numeric user id, creating or refreshing their row.
   *
   * @param subject the token's {@code sub} (or principal name), never null
   * @param username {@code preferred_username}, or the subject
   * @param name {@code given_name}, may be null
   * @param surname {@code family_name}, may be null
   * @param email {@code email}, may be null
   */
  Uni<Integer> register(String subject, String username, String name, String surname, String email);
}
