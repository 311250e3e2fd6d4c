package io.customer360.bulk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/**
 * Points where tests steer the bulk worker; in the application they do nothing. A test replaces
 * this bean (a CDI alternative in the test sources) to hold jobs LOADED or to end a worker in the
 * middle of a job as {@code kill -9} would.
 */
@ApplicationScoped
public class BulkJobHooks {

  /** Workspaces whose jobs no worker claims for now: none. */
  public Set<UUID> pausedWorkspaces() {
    return Set.of();
  }

  /**
   * Asked inside chunk {@code seq}'s transaction after its writes, before its checkpoint: true
   * makes the worker stop there without committing and without releasing its lease, as a process
   * killed at that point would. Always false.
   */
  public boolean crashBeforeCheckpoint(BulkJob job, int seq) {
    return false;
  }

  /**
   * Told after chunk {@code seq} of {@code job} committed: its rows and how long its transaction
   * held its row locks, in milliseconds (from the first write to the commit). Does nothing.
   */
  public void chunkCommitted(BulkJob job, int seq, int rows, long millis) {}
}
