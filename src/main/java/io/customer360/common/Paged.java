package io.customer360.common;

import java.util.List;

/** The list envelope: {elements, page}. */
public record Paged<T>(List<T> elements, PageInfo page) {

  public static <T> Paged<T> of(List<T> elements, PageRequest request, long total) {
    return new Paged<>(elements, PageInfo.of(request, total));
  }

  /** A whole, unpaged list still answered with a page block. */
  public static <T> Paged<T> all(List<T> elements) {
    return new Paged<>(
        elements,
        new PageInfo(elements.size(), elements.size(), elements.size(), 1, 0, null, null));
  }
}
