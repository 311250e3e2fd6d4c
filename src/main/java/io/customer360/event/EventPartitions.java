package io.customer360.event;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Monthly partitions of the event table. Writers ensure the month of every event exists before
 * inserting (a known month costs nothing); a job keeps the current month and the next three ready
 * so that the hot path rarely creates one.
 */
@ApplicationScoped
public class EventPartitions {

  /** Serialises partition DDL across replicas and with the job. */
  private static final long LOCK = 0x6576656e74L;

  static final int MONTHS_AHEAD = 3;

  /** "create table if not exists" would otherwise send a notice for every existing month. */
  private static final String QUIET = "set local client_min_messages = warning";

  private final Pool pool;
  private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

  EventPartitions(Pool pool) {
    this.pool = pool;
  }

  static YearMonth monthOf(OffsetDateTime date) {
    return YearMonth.from(date.withOffsetSameInstant(ZoneOffset.UTC));
  }

  static String tableName(YearMonth m) {
    return String.format("event_y%04dm%02d", m.getYear(), m.getMonthValue());
  }

  static String ddl(YearMonth m) {
    return "create table if not exists "
        + tableName(m)
        + " partition of event for values from ('"
        + m.atDay(1)
        + " 00:00:00+00') to ('"
        + m.plusMonths(1).atDay(1)
        + " 00:00:00+00')";
  }

  /** Ensures the partitions of these dates exist, creating the missing months one by one. */
  public Uni<Void> ensure(Collection<OffsetDateTime> dates) {
    Set<YearMonth> missing = new TreeSet<>();
    for (OffsetDateTime d : dates) {
      YearMonth m = monthOf(d);
      if (!known.contains(m)) {
        missing.add(m);
      }
    }
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (YearMonth m : missing) {
      chain = chain.chain(() -> create(m));
    }
    return chain;
  }

  public Uni<Void> ensure(OffsetDateTime date) {
    return known.contains(monthOf(date)) ? Uni.createFrom().voidItem() : ensure(List.of(date));
  }

  private Uni<Void> create(YearMonth m) {
    return pool.withTransaction(
            tx ->
                tx.query(QUIET)
                    .execute()
                    .chain(() -> tx.query("select pg_advisory_xact_lock(" + LOCK + ")").execute())
                    .chain(() -> tx.query(ddl(m)).execute()))
        .replaceWithVoid()
        .onFailure(EventPartitions::alreadyExists)
        .recoverWithNull()
        .invoke(() -> known.add(m));
  }

  /** A concurrent creator won the race: the partition is there, which is all we need. */
  private static boolean alreadyExists(Throwable t) {
    return t instanceof PgException p
        && ("42P07".equals(p.getSqlState()) || "23505".equals(p.getSqlState()));
  }

  /** Keeps the current month and the next three; one replica at a time does the work. */
  @Scheduled(
      every = "${customer360.workers.event-partitions-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> keepAhead() {
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    List<YearMonth> months = new java.util.ArrayList<>();
    for (int i = 0; i <= MONTHS_AHEAD; i++) {
      months.add(now.plusMonths(i));
    }
    return pool.withTransaction(
            tx ->
                tx.query(QUIET)
                    .execute()
                    .chain(
                        () ->
                            tx.query("select pg_try_advisory_xact_lock(" + LOCK + ") as got")
                                .execute())
                    .chain(
                        rows -> {
                          Uni<Boolean> chain = Uni.createFrom().item(false);
                          if (rows.iterator().next().getBoolean("got")) {
                            for (YearMonth m : months) {
                              chain =
                                  chain.chain(() -> tx.query(ddl(m)).execute()).replaceWith(true);
                            }
                          }
                          return chain;
                        }))
        .invoke(
            created -> {
              if (created) {
                known.addAll(months);
                Log.debugf("event partitions ready up to %s", months.get(MONTHS_AHEAD));
              }
            })
        .replaceWithVoid()
        .onFailure()
        .invoke(e -> Log.warnf("event partition job failed: %s", e.getMessage()))
        .onFailure()
        .recoverWithNull();
  }
}
