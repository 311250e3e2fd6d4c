package io.customer360.event;

import io.customer360.common.Db;
import io.customer360.common.LongStatementPool;
import io.customer360.event.EventRepository.Expiries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The event feature's API for retention (DESIGN.md §3 workers, spec §1.5 R1): removes events past
 * their expiry in short batches and reports the ages of a workspace's events. Callers say what
 * expires ({@link Expiry}: a node, an event type and a cutoff date; events dated before the cutoff
 * are expired); this feature owns the statements on the {@code event} table.
 *
 * <p>A batch is one transaction on one pooled connection: it takes the workspace's purge lock with
 * {@code pg_try_advisory_xact_lock} (never waits: another replica purging the workspace makes the
 * batch answer {@link Batch#locked()}), then deletes at most {@code limit} expired events (rows a
 * writer holds are skipped) and appends a change-log DELETE row per event in the same statement
 * ({@code INSERT … SELECT} from the {@code DELETE … RETURNING}), so the indexer removes their
 * documents from Elasticsearch and refreshes their customers' activity summaries, exactly as for an
 * event deleted through the API (EV5).
 *
 * <p>Both the batches and the age scan run on {@link LongStatementPool} (statement bound 30 s, a
 * socket bound longer than it), never on the request pool whose 5 s socket bound would cut them.
 */
@ApplicationScoped
public class EventPurge {

  /** Class key of the per-workspace purge lock ("rete"); the workspace id's hash is the other. */
  static final int LOCK_CLASS = 0x72657465;

  /**
   * Events of node {@code nodeId} and type {@code type} dated strictly before {@code cutoff} are
   * expired.
   */
  public record Expiry(UUID nodeId, String type, OffsetDateTime cutoff) {}

  /** {@code removed} events of one node and type went in a batch. */
  public record Removed(UUID nodeId, String type, long removed) {}

  /**
   * The events of one node and type: {@code total}, those past the expiry ({@code expired}; 0 when
   * none applies) and the oldest event date.
   */
  public record Ages(UUID nodeId, String type, long total, long expired, OffsetDateTime oldest) {}

  /**
   * The outcome of one batch: {@code locked} when another purge of the workspace held the lock (no
   * work done), else what was removed.
   */
  public record Batch(boolean locked, List<Removed> removed) {

    static Batch busy() {
      return new Batch(true, List.of());
    }

    /** Events removed by this batch in all. */
    public long total() {
      return removed.stream().mapToLong(Removed::removed).sum();
    }
  }

  private final EventRepository repository;
  private final LongStatementPool longStatements;

  EventPurge(EventRepository repository, LongStatementPool longStatements) {
    this.repository = repository;
    this.longStatements = longStatements;
  }

  /**
   * Deletes at most {@code limit} expired events of the workspace in one short transaction (see the
   * class comment); an empty {@code expiries} list deletes nothing and takes no connection.
   */
  public Uni<Batch> purgeBatch(UUID workspaceId, List<Expiry> expiries, int limit) {
    if (expiries.isEmpty()) {
      return Uni.createFrom().item(new Batch(false, List.of()));
    }
    Expiries arrays = arrays(expiries);
    return Db.transaction(
        longStatements.pool(),
        tx ->
            repository
                .tryPurgeLock(tx, LOCK_CLASS, workspaceId)
                .chain(
                    got ->
                        got
                            ? repository
                                .purge(tx, workspaceId, arrays, limit)
                                .map(removed -> new Batch(false, removed))
                            : Uni.createFrom().item(Batch.busy())));
  }

  /**
   * The workspace's events per node and type with how many are past their expiry (spec §1.5 R1), in
   * one grouped statement; node and type pairs without an expiry count none expired. {@code nodes}
   * null counts every node of the workspace, else only the events of those nodes (the scan is
   * filtered in SQL: a caller who may read one node costs that node's rows).
   */
  public Uni<List<Ages>> ages(UUID workspaceId, List<Expiry> expiries, Set<UUID> nodes) {
    UUID[] nodeIds = nodes == null ? null : nodes.toArray(UUID[]::new);
    if (nodeIds != null && nodeIds.length == 0) {
      return Uni.createFrom().item(List.of());
    }
    return repository.ages(longStatements.pool(), workspaceId, arrays(expiries), nodeIds);
  }

  private static Expiries arrays(List<Expiry> expiries) {
    int n = expiries.size();
    UUID[] nodes = new UUID[n];
    String[] types = new String[n];
    OffsetDateTime[] cutoffs = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Expiry e = expiries.get(i);
      nodes[i] = e.nodeId();
      types[i] = e.type();
      cutoffs[i] = e.cutoff();
    }
    return new Expiries(nodes, types, cutoffs);
  }
}
