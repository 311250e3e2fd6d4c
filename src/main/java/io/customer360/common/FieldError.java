package io.customer360.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One failing field of a request: its JSON path and the rule it broke. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String path, String message, Object data) {

  public FieldError(String path, String message) {
    this(path, message, null);
  }
}
