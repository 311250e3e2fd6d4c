package io.customer360.common;

import java.util.ArrayList;
import java.util.List;

/** A validated page request: {@code page} from 0, {@code size} elements per page. */
public record PageRequest(int page, int size) {

  public long offset() {
    return (long) page * size;
  }

  /** Checks page and size against their bounds; each violation names the parameter. */
  public static PageRequest of(
      Integer page, Integer size, int defaultSize, int maxPage, int maxSize) {
    int p = page == null ? 0 : page;
    int s = size == null ? defaultSize : size;
    List<FieldError> errors = new ArrayList<>();
    if (p < 0 || p > maxPage) {
      errors.add(new FieldError("page", "must be between 0 and " + maxPage));
    }
    if (s < 0 || s > maxSize) {
      errors.add(new FieldError("size", "must be between 0 and " + maxSize));
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return new PageRequest(p, s);
  }

  /** Default page size of customer and event searches: the page the Contacthub clients expect. */
  public static final int SEARCH_DEFAULT_SIZE = 10;

  /**
   * A customer or event search page (spec §5, issue 13 fault 21): size defaults to {@value
   * #SEARCH_DEFAULT_SIZE}.
   */
  public static PageRequest search(Integer page, Integer size, int maxPage, int maxSize) {
    return of(page, size, SEARCH_DEFAULT_SIZE, maxPage, maxSize);
  }

  /** The [0..50] bounds with default size 20 used by the configuration lists. */
  public static PageRequest small(Integer page, Integer size) {
    return of(page, size, 20, 50, 50);
  }
}
