package io.customer360.updates;

/**
 * The entity kinds of the update stream (spec §1.18 US1/US2, {@code entity} parameter and {@code
 * entity.type}): CUSTOMER covers entry customers and unified customers (told apart by {@code
 * entity.kind}), EVENT the events.
 */
public enum UpdateEntityType {
  CUSTOMER,
  EVENT
}
