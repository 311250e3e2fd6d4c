package io.customer360.event;

import io.customer360.common.FieldError;
import java.util.List;

/**
 * Why one event was not stored: a kind, a message and the failing fields. Services return it (one
 * per item of a batch) or fail with {@link Failure}; only {@link EventResource} turns a kind into
 * an HTTP status (spec EV2: a batch answers 200 when every item was stored, else 207 with each
 * item's status).
 */
public record EventRejection(Kind kind, String message, List<FieldError> errors) {

  /** The kinds of rejection, each answered with one status by the resource. */
  public enum Kind {
    /** The body breaks a rule of its shape (400). */
    INVALID,
    /** The body is larger than the type's payload limit (413, spec R5/R6). */
    TOO_LARGE,
    /** A referenced customer or node does not exist in the workspace (404). */
    NOT_FOUND,
    /** The caller may not write to the event's node (403). */
    FORBIDDEN,
    /** Well formed but refused by a workspace rule: disabled type, missing consent (422). */
    UNPROCESSABLE
  }

  public EventRejection {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  static EventRejection of(Kind kind, String message, FieldError error) {
    return new EventRejection(kind, message, List.of(error));
  }

  static EventRejection invalid(List<FieldError> errors) {
    return new EventRejection(Kind.INVALID, null, errors);
  }

  static EventRejection invalid(String path, String rule) {
    return of(Kind.INVALID, null, new FieldError(path, rule));
  }

  /** The failing fields, or one naming the body when the rejection named none. */
  List<FieldError> errorsOrBody() {
    return errors.isEmpty() ? List.of(new FieldError("body", message)) : errors;
  }

  /** Carries a rejection out of a single-event operation (create, replace, patch). */
  public static final class Failure extends RuntimeException {

    private final transient EventRejection rejection;

    Failure(EventRejection rejection) {
      super(rejection.message(), null, false, false);
      this.rejection = rejection;
    }

    public EventRejection rejection() {
      return rejection;
    }
  }

  Failure failure() {
    return new Failure(this);
  }
}
