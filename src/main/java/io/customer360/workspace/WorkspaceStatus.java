package io.customer360.workspace;

/** Status of a workspace (spec §6); set by ADMIN or CLAB_OPERATOR. */
public enum WorkspaceStatus {
  ENABLED,
  SUSPENDED,
  DISABLED
}
