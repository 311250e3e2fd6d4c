package io.customer360.api.customer360;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every message the Customer 360 dialect puts in its envelope (seed 000: "message"), as a Qute
 * type-safe message bundle. English here; Spanish, Italian and Portuguese in {@code
 * messages/c360_es|it|pt.properties} (validated at build time against these methods). {@link
 * Customer360Locales} picks the bundle of the request's {@code {locale}}.
 */
@MessageBundle(value = "c360", locale = "en")
public interface Customer360Messages {

  // --- success ------------------------------------------------------------------------------

  @Message("Customer 360 overview fetched")
  String overviewFetched();

  @Message("Customers fetched")
  String customersFetched();

  @Message("Customer fetched")
  String customerFetched();

  @Message("Customer events fetched")
  String eventsFetched();

  @Message("Segments fetched")
  String segmentsFetched();

  @Message("Segment fetched")
  String segmentFetched();

  @Message("Segment created")
  String segmentCreated();

  @Message("Segment updated")
  String segmentUpdated();

  @Message("Segment deleted")
  String segmentDeleted();

  // --- client errors ------------------------------------------------------------------------

  @Message("Invalid parameter {name}: {rule}")
  String invalidParameter(String name, String rule);

  @Message("is required")
  String ruleRequired();

  @Message("must be a UUID")
  String ruleUuid();

  @Message("must be an integer between {min} and {max}")
  String ruleIntegerBetween(int min, int max);

  @Message("must be an ISO 8601 date-time")
  String ruleDateTime();

  @Message("must not be after {other}")
  String ruleNotAfter(String other);

  @Message("must be one of {allowed}")
  String ruleOneOf(String allowed);

  @Message("must be at most {max} characters long")
  String ruleMaxLength(int max);

  @Message("must not be blank")
  String ruleNotBlank();

  @Message("Authentication is required: send a valid bearer token")
  String unauthorized();

  @Message("Source tokens may not use the Customer 360 API; sign in as a person")
  String sourceRefused();

  @Message("Customer 360 is not enabled for this workspace")
  String workspaceDisabled();

  @Message("Customer 360 is not enabled for your session")
  String sessionDisabled();

  @Message("You may not read the Customer 360 view of this workspace")
  String readForbidden();

  @Message("You may not change the segments of this workspace")
  String writeForbidden();

  @Message("You may not do this")
  String forbidden();

  @Message("Workspace not found")
  String workspaceNotFound();

  @Message("Customer not found")
  String customerNotFound();

  @Message("Segment not found")
  String segmentNotFound();

  @Message("Not found")
  String notFound();

  @Message("Locale {tag} is not supported; use one of {supported}")
  String localeNotSupported(String tag, String supported);

  @Message(
      "The workspace has no node for the Customer 360 view: it needs exactly one ACTIVE aggregate"
          + " node or exactly one entry node, or the setting customer360NodeId")
  String nodeNotChosen();

  @Message("The node {id} configured for the Customer 360 view no longer exists")
  String nodeGone(String id);

  @Message(
      "The node {id} configured for the Customer 360 view is an aggregate node that is not ACTIVE")
  String nodeNotActive(String id);

  @Message("Conflict: {detail}")
  String conflict(String detail);

  @Message("Refused: {detail}")
  String unprocessable(String detail);

  @Message("Bad request")
  String badRequest();

  @Message("Not acceptable: the answer is application/json")
  String notAcceptable();

  @Message("URI too long")
  String uriTooLong();

  @Message("Request header fields too large")
  String headersTooLarge();

  @Message(
      "Conflict: the segment's query no longer applies to the workspace's properties: {detail}")
  String segmentQueryStale(String detail);

  @Message("Method not allowed")
  String methodNotAllowed();

  @Message("Unsupported media type: send application/json")
  String unsupportedMediaType();

  @Message("Payload too large")
  String payloadTooLarge();

  @Message("Too many requests for this workspace; retry later")
  String tooManyRequests();

  @Message("Service temporarily unavailable; retry later")
  String unavailable();

  @Message("Internal error (reference {logref})")
  String internal(String logref);
}
