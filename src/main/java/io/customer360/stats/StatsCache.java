package io.customer360.stats;

import io.customer360.common.Customer360Config;
import io.customer360.common.SharedAnswers;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 * (tests). The mechanics are common/SharedAnswers.
 */
@ApplicationScoped
public class StatsCache {

  private final SharedAnswers answers;

  @Inject
  StatsCache(@CacheName("stats") Cache cache, Customer360Config config) {
    this(
        new SharedAnswers(
            "stats answer", config.stats().freshFor(), config.stats().staleFor(), cache));
  }

  private StatsCache(SharedAnswers answers) {
    this.answers = answers;
  }

  /** A cache over a plain map, never emptied (unit tests). */
  static StatsCache inMemory(Duration freshFor, Duration staleFor, LongSupplier clock) {
    return new StatsCache(SharedAnswers.inMemory("stats answer", freshFor, staleFor, clock));
  }

  /** The answer of {@code key}, computed by {@code compute} when it is missing or too old. */
  public <T> Uni<T> get(Object key, Supplier<Uni<T>> compute) {
    return answers.get(key, compute);
  }
}
