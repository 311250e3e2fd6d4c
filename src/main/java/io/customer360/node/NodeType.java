package io.customer360.node;

public enum NodeType {
  ENTRY,
  AGGREGATE
}
