package io.customer360.node;

public enum AggregateState {
  NEW,
  ACTIVE,
  LOCKED,
  REMOVED
}
