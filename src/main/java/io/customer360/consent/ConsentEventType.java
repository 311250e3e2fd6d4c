package io.customer360.consent;

/**
 * The kind of a consent-log entry (spec §6 ConsentEventType). Which change writes which kind is
 * {@link ConsentChanges}'s rule; exports and forgets are logged by {@link ConsentLog}.
 */
public enum ConsentEventType {
  /** A new disclaimer (date or version) was recorded for the customer. */
  DISCLAIMER_READ,
  /**
   * A consent's {@code status} changed (or another consent value, such as a removed disclaimer).
   */
  CONSENT_CHANGED,
  /** A consent's {@code limitation} (GDPR art. 18, restriction of processing) changed. */
  CONSENT_RESTRICTED,
  /** A consent's {@code objection} (GDPR art. 21, objection to processing) changed. */
  CONSENT_OBJECTED,
  /** The customer's data was exported (X1, GDPR art. 20). */
  DATA_PORTABILITY_REQUESTED,
  /** The customer was forgotten (F1, GDPR art. 17). */
  FORCED_DELETE
}
