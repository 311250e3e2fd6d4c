package io.customer360.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The paging block of list responses; {@code number} starts at 0. {@code totalUnfilteredElements}
 * is the count before the request's filters (spec §3: Contacthub clients read it on every list
 * call); {@code maxElements}/{@code maxPages} appear only on capped searches.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageInfo(
    int size,
    long totalElements,
    long totalUnfilteredElements,
    int totalPages,
    int number,
    Integer maxElements,
    Integer maxPages) {

  /** An uncapped page of {@code total} matches out of {@code unfiltered} elements. */
  public static PageInfo of(PageRequest request, long total, long unfiltered) {
    int pages = request.size() == 0 ? 0 : (int) ((total + request.size() - 1) / request.size());
    return new PageInfo(request.size(), total, unfiltered, pages, request.page(), null, null);
  }

  /** An uncapped page of a list without filters. */
  public static PageInfo of(PageRequest request, long total) {
    return of(request, total, total);
  }

  /** For searches capped at {@code max} matches (customers, events). */
  public static PageInfo capped(PageRequest request, long total, long unfiltered, int max) {
    long visible = Math.min(total, max);
    int pages = request.size() == 0 ? 0 : (int) ((visible + request.size() - 1) / request.size());
    int maxPages = request.size() == 0 ? 0 : (max + request.size() - 1) / request.size();
    return new PageInfo(request.size(), total, unfiltered, pages, request.page(), max, maxPages);
  }

  /** A capped search whose unfiltered count is not known yet: reports {@code total}. */
  public static PageInfo capped(PageRequest request, long total, int max) {
    return capped(request, total, total, max);
  }
}
