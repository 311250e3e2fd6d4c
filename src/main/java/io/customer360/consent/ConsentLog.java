package io.customer360.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.consent.ConsentChanges.Change;
import io.customer360.customer.CustomerConsentLog;
import io.customer360.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one writer of the consent log (spec §1.11): every path that changes a customer's consents
 * appends here, in its own transaction, so an entry exists exactly when the change committed.
 *
 * <p>The core method is {@link #append(SqlClient, List)}: any number of entries, of any customers,
 * in one statement through the caller's client (a transaction, or the pool for a single statement).
 * {@link #entriesOf(ConsentWrite)} turns one customer write into its entries by the rules of {@link
 * ConsentChanges}. A batch path (a future bulk import, like the grouped creates today) collects the
 * {@link ConsentWrite}s of all its rows and calls {@link #recordChanges} once in the batch's
 * transaction: one statement for all entries of the batch, never one per row.
 *
 * <p>The customer feature calls this through its SPI {@link CustomerConsentLog}: create (single or
 * grouped), the merge of a create into the holder of its unique key, PUT, PATCH and item edits
 * record their changes; export (X1) records DATA_PORTABILITY_REQUESTED and forget (F1)
 * FORCED_DELETE. Entries hold ids and consent values only; forget keeps them.
 */
@ApplicationScoped
public class ConsentLog implements CustomerConsentLog {

  private final ConsentLogRepository repository;

  ConsentLog(ConsentLogRepository repository) {
    this.repository = repository;
  }

  /**
   * Appends {@code entries} in one statement through {@code client}, in list order (their ids
   * follow it); no statement for an empty list.
   */
  public Uni<Void> append(SqlClient client, List<ConsentEntry> entries) {
    return repository.append(client, entries);
  }

  /** The entries one customer write produces ({@link ConsentChanges}), dated and attributed. */
  public static List<ConsentEntry> entriesOf(ConsentWrite w) {
    List<ConsentEntry> out = new ArrayList<>();
    for (Change c : ConsentChanges.between(w.before(), w.after())) {
      out.add(
          ConsentEntry.by(
              w.caller(),
              w.workspaceId(),
              w.customerId(),
              w.nodeId(),
              w.date(),
              c.type(),
              c.property(),
              c.value()));
    }
    return out;
  }

  @Override
  public boolean changes(JsonNode before, JsonNode after) {
    return ConsentChanges.changes(before, after);
  }

  /** The entries of all {@code writes} in one statement; none when no consent changed. */
  @Override
  public Uni<Void> recordChanges(SqlClient client, List<ConsentWrite> writes) {
    List<ConsentEntry> entries = new ArrayList<>();
    writes.forEach(w -> entries.addAll(entriesOf(w)));
    return append(client, entries);
  }

  @Override
  public Uni<Void> recordExport(
      SqlClient client, UUID workspaceId, List<Subject> exported, Caller caller) {
    return append(
        client,
        exported.stream()
            .map(s -> marker(caller, workspaceId, s, ConsentEventType.DATA_PORTABILITY_REQUESTED))
            .toList());
  }

  @Override
  public Uni<Void> recordForget(SqlClient tx, UUID workspaceId, Subject forgotten, Caller caller) {
    return append(
        tx, List.of(marker(caller, workspaceId, forgotten, ConsentEventType.FORCED_DELETE)));
  }

  /** An entry without property and value, dated by the transaction. */
  private static ConsentEntry marker(
      Caller caller, UUID workspaceId, Subject s, ConsentEventType type) {
    return ConsentEntry.by(caller, workspaceId, s.customerId(), s.nodeId(), null, type, null, null);
  }
}
