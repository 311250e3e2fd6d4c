package io.customer360.bulk;

/**
 * What a bulk job does with each row (spec §6 BulkJobOperation). Customers: UPSERT creates or
 * merges into the node's customer with the same unique key (as CU2), INSERT creates and refuses a
 * taken key, DELETE deletes the customer named by id or unique key. Events have no unique key:
 * UPSERT and INSERT both add the event (as EV2); DELETE deletes the event named by {@code id}.
 */
public enum BulkJobOperation {
  UPSERT,
  INSERT,
  DELETE
}
