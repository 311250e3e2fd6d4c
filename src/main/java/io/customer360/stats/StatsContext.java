package io.customer360.stats;

/** The S10 context filter (spec §6 "Stats context"): one event context, or ALL of them. */
public enum StatsContext {
  WEB,
  MOBILE,
  ECOMMERCE,
  RETAIL,
  SOCIAL,
  DIGITAL_CAMPAIGN,
  CONTACT_CENTER,
  IOT,
  OTHER,
  ALL
}
