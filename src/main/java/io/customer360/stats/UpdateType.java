package io.customer360.stats;

/**
 * What S8 and S9 count (spec §6 "Stats update type"): entities added (registered), updated or
 * deleted in each day of the range.
 */
public enum UpdateType {
  ADDED,
  UPDATED,
  DELETED
}
