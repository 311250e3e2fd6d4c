package io.customer360.stream;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change-log horizon: the highest offset below which every change-log row is final, so a reader
 * that goes in offset order up to it never skips a row that commits late (DESIGN §6). The indexer
 * and the update stream read only up to {@link #safeOffset()}.
 *
 * <p>Why it is safe. Each tick reads {@code L}, the last offset drawn from the sequence, and then
 * assigns itself a transaction id {@code X} ({@code pg_current_xact_id()}), which is above every id
 * assigned before. A transaction that drew an offset at most {@code L} drew it before {@code L} was
 * read, and it held its transaction id before drawing (the column default assigns the id first,
 * migration V12), so its id is below {@code X}. Once a later snapshot's {@code xmin} reaches {@code
 * X}, every transaction below {@code X} has committed or rolled back: the rows up to {@code L} will
 * never change, and {@code L} becomes the horizon. Read-only transactions hold no id and never hold
 * the horizon back; a long writing transaction does, for as long as it runs.
 *
 * <p>A snapshot's {@code xmax} is not such a bound: it is one past the latest <em>completed</em>
 * id, so a transaction still running may hold an id at or above it; with {@code X} taken from it, a
 * transaction that drew an offset and then waited (the lowest one running, its id equal to that
 * {@code xmax}) let the horizon pass its row before it committed, and a reader skipped the row
 * (UpdateStreamTest caught it). Each tick therefore spends one transaction id.
 *
 * <p>Every replica keeps its own horizon (a few small reads per tick, no writes); each one is safe,
 * and they differ only by how far they have advanced.
 */
@ApplicationScoped
public class ChangeLogHorizon {

  /** {@code L}, the sequence's last drawn value (0 before the first row). */
  private static final String LAST_DRAWN =
      "select case when is_called then last_value else last_value - 1 end from"
          + " change_log_offset_seq";

  /**
   * The current snapshot's xmin, and a newly assigned transaction id (above every id assigned
   * before), as text (xid8 does not fit every client type).
   */
  private static final String SNAPSHOT =
      "select pg_snapshot_xmin(pg_current_snapshot())::text, pg_current_xact_id()::text";

  /** Samples kept while a long transaction holds the horizon back. */
  private static final int MAX_PENDING = 1024;

  private record Sample(long offset, long bound) {}

  private final Pool pool;
  private final Deque<Sample> pending = new ArrayDeque<>();
  private final AtomicLong safe = new AtomicLong(-1);

  ChangeLogHorizon(Pool pool) {
    this.pool = pool;
  }

  /**
   * The current horizon: every change-log row with an offset at or below it is committed for good
   * or never will be. -1 until the first tick has settled (nothing is safe yet).
   */
  public long safeOffset() {
    return safe.get();
  }

  /**
   * Advances the horizon now, answering the new value; the scheduled tick calls it, and a reader
   * woken by a notification may call it to shorten the wait.
   */
  public Uni<Long> advance() {
    return pool.query(LAST_DRAWN)
        .execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .chain(
            last ->
                pool.query(SNAPSHOT).execute().map(rows -> settle(last, rows.iterator().next())));
  }

  private synchronized long settle(long last, Row snapshot) {
    long xmin = Long.parseLong(snapshot.getString(0));
    long bound = Long.parseLong(snapshot.getString(1));
    Sample newest = pending.peekLast();
    if (newest == null || newest.offset() != last || newest.bound() != bound) {
      if (pending.size() >= MAX_PENDING) {
        pending.removeLast(); // a newer sample settles no earlier than the one it replaces
      }
      pending.addLast(new Sample(last, bound));
    }
    long settled = safe.get();
    while (!pending.isEmpty() && pending.peekFirst().bound() <= xmin) {
      settled = Math.max(settled, pending.removeFirst().offset());
    }
    safe.set(settled);
    return settled;
  }

  @Scheduled(
      every = "${customer360.stream.horizon-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> tick() {
    return advance()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              io.quarkus.logging.Log.debugf("change-log horizon not advanced: %s", e.getMessage());
              return null;
            });
  }
}
