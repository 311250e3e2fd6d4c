package io.customer360.bulk;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bulk worker's hooks in tests: workspaces whose jobs stay LOADED, and a worker that stops
 * inside a given chunk of a given file, before that chunk's commit, as {@code kill -9} would.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestBulkJobHooks extends BulkJobHooks {

  private final Set<UUID> paused = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> crashes = new ConcurrentHashMap<>();
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();

  public void pause(String workspaceId) {
    paused.add(UUID.fromString(workspaceId));
  }

  public void resume(String workspaceId) {
    paused.remove(UUID.fromString(workspaceId));
  }

  /** The worker stops once, inside chunk {@code seq} of the job uploaded as {@code filename}. */
  public void crashOnce(String filename, int seq) {
    crashes.put(filename, seq);
  }

  public boolean crashed(String filename) {
    return crashed.contains(filename);
  }

  private final Map<String, Long> longestChunk = new ConcurrentHashMap<>();

  /** The longest chunk transaction of the job uploaded as {@code filename}, in ms (0: none). */
  public long longestChunkMillis(String filename) {
    return longestChunk.getOrDefault(filename, 0L);
  }

  @Override
  public void chunkCommitted(BulkJob job, int seq, int rows, long millis) {
    longestChunk.merge(job.filename(), millis, Math::max);
  }

  @Override
  public Set<UUID> pausedWorkspaces() {
    return Set.copyOf(paused);
  }

  @Override
  public boolean crashBeforeCheckpoint(BulkJob job, int seq) {
    Integer at = crashes.get(job.filename());
    if (at != null && at == seq && crashes.remove(job.filename(), at)) {
      crashed.add(job.filename());
      return true;
    }
    return false;
  }
}
