package io.customer360.search;

/**
 * The state of the search side (GET /hub/v1/search/status).
 *
 * @param indexedOffset the change-log offset up to which every change is in the indices (-1 before
 *     the indexer's first start)
 * @param horizon this replica's change-log horizon: every row at or below it is final
 * @param lastOffset the newest change-log offset
 * @param lagRows change-log rows after indexedOffset (exact up to 1,000; beyond, the offset
 *     distance, an upper bound)
 * @param lagSeconds the age in seconds of the oldest change-log row not indexed yet (0: none)
 * @param elasticsearch {@code up}, or {@code degraded} when Elasticsearch is unreachable or red
 * @param reindex the newest reindex request, or null when none was ever made
 */
public record SearchStatus(
    long indexedOffset,
    long horizon,
    long lastOffset,
    long lagRows,
    double lagSeconds,
    String elasticsearch,
    Reindex reindex) {

  /**
   * A reindex request's progress.
   *
   * @param state REQUESTED, RUNNING, DONE or FAILED
   * @param done documents written to the new indices
   * @param total documents to write (known once RUNNING)
   */
  public record Reindex(String state, long done, long total) {}
}
