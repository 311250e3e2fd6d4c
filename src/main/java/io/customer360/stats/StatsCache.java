package io.customer360.stats;

import io.customer360.common.Customer360Config;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Stats answers shared by identical requests (same key: workspace, operation, parameters and
 * access), so a dashboard polled by many users costs the indices one computation per answer and
 * second, and no request but the very first waits for one:
 *
 * <ul>
 *   <li>an answer younger than {@code customer360.stats.fresh-for} (1 s) is served as it is;
 *   <li>an older one, up to {@code customer360.stats.stale-for} (30 s), is served as well while a
 *       new one is computed in the background (one computation at a time per key; it replaces the
 *       answer when it succeeds, a failure is logged and the old answer kept);
 *   <li>without an answer, or with one older than stale-for, the request waits for the computation,
 *       which concurrent requests of the same key share; a failure reaches them all and is not
 *       kept.
 * </ul>
 *
 * An answer's age counts from the start of its computation. The answers live in the cache {@code
 * stats} (application.properties: keys unused for stale-for are dropped, at most 10,000 are kept).
 * A computation must not use request-scoped state (it may outlive the request that started it):
 * callers resolve access first and put it in the key. {@code fresh-for} 0 computes every answer
 * (tests).
 */
@ApplicationScoped
public class StatsCache {

  /** One key's answer and its running computation; guarded by its own monitor. */
  static final class Entry {
    private Object value;
    private long computedAt;
    private Uni<Object> running;
  }

  private static final Logger LOG = Logger.getLogger(StatsCache.class);

  private final long freshNanos;
  private final long staleNanos;
  private final LongSupplier clock;
  private final Function<Object, Uni<Entry>> entries;

  @Inject
  StatsCache(@CacheName("stats") Cache cache, Customer360Config config) {
    this(
        config.stats().freshFor(),
        config.stats().staleFor(),
        key -> cache.get(key, k -> new Entry()),
        System::nanoTime);
  }

  StatsCache(
      Duration freshFor,
      Duration staleFor,
      Function<Object, Uni<Entry>> entries,
      LongSupplier clock) {
    this.freshNanos = freshFor.toNanos();
    this.staleNanos = Math.max(staleFor.toNanos(), freshNanos);
    this.clock = clock;
    this.entries = entries;
  }

  /** A cache over a plain map, never emptied (unit tests). */
  static StatsCache inMemory(Duration freshFor, Duration staleFor, LongSupplier clock) {
    Map<Object, Entry> map = new ConcurrentHashMap<>();
    return new StatsCache(
        freshFor,
        staleFor,
        key -> Uni.createFrom().item(map.computeIfAbsent(key, k -> new Entry())),
        clock);
  }

  /** The answer of {@code key}, computed by {@code compute} when it is missing or too old. */
  @SuppressWarnings("unchecked")
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
              f -> LOG.warnf("a stats answer could not be refreshed (%s): %s", key, f.toString()));
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
