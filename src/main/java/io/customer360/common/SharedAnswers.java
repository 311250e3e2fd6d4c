package io.customer360.common;

import io.quarkus.cache.Cache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Answers shared by identical requests (same key), so an expensive read polled by many users costs
 * one computation per key and {@code freshFor}, and no request but the very first waits for one
 * (single flight with fresh-for / stale-for):
 *
 * <ul>
 *   <li>an answer younger than {@code freshFor} is served as it is;
 *   <li>an older one, up to {@code staleFor}, is served as well while a new one is computed in the
 *       background (one computation at a time per key; it replaces the answer when it succeeds, a
 *       failure is logged and the old answer kept);
 *   <li>without an answer, or with one older than {@code staleFor}, the request waits for the
 *       computation, which concurrent requests of the same key share; a failure reaches them all
 *       and is not kept.
 * </ul>
 *
 * An answer's age counts from the start of its computation. The entries live in a Quarkus cache
 * (its expiry and size are configured in application.properties) or, for unit tests, a plain map. A
 * computation must not use request-scoped state (it may outlive the request that started it):
 * callers resolve access first and put it in the key. {@code freshFor} 0 computes every answer.
 * Used by stats (stats/StatsCache) and the retention status (retention/RetentionService).
 */
public final class SharedAnswers {

  /** One key's answer and its running computation; guarded by its own monitor. */
  static final class Entry {
    private Object value;
    private long computedAt;
    private Uni<Object> running;
  }

  private static final Logger LOG = Logger.getLogger(SharedAnswers.class);

  private final String what;
  private final long freshNanos;
  private final long staleNanos;
  private final LongSupplier clock;
  private final Function<Object, Uni<Entry>> entries;

  /**
   * Answers kept in {@code cache}; {@code what} names them in logs ("stats answer"). The cache's
   * own expiry should be at least {@code staleFor}.
   */
  public SharedAnswers(String what, Duration freshFor, Duration staleFor, Cache cache) {
    this(what, freshFor, staleFor, key -> cache.get(key, k -> new Entry()), System::nanoTime);
  }

  private SharedAnswers(
      String what,
      Duration freshFor,
      Duration staleFor,
      Function<Object, Uni<Entry>> entries,
      LongSupplier clock) {
    this.what = what;
    this.freshNanos = freshFor.toNanos();
    this.staleNanos = Math.max(staleFor.toNanos(), freshNanos);
    this.clock = clock;
    this.entries = entries;
  }

  /** Answers over a plain map, never emptied, with the given clock in nanoseconds (unit tests). */
  public static SharedAnswers inMemory(
      String what, Duration freshFor, Duration staleFor, LongSupplier clock) {
    Map<Object, Entry> map = new ConcurrentHashMap<>();
    return new SharedAnswers(
        what,
        freshFor,
        staleFor,
        key -> Uni.createFrom().item(map.computeIfAbsent(key, k -> new Entry())),
        clock);
  }

  /** The answer of {@code key}, computed by {@code compute} when it is missing or too old. */
  public <T> Uni<T> get(Object key, Supplier<Uni<T>> compute) {
    if (freshNanos == 0) {
      return Uni.createFrom().deferred(compute::get);
    }
    return entries.apply(key).chain(e -> serve(key, e, compute));
  }

  @SuppressWarnings("unchecked")
  private <T> Uni<T> serve(Object key, Entry e, Supplier<Uni<T>> compute) {
    synchronized (e) {
      long now = clock.getAsLong();
      if (e.value != null && now - e.computedAt <= freshNanos) {
        return Uni.createFrom().item((T) e.value);
      }
      Uni<Object> running = e.running;
      if (running == null) {
        running = start(key, e, (Supplier<Uni<Object>>) (Supplier<?>) compute, now);
      }
      if (e.value != null && now - e.computedAt <= staleNanos) {
        return Uni.createFrom().item((T) e.value);
      }
      return (Uni<T>) running;
    }
  }

  /**
   * Starts a computation of {@code e} (holding its monitor): shared by every waiting request; with
   * an answer to serve meanwhile, subscribed at once in the background.
   */
  private Uni<Object> start(Object key, Entry e, Supplier<Uni<Object>> compute, long startedAt) {
    Uni<Object> running =
        Uni.createFrom()
            .deferred(compute::get)
            .onItem()
            .invoke(v -> stored(e, v, startedAt))
            .onFailure()
            .invoke(f -> failed(e))
            .memoize()
            .indefinitely();
    e.running = running;
    if (e.value != null) {
      running
          .subscribe()
          .with(
              v -> {},
              f -> LOG.warnf("a %s could not be refreshed (%s): %s", what, key, f.toString()));
    }
    return running;
  }

  private static void stored(Entry e, Object value, long computedAt) {
    synchronized (e) {
      e.value = value;
      e.computedAt = computedAt;
      e.running = null;
    }
  }

  private static void failed(Entry e) {
    synchronized (e) {
      e.running = null;
    }
  }
}
