package io.customer360.common;

import java.util.Map;

/**
 * A resource that lives at another location now (e.g. a unified customer merged into another):
 * answers 301 with a {@code Location} header and the error body's {@code data} set to {@link
 * #data()}. Features subclass it or throw it directly; the mapper needs no feature types.
 */
public class MovedException extends ApiException {

  private final String location;
  private final Map<String, Object> data;

  /**
   * @param message the error body's message
   * @param location the new path, for the {@code Location} header
   * @param data the error body's {@code data}, e.g. {@code {"mergedInto": id}}
   */
  public MovedException(String message, String location, Map<String, Object> data) {
    super(301, message);
    this.location = location;
    this.data = data == null ? Map.of() : Map.copyOf(data);
  }

  /** The new path, for the {@code Location} header. */
  public String location() {
    return location;
  }

  /** The error body's {@code data}. */
  public Map<String, Object> data() {
    return data;
  }
}
