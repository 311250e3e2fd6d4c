package io.customer360.common;

import java.util.List;

/**
 * A domain error that carries its HTTP status, a message and the failing fields. Services throw it;
 * each dialect's exception mapper turns it into that dialect's envelope.
 */
public class ApiException extends RuntimeException {

  /**
   * Most field errors an answer lists; past it the list ends with one entry (path {@code errors})
   * saying how many more were found, so a body with 200,000 bad entries answers a few kilobytes,
   * not megabytes (README Decisions).
   */
  public static final int MAX_ERRORS = 100;

  private final int status;
  private final List<FieldError> errors;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String message, List<FieldError> errors, Integer retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.errors = errors == null ? List.of() : capped(errors);
    this.retryAfterSeconds = retryAfter;
  }

  public ApiException(int status, String message) {
    this(status, message, List.of(), null);
  }

  private static List<FieldError> capped(List<FieldError> errors) {
    if (errors.size() <= MAX_ERRORS) {
      return List.copyOf(errors);
    }
    List<FieldError> out = new java.util.ArrayList<>(errors.subList(0, MAX_ERRORS));
    out.add(
        new FieldError(
            "errors", "and " + (errors.size() - MAX_ERRORS) + " more errors, not listed"));
    return List.copyOf(out);
  }

  public int status() {
    return status;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiException badRequest(String path, String rule) {
    return new ApiException(
        400, "Invalid request: " + path + " " + rule, List.of(new FieldError(path, rule)), null);
  }

  public static ApiException badRequest(List<FieldError> errors) {
    String first =
        errors.isEmpty() ? "" : ": " + errors.get(0).path() + " " + errors.get(0).message();
    return new ApiException(400, "Invalid request" + first, errors, null);
  }

  /**
   * A body Jackson refused (malformed, trailing data, wrong type, a value {@link StrictJson}
   * refuses): 400 naming the JSON path and the rule. For services that parse raw bodies themselves.
   */
  public static ApiException invalidJson(com.fasterxml.jackson.core.JsonProcessingException e) {
    return badRequest(List.of(ErrorMappers.jsonError(e)));
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, what + " not found");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public static ApiException conflict(String path, String message) {
    return new ApiException(409, message, List.of(new FieldError(path, message)), null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  public static ApiException unprocessable(String path, String message) {
    return new ApiException(422, message, List.of(new FieldError(path, message)), null);
  }

  public static ApiException payloadTooLarge(long limitBytes) {
    return new ApiException(
        413,
        "Payload too large: at most " + limitBytes + " bytes",
        List.of(new FieldError("body", "must not exceed " + limitBytes + " bytes")),
        null);
  }

  /**
   * An unknown, malformed or foreign workspace id: 403 "workspace not found: &lt;id&gt;" (spec §5;
   * a workspace of another tenant answers exactly like an unknown one).
   */
  public static ApiException workspaceNotFound(Object id) {
    return new ApiException(403, "workspace not found: " + id);
  }

  /**
   * An unknown, malformed or foreign node id (or a node of the wrong kind): 404 "node not found
   * &lt;id&gt;" (spec §5).
   */
  public static ApiException nodeNotFound(Object id) {
    return new ApiException(404, "node not found " + id);
  }

  /** No or a bad token: 401 with the message the Contacthub clients read (spec §5). */
  public static ApiException unauthorized() {
    return new ApiException(401, UNAUTHORIZED_MESSAGE);
  }

  /** The message of every 401 answer (spec §5). */
  public static final String UNAUTHORIZED_MESSAGE =
      "The client is not authorized to access the API";

  /**
   * A dependency (the database) cannot serve the request now: 503 with {@code Retry-After} so the
   * client retries later instead of waiting (issue 13, faults 1 and 3).
   */
  public static ApiException unavailable(int retryAfterSeconds) {
    return new ApiException(
        503,
        "Service temporarily unavailable, retry later",
        List.of(),
        Math.max(1, retryAfterSeconds));
  }

  public static ApiException tooManyRequests(int retryAfterSeconds) {
    return new ApiException(
        429, "Too many requests for this workspace", List.of(), Math.max(1, retryAfterSeconds));
  }
}
