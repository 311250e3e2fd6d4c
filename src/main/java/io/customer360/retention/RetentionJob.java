package io.customer360.retention;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs the retention purge ({@link RetentionService#purge()}) every {@code
 * customer360.retention.purge-interval} on every replica ({@code off} disables it), the first time
 * {@code customer360.retention.purge-delay} after start. Runs of one replica never overlap ({@code
 * SKIP}); replicas coordinate per workspace through PostgreSQL (one purge batch of a workspace at a
 * time, a busy workspace is left to the replica purging it). A failed run is logged and retried at
 * the next one: batches already committed stay done.
 */
@ApplicationScoped
public class RetentionJob {

  private final RetentionService retention;

  RetentionJob(RetentionService retention) {
    this.retention = retention;
  }

  @Scheduled(
      identity = "retention-purge",
      every = "${customer360.retention.purge-interval}",
      delayed = "${customer360.retention.purge-delay}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return retention
        .purge()
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.errorf(e, "retention purge failed; retrying on the next run");
              return Uni.createFrom().voidItem();
            });
  }
}
