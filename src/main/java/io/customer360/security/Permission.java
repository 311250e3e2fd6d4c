package io.customer360.security;

/** A user's permission on a node: read, or read and write. */
public enum Permission {
  R,
  RW;

  public boolean allows(Permission needed) {
    return this == RW || needed == R;
  }
}
