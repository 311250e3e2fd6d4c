package io.customer360.event;

/** ACTIVE: the customer did the event; PASSIVE: the customer received it. */
public enum EventMode {
  ACTIVE,
  PASSIVE
}
