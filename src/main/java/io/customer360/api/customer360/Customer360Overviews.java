package io.customer360.api.customer360;

import io.customer360.node.Node;
import io.customer360.search.CustomerProfiles;
import io.customer360.segment.SegmentService;
import io.customer360.segment.SegmentService.SegmentCount;
import io.customer360.workspace.Workspace;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The figures behind the overview (seed 000): the node's counts from one aggregation of the
 * customer index ({@link CustomerProfiles#overview}) and its largest segments ({@link
 * SegmentService#largest}), both asked at once.
 *
 * <p>The figures of a workspace's view are computed at most once a second and shared by the
 * requests of that second (cache {@code customer360-overview}, 1 s after the write; concurrent
 * misses share one computation; failures are not kept). The index itself makes a write visible
 * within its refresh interval (1 s), so an overview is at most about two seconds behind the writes;
 * a dashboard polled by many marketers costs the index one aggregation a second.
 */
@ApplicationScoped
public class Customer360Overviews {

  /** Days of the {@code activeContacts} window (spec customer360-api.md "Definitions"). */
  static final int ACTIVE_DAYS = 90;

  private final CustomerProfiles profiles;
  private final SegmentService segments;
  private final Cache cache;

  Customer360Overviews(
      CustomerProfiles profiles,
      SegmentService segments,
      @CacheName("customer360-overview") Cache cache) {
    this.profiles = profiles;
    this.segments = segments;
    this.cache = cache;
  }

  /** The counts and the largest segments, largest first, at most {@code top}. */
  public record Figures(CustomerProfiles.Overview counts, List<SegmentCount> largest) {}

  private record Key(UUID workspaceId, UUID nodeId, Instant monthStart, int top) {}

  /**
   * The figures of the node's customers: active since {@value #ACTIVE_DAYS} days before now,
   * registered since {@code monthStart} (the first day of the month in the workspace's time zone),
   * the {@code top} largest enabled segments. Fails like its two sources (503 with Retry-After when
   * the index cannot answer).
   */
  public Uni<Figures> figures(Workspace workspace, Node node, Instant monthStart, int top) {
    return cache.getAsync(
        new Key(workspace.id(), node.id(), monthStart, top),
        key ->
            Uni.combine()
                .all()
                .unis(
                    profiles.overview(
                        workspace.id(),
                        node,
                        Instant.now().minus(ACTIVE_DAYS, ChronoUnit.DAYS),
                        monthStart),
                    segments.largest(workspace, node, top))
                .asTuple()
                .map(t -> new Figures(t.getItem1(), t.getItem2())));
  }
}
