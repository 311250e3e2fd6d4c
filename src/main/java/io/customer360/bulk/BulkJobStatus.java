package io.customer360.bulk;

/**
 * The life of a bulk job (spec §6 BulkJobStatus): LOADED after the upload, SCHEDULED once a worker
 * claimed it, PROCESSING from its first chunk, then PROCESSED; FAILED when the upload or the header
 * is unusable (or a chunk keeps failing); STOPPED on request, never resumed.
 */
public enum BulkJobStatus {
  LOADED,
  SCHEDULED,
  PROCESSING,
  STOPPED,
  PROCESSED,
  FAILED;

  /** Whether a worker still has to run the job. */
  public boolean runnable() {
    return this == LOADED || this == SCHEDULED || this == PROCESSING;
  }

  /** Whether the job is over, so that its results (B4) are final. */
  public boolean finished() {
    return this == PROCESSED || this == FAILED;
  }
}
