package io.customer360.node;

/** Lifecycle of an aggregate node (spec §6); only NEW to ACTIVE is a transition clients make. */
public enum AggregateState {
  NEW,
  ACTIVE,
  LOCKED,
  REMOVED
}
