package io.customer360.search;

/**
 * How far the indexer is behind the change log.
 *
 * @param position the stored position (-1 before the indexer's first start)
 * @param lastOffset the newest change-log offset
 * @param rows change-log rows after the position (exact up to 1,000; beyond, the offset distance,
 *     an upper bound)
 * @param seconds the age of the oldest of those rows in seconds (0 when there is none)
 */
public record IndexerLag(long position, long lastOffset, long rows, double seconds) {}
