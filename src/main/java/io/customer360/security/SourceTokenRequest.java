package io.customer360.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An opaque source token presented as a bearer token. */
final class SourceTokenRequest extends BaseAuthenticationRequest {

  private final String token;

  SourceTokenRequest(String token) {
    this.token = token;
  }

  String token() {
    return token;
  }
}
