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
      List<FieldError> errors) {}

  /**
   * The answer to an array: how many were stored and refused, and each item's outcome in request
   * order.
   */
  @RegisterForReflection
  public record TalkBatchResponse(int stored, int rejected, List<TalkItemResult> results) {}
}
