package io.customer360.node;

/** The two kinds of node (spec §6). */
public enum NodeType {
  ENTRY,
  AGGREGATE
}
