package io.customer360.api.customer360;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The seed's envelope of every Customer 360 answer, errors included (seed 000): {@code {"result":
 * {"data": …, "message": …, "status": …}}}; {@code data} is null on errors and {@code status}
 * repeats the HTTP status.
 */
@Schema(name = "Customer360Envelope", description = "The Customer 360 envelope of every answer")
public record Envelope<T>(Result<T> result) {

  /** The envelope's content. */
  @Schema(name = "Customer360Result")
  public record Result<T>(
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(description = "The answer's data; null on errors", nullable = true)
          T data,
      @Schema(description = "A message in the language of the path's locale") String message,
      @Schema(description = "The HTTP status, repeated") int status) {}

  public static <T> Envelope<T> of(T data, String message, int status) {
    return new Envelope<>(new Result<>(data, message, status));
  }

  public static <T> Envelope<T> ok(T data, String message) {
    return of(data, message, 200);
  }

  public static Envelope<Void> error(int status, String message) {
    return of(null, message, status);
  }
}
