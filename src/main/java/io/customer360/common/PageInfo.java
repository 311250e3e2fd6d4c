package io.customer360.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The paging block of list responses; number starts at 0. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageInfo(
    int size,
    long totalElements,
    int totalPages,
    int number,
    Integer maxElements,
    Integer maxPages) {

  public static PageInfo of(PageRequest request, long total) {
    int pages = request.size() == 0 ? 0 : (int) ((total + request.size() - 1) / request.size());
    return new PageInfo(request.size(), total, pages, request.page(), null, null);
  }

  /** For searches capped at {@code max} matches (customers, events). */
  public static PageInfo capped(PageRequest request, long total, int max) {
    long visible = Math.min(total, max);
    int pages = request.size() == 0 ? 0 : (int) ((visible + request.size() - 1) / request.size());
    int maxPages = request.size() == 0 ? 0 : (max + request.size() - 1) / request.size();
    return new PageInfo(request.size(), total, pages, request.page(), max, maxPages);
  }
}
