package io.customer360.common;

import java.util.List;

/**
 * A domain error that carries its HTTP status, a message and the failing fields. Services throw it;
 * each dialect's exception mapper turns it into that dialect's envelope.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final List<FieldError> errors;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String message, List<FieldError> errors, Integer retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfter;
  }

  public ApiException(int status, String message) {
    this(status, message, List.of(), null);
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

  public static ApiException tooManyRequests(int retryAfterSeconds) {
    return new ApiException(
        429, "Too many requests for this workspace", List.of(), Math.max(1, retryAfterSeconds));
  }
}
