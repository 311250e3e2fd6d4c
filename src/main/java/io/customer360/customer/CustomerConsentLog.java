package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the customer feature needs from the consent log (spec §1.11; dependency inversion: the
 * consent feature sits above customer, owns the {@code consent_log} table and implements this as a
 * CDI bean). Every method writes through the client it is given, so an entry commits or rolls back
 * with the customer write it records.
 */
public interface CustomerConsentLog {

  /**
   * One customer write as the consent log sees it: the {@code consents} object before the write
   * (null, or a missing node, for a new customer) and after it, as stored; {@code date} is the
   * customer's {@code updatedAt} of that write, {@code caller} who wrote (a source token's source,
   * or a person).
   */
  record ConsentWrite(
      UUID workspaceId,
      UUID nodeId,
      UUID customerId,
      JsonNode before,
      JsonNode after,
      OffsetDateTime date,
      Caller caller) {}

  /** An entry customer and its entry node. */
  record Subject(UUID customerId, UUID nodeId) {}

  /** Whether going from {@code before} to {@code after} changes any consent value (pure). */
  boolean changes(JsonNode before, JsonNode after);

  /**
   * Appends the entries of every write (one per changed consent value) in one statement through
   * {@code client}; no statement when no write changes a consent.
   */
  Uni<Void> recordChanges(SqlClient client, List<ConsentWrite> writes);

  /**
   * Appends a DATA_PORTABILITY_REQUESTED entry for each exported entry customer (X1), in one
   * statement; none for an empty list.
   */
  Uni<Void> recordExport(SqlClient client, UUID workspaceId, List<Subject> exported, Caller caller);

  /** Appends the FORCED_DELETE entry of a forgotten customer (F1), inside its transaction. */
  Uni<Void> recordForget(SqlClient tx, UUID workspaceId, Subject forgotten, Caller caller);
}
