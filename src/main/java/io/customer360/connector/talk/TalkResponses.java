package io.customer360.connector.talk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.customer360.common.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** Answers of the talk connector's inbound operation. */
public final class TalkResponses {

  private TalkResponses() {}

  /** What happened to one talk customer. */
  public enum Result {
    CREATED,
    UPDATED,
    ERROR
  }

  /**
   * One talk customer's outcome: its position in the request ({@code index}, 0 for a single
   * object), the HTTP status it would have had alone (201 created, 200 updated, 400/403/404/409/422
   * refused), the talk {@code id} as sent (text), the Contacthub customer id and {@code result};
   * {@code errors} name the failing talk fields (e.g. {@code telephones[0].number}) when refused.
   * Inside an array an item the database could not serve has status 503 and {@code retryAfter}
   * (seconds, like the Retry-After header of a single request), one that failed unexpectedly 500
   * with the error id of the log in its message.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TalkItemResult(
      int index,
      int status,
      Result result,
      String talkId,
      UUID id,
      String message,
      List<FieldError> errors,
      Integer retryAfter) {

    /** An outcome without {@code retryAfter}. */
    public TalkItemResult(
        int index,
        int status,
        Result result,
        String talkId,
        UUID id,
        String message,
        List<FieldError> errors) {
      this(index, status, result, talkId, id, message, errors, null);
    }
  }

  /**
   * The answer to an array: how many were stored and refused, and each item's outcome in request
   * order.
   */
  @RegisterForReflection
  public record TalkBatchResponse(int stored, int rejected, List<TalkItemResult> results) {}
}
