package io.customer360.stats;

/**
 * The S11 filter (spec §6 "KPI purchases type"): completed orders of the ECOMMERCE context, of the
 * RETAIL context, or ALL completed orders whatever their context.
 */
public enum PurchaseType {
  ECOMMERCE,
  RETAIL,
  ALL
}
