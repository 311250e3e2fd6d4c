package io.customer360.bulk;

/** What a bulk job's rows are (spec §6 BulkJobEntity). */
public enum BulkJobEntity {
  CUSTOMER,
  EVENT
}
