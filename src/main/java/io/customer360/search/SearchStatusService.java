package io.customer360.search;

import io.customer360.search.IndexerRepository.ReindexRow;
import io.customer360.stream.ChangeLogHorizon;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The indexer's lag and the search side's state, in every replica: the lag is measured from
 * PostgreSQL every second (the position is shared, so any replica can tell) and published as the
 * gauges {@code customer360_search_indexer_lag_seconds} and {@code
 * customer360_search_indexer_lag_rows}; the status endpoint and readiness read it.
 */
@ApplicationScoped
public class SearchStatusService {

  /** The last measured lag; the empty lag until the indexer has stored a position. */
  private final AtomicReference<IndexerLag> lag =
      new AtomicReference<>(new IndexerLag(-1, 0, 0, 0));

  private final IndexerRepository repository;
  private final SearchIndices indices;
  private final ChangeLogHorizon horizon;
  private final Elastic elastic;

  SearchStatusService(
      IndexerRepository repository,
      SearchIndices indices,
      ChangeLogHorizon horizon,
      Elastic elastic,
      MeterRegistry registry) {
    this.repository = repository;
    this.indices = indices;
    this.horizon = horizon;
    this.elastic = elastic;
    Gauge.builder("customer360.search.indexer.lag.seconds", lag, l -> l.get().seconds())
        .description("Age of the oldest committed change not yet indexed, in seconds")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("customer360.search.indexer.lag.rows", lag, l -> l.get().rows())
        .description("Change-log rows not yet indexed (exact up to 1,000, then an upper bound)")
        .register(registry);
  }

  /** The last measured lag (at most about a second old). */
  public IndexerLag lag() {
    return lag.get();
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> measure() {
    return measureNow()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              io.quarkus.logging.Log.debugf("search lag not measured: %s", e.getMessage());
              return null;
            });
  }

  private Uni<IndexerLag> measureNow() {
    return repository
        .lag(indices.prefix())
        .map(l -> l == null ? new IndexerLag(-1, 0, 0, 0) : l)
        .invoke(lag::set);
  }

  /** The search side's state, measured now. */
  public Uni<SearchStatus> status() {
    return measureNow()
        .chain(
            l ->
                repository
                    .latestReindex(indices.prefix())
                    .chain(
                        r ->
                            elasticsearch()
                                .map(
                                    es ->
                                        new SearchStatus(
                                            l.position(),
                                            horizon.safeOffset(),
                                            l.lastOffset(),
                                            l.rows(),
                                            l.seconds(),
                                            es,
                                            reindex(r)))));
  }

  /** Stores a reindex request (unless one waits or runs already) and answers the status. */
  public Uni<SearchStatus> requestReindex() {
    return repository.requestReindex(indices.prefix()).chain(this::status);
  }

  private static SearchStatus.Reindex reindex(ReindexRow r) {
    return r == null ? null : new SearchStatus.Reindex(r.state(), r.done(), r.total());
  }

  /** {@code up} when the cluster answers yellow or green within 800 ms, else {@code degraded}. */
  private Uni<String> elasticsearch() {
    return elastic
        .send("GET", "/_cluster/health", null, Map.of("timeout", "500ms"))
        .ifNoItem()
        .after(Duration.ofMillis(800))
        .fail()
        .map(a -> a.ok() && !"red".equals(a.body().path("status").asText()) ? "up" : "degraded")
        .onFailure()
        .recoverWithItem("degraded");
  }
}
