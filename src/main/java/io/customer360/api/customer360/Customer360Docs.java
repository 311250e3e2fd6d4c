package io.customer360.api.customer360;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAPI texts and shapes shared by the dialect's resources. */
final class Customer360Docs {

  private Customer360Docs() {}

  static final String BAD_REQUEST =
      "A malformed parameter, header or body; the message names it and its rule";
  static final String UNAUTHORIZED = "No or a bad bearer token";
  static final String FORBIDDEN =
      "A source token; isCustomer360 off for the workspace or the session; no read permission on"
          + " the view's node";
  static final String NOT_FOUND = "Unknown workspace or locale";
  static final String CONFLICT = "The workspace has no node the view can read";
  static final String SEGMENT_CONFLICT =
      "The workspace has no node the view can read, or the segment's stored query no longer"
          + " applies to the workspace's properties (the message names the path inside query)";
  static final String TOO_MANY = "The workspace's request budget is spent (Retry-After)";
  static final String UNAVAILABLE = "Search or the database cannot answer now (Retry-After)";

  /** The envelope of an error: {@code data} is null. */
  @Schema(name = "Customer360ErrorEnvelope")
  record ErrorEnvelope(ErrorResult result) {}

  @Schema(name = "Customer360ErrorResult")
  record ErrorResult(
      @Schema(description = "Always null on errors", nullable = true) Object data,
      @Schema(description = "What went wrong, in the language of the path's locale") String message,
      @Schema(description = "The HTTP status, repeated") int status) {}
}
