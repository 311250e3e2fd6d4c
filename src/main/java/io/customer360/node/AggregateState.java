package io.customer360.node;

/** Lifecycle of an aggregate node (spec §6); only NEW to ACTIVE is a transition clients make. */
public enum AggregateState {
  NEW,
  ACTIVE,
  LOCKED,
  REMOVED;

  /**
   * The timestamp fields of an activation build state ({@code activation} on the wire), written in
   * the one wire format (issue 14 item 2).
   */
  static final String[] BUILD_TIMES = {"requestedAt", "startedAt", "finishedAt"};
}
