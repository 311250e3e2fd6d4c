package io.customer360.bulk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of bulk jobs, under {@code customer360.bulk.*} (each overridable by an environment
 * variable, e.g. {@code CUSTOMER360_BULK_LEASE}).
 */
@ConfigMapping(prefix = "customer360.bulk")
public interface BulkConfig {

  /** {@code customer360.bulk.poll-interval}: how often each replica looks for jobs to run. */
  @WithDefault("1s")
  String pollInterval();

  /**
   * {@code customer360.bulk.lease}: how long a claim holds a job without a checkpoint; a job whose
   * worker died is resumed by another replica once it has run out. Each chunk renews it.
   */
  @WithDefault("60s")
  Duration lease();

  /** {@code customer360.bulk.customer-chunk-rows}: customer rows per chunk (one transaction). */
  @WithDefault("50")
  int customerChunkRows();

  /** {@code customer360.bulk.event-chunk-rows}: event rows per chunk (one transaction). */
  @WithDefault("1000")
  int eventChunkRows();

  /** {@code customer360.bulk.concurrent-jobs}: jobs one replica runs at the same time. */
  @WithDefault("2")
  int concurrentJobs();

  /**
   * {@code customer360.bulk.chunks-in-flight}: chunks of one job written at the same time, each in
   * its own transaction (rows may be processed out of file order, spec B2).
   */
  @WithDefault("4")
  int chunksInFlight();

  /** {@code customer360.bulk.max-loaded}: most LOADED jobs per node (spec B2: 10). */
  @WithDefault("10")
  int maxLoaded();

  /**
   * {@code customer360.bulk.max-attempts}: runs of one chunk that failed as a whole (not a row)
   * before the job FAILS.
   */
  @WithDefault("3")
  int maxAttempts();
}
