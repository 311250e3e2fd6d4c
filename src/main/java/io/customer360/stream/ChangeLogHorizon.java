package io.customer360.stream;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change-log horizon: the highest offset below which every change-log row is final, so a reader
 * that goes in offset order up to it never skips a row that commits late (DESIGN §6). The indexer
 * and the update stream read only up to {@link #safeOffset()}.
 *
 * <p>Why it is safe. Each tick that sees new offsets reads {@code L}, the last offset drawn from
 * the sequence, and then, in the same short transaction, assigns itself a transaction id {@code X}
 * and commits. A transaction that drew an offset at most {@code L} drew it before {@code L} was
 * read, and it held its transaction id before drawing (the column default assigns the id first,
 * migration V12), so its id is below {@code X}. Once a later snapshot's {@code xmin} reaches {@code
 * X}, every transaction below {@code X} has committed or rolled back: the rows up to {@code L} will
 * never change, and {@code L} becomes the horizon. {@code X} must be an assigned id: a snapshot's
 * {@code xmax} is only the newest completed id plus one, and a transaction that holds a newer id
 * while it runs is neither below that {@code xmax} nor counted in {@code xmin}, so comparing with a
 * snapshot's {@code xmax} could settle an offset whose transaction still runs. Ticks without new
 * offsets assign no id.
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

  /** The current snapshot's xmin, as text (xid8 does not fit every client type). */
  private static final String SNAPSHOT = "select pg_snapshot_xmin(pg_current_snapshot())::text";

  /** {@code X}: a transaction id assigned now, after {@code L} was read. */
  private static final String ASSIGN = "select pg_current_xact_id()::text";

  /** Samples kept while a long transaction holds the horizon back. */
  private static final int MAX_PENDING = 1024;

  /** {@code L} and the id {@code X} assigned after it was read. */
  private record Sample(long offset, long xmax) {}

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
    return pool.withTransaction(
            tx ->
                tx.query(LAST_DRAWN)
                    .execute()
                    .map(rows -> rows.iterator().next().getLong(0))
                    .chain(last -> sample(tx, last)))
        .chain(
            sample ->
                pool.query(SNAPSHOT)
                    .execute()
                    .map(
                        rows ->
                            settle(sample, Long.parseLong(rows.iterator().next().getString(0)))));
  }

  /** A new sample when offsets were drawn since the newest one, else null (no id assigned). */
  private Uni<Sample> sample(io.vertx.mutiny.sqlclient.SqlClient tx, long last) {
    if (last <= newestOffset()) {
      return Uni.createFrom().nullItem();
    }
    return tx.query(ASSIGN)
        .execute()
        .map(rows -> new Sample(last, Long.parseLong(rows.iterator().next().getString(0))));
  }

  private synchronized long newestOffset() {
    Sample newest = pending.peekLast();
    return newest != null ? newest.offset() : safe.get();
  }

  private synchronized long settle(Sample sample, long xmin) {
    if (sample != null && sample.offset() > newestOffset()) {
      if (pending.size() >= MAX_PENDING) {
        pending.removeLast(); // a newer sample settles no earlier than the one it replaces
      }
      pending.addLast(sample);
    }
    long settled = safe.get();
    while (!pending.isEmpty() && pending.peekFirst().xmax() <= xmin) {
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
