package io.customer360.common;

import java.util.List;

/** The Contacthub error envelope: {message, logref, errors:[{path, message}], data}. */
public record ErrorBody(String message, String logref, List<FieldError> errors, Object data) {

  public static ErrorBody of(String message, List<FieldError> errors) {
    return new ErrorBody(message, null, errors, null);
  }
}
