package io.customer360.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The application's own settings, all under {@code customer360.*} in application.properties (each
 * overridable by an environment variable, e.g. {@code CUSTOMER360_LIMITS_SEARCH_CAP}). Every key
 * has a default, so an empty configuration runs.
 */
@ConfigMapping(prefix = "customer360")
public interface Customer360Config {

  /** Size and time limits of requests. */
  Limits limits();

  /** Identity resolution. */
  Identity identity();

  /** Searches and the Elasticsearch indices. */
  Search search();

  /** Background workers. */
  Workers workers();

  /** The change log as a stream (indexer, update stream). */
  Stream stream();

  /** The per-workspace request budget. */
  Throttling throttling();

  /** Statistics (spec §1.1 S1–S13). */
  Stats stats();

  /** Time bounds on PostgreSQL (issue 13, fault 3). */
  Database database();

  /** The retention purge (spec §1.5, retention/RetentionJob). */
  Retention retention();

  /** The retention purge: how often it runs and how much one transaction removes. */
  interface Retention {

    /**
     * {@code customer360.retention.purge-interval}: how often every replica looks for expired
     * events (a Quarkus scheduler period such as {@code 1h} or {@code 15m}); {@code off} disables
     * the purge job on this replica.
     */
    @WithDefault("1h")
    String purgeInterval();

    /** {@code customer360.retention.purge-delay}: how long after start the first run waits. */
    @WithDefault("30s")
    String purgeDelay();

    /**
     * {@code customer360.retention.batch-size}: most events one purge transaction deletes (with
     * their change-log rows); keeps every transaction and its locks short.
     */
    @WithDefault("5000")
    int batchSize();

    /**
     * {@code customer360.retention.max-batches-per-run}: most batches one run spends on one
     * workspace, so one huge backlog does not starve the others; the rest waits for the next run.
     */
    @WithDefault("200")
    int maxBatchesPerRun();

    /**
     * {@code customer360.retention.status-fresh-for}: a retention status answer (R1) is shared by
     * identical requests (same workspace, readable nodes and policies) this long (common/
     * SharedAnswers); 0 computes every answer.
     */
    @WithDefault("2s")
    Duration statusFreshFor();

    /**
     * {@code customer360.retention.status-stale-for}: an older status answer, up to this age, is
     * served while a new one is computed in the background.
     */
    @WithDefault("10s")
    Duration statusStaleFor();
  }

  /** Size and time limits of requests. */
  interface Limits {

    /** {@code customer360.limits.search-cap}: most matches a customer or event search reaches. */
    @WithDefault("10000")
    int searchCap();

    /** {@code customer360.limits.max-uri-length}: longest request line target, else 414. */
    @WithDefault("8192")
    int maxUriLength();

    /** {@code customer360.limits.retry-after-seconds}: Retry-After of a 503 answer. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * {@code customer360.limits.creates-in-flight}: grouped customer-create statements running at
     * once; further creates wait and join the next group (one commit per group).
     */
    @WithDefault("4")
    int createsInFlight();
  }

  /** Identity resolution. */
  interface Identity {

    /**
     * {@code customer360.identity.default-phone-region}: ISO 3166 region for phone numbers without
     * a country code, unless the workspace sets its own.
     */
    @WithDefault("IT")
    String defaultPhoneRegion();
  }

  /** Searches and the Elasticsearch indices. */
  interface Search {

    /** {@code customer360.search.index-prefix}: prefix of every Elasticsearch index name. */
    @WithDefault("c360")
    String indexPrefix();

    /**
     * {@code customer360.search.timeout}: longest wait for one Elasticsearch search; past it the
     * search answers 503 with Retry-After.
     */
    @WithDefault("5s")
    Duration timeout();

    /**
     * {@code customer360.search.refresh-interval}: how soon an indexed document becomes searchable
     * (the indices' {@code refresh_interval}; off while a reindex builds).
     */
    @WithDefault("200ms")
    Duration refreshInterval();

    /** {@code customer360.search.batch-size}: most change-log rows the indexer reads per bulk. */
    @WithDefault("1000")
    int batchSize();

    /**
     * {@code customer360.search.reindex-batch-size}: rows read per keyset page, and documents per
     * bulk request, while a reindex rebuilds the indices from PostgreSQL.
     */
    @WithDefault("2000")
    int reindexBatchSize();

    /**
     * {@code customer360.search.poll-interval}: the indexer's fallback wake-up when no change-log
     * notification arrives (it also wakes on every NOTIFY).
     */
    @WithDefault("250ms")
    Duration pollInterval();

    /**
     * {@code customer360.search.lease-interval}: how often a replica that does not hold the
     * indexer's lease tries to take it, and how often the holder checks that its lease connection
     * is alive.
     */
    @WithDefault("1s")
    Duration leaseInterval();

    /** {@code customer360.search.backoff-initial}: first wait after a failed Elasticsearch call. */
    @WithDefault("100ms")
    Duration backoffInitial();

    /**
     * {@code customer360.search.backoff-max}: the longest wait between retries while Elasticsearch
     * fails (the wait doubles from backoff-initial up to it).
     */
    @WithDefault("3s")
    Duration backoffMax();
  }

  /** Background workers. */
  interface Workers {

    /** {@code customer360.workers.activation-interval}: how often aggregate builds advance. */
    @WithDefault("2s")
    Duration activationInterval();

    /** {@code customer360.workers.throttle-cleanup-interval}: how often old windows are dropped. */
    @WithDefault("10m")
    Duration throttleCleanupInterval();

    /**
     * {@code customer360.workers.event-partitions-interval}: how often the monthly event partitions
     * are kept ahead.
     */
    @WithDefault("1h")
    Duration eventPartitionsInterval();
  }

  /** The change log as a stream. */
  interface Stream {

    /**
     * {@code customer360.stream.horizon-interval}: how often the change-log horizon advances on its
     * own (stream/ChangeLogHorizon), at least 1 s (the scheduler's smallest period); readers
     * advance it sooner themselves: the indexer when notified, the update stream when caught up.
     */
    @WithDefault("1s")
    Duration horizonInterval();

    /**
     * {@code customer360.stream.read-window}: at most this many change-log rows of a workspace are
     * looked at by one filtered read of the stream (stream/ChangeLogReader; the update stream with
     * nodeId, entity or timestamp, or a caller limited to some nodes); a read that finds fewer
     * matches goes on from the window's end next time, so no request walks the whole log.
     */
    @WithDefault("10000")
    int readWindow();
  }

  /** Statistics: how long an answer is reused (stats/StatsCache). */
  interface Stats {

    /**
     * {@code customer360.stats.fresh-for}: identical requests (same workspace, operation,
     * parameters and access) share one answer this long; 0 computes every answer.
     */
    @WithDefault("1s")
    Duration freshFor();

    /**
     * {@code customer360.stats.stale-for}: an answer older than fresh-for is still served, up to
     * this age, while its recomputation runs in the background (one at a time per answer); an older
     * one makes the request wait for the new answer.
     */
    @WithDefault("30s")
    Duration staleFor();
  }

  /** The per-workspace request budget. */
  interface Throttling {

    /**
     * {@code customer360.throttling.window-seconds}: length of the fixed window that {@code
     * maxRequestsPerMinute} is counted in (tests use a short one).
     */
    @WithDefault("60")
    int windowSeconds();
  }

  /** Time bounds on PostgreSQL. */
  interface Database {

    /**
     * {@code customer360.database.acquisition-timeout}: longest wait for a pooled connection (and
     * for a new connection's TCP connect); past it the request answers 503 with Retry-After.
     */
    @WithDefault("3s")
    Duration acquisitionTimeout();

    /**
     * {@code customer360.database.socket-idle-timeout}: a connection on which nothing moves this
     * long is closed, so a stalled server fails the statement instead of hanging it. Longer than
     * PostgreSQL's {@code statement_timeout} (set beside the datasources, 4 s). An idle pooled
     * connection is closed by it too and reopened on demand.
     */
    @WithDefault("5s")
    Duration socketIdleTimeout();

    /**
     * {@code customer360.database.long-statement-timeout}: PostgreSQL's {@code statement_timeout}
     * on the separate small pool of long statements (common/LongStatementPool: the retention purge
     * batches and the retention status scan). That pool's socket idle bound is this plus {@code
     * socket-idle-timeout}, so a long statement is cancelled by PostgreSQL (answered 503), never
     * cut by the socket bound, while a stalled server is still detected.
     */
    @WithDefault("30s")
    Duration longStatementTimeout();

    /** {@code customer360.database.long-statement-pool-size}: connections of that pool. */
    @WithDefault("4")
    int longStatementPoolSize();

    /** {@code customer360.database.readiness-timeout}: the readiness probe's bound. */
    @WithDefault("800ms")
    Duration readinessTimeout();
  }
}
