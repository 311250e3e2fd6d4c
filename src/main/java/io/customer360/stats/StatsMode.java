package io.customer360.stats;

/**
 * The resolution of a time series (spec §6 "Stats mode"): one value per calendar day, ISO week
 * (Monday to Sunday) or calendar month in the workspace's time zone.
 */
public enum StatsMode {
  DAILY,
  WEEKLY,
  MONTHLY
}
