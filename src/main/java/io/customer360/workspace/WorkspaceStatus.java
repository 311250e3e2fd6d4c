package io.customer360.workspace;

public enum WorkspaceStatus {
  ENABLED,
  SUSPENDED,
  DISABLED
}
