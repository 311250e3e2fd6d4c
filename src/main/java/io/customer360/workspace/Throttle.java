package io.customer360.workspace;

import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

/**
 * Per-workspace request limit ({@code maxRequestsPerMinute}, 0 = off). The limit is defined per
 * fixed minute, so a fixed-window counter in PostgreSQL is exact for it and is shared by every
 * replica: one upsert per request, and only for throttled workspaces.
 */
@ApplicationScoped
public class Throttle {

  private final Pool pool;
  private final int windowSeconds;

  Throttle(Pool pool, Customer360Config config) {
    this.pool = pool;
    this.windowSeconds = config.throttling().windowSeconds();
  }

  /**
   * A request that changes workspace configuration: any write under {@code /configuration}, a
   * workspace's status, and anything on {@code /configuration/throttling} (so the budget can always
   * be lifted). The budget never counts these for ADMIN/CLAB_OPERATOR (issue 13, fault 17).
   */
  public static boolean isConfiguration(String method, UriInfo uri) {
    String path = uri.getPath();
    if (path.contains("/configuration/throttling")) {
      return true;
    }
    boolean write = !"GET".equals(method) && !"HEAD".equals(method);
    return write && (path.contains("/configuration") || path.endsWith("/status"));
  }

  public Uni<Void> count(Workspace workspace) {
    int limit = workspace.maxRequestsPerMinute();
    if (limit <= 0) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            "insert into request_window as w (workspace_id, window_start, count)"
                + " values ($1, date_bin(make_interval(secs => $2), now(), timestamptz '2000-01-01'), 1)"
                + " on conflict (workspace_id, window_start) do update set count = w.count + 1"
                + " returning count,"
                + " ceil(extract(epoch from (window_start + make_interval(secs => $2) - now())))::int as retry")
        .execute(Tuple.of(workspace.id(), windowSeconds))
        .map(rows -> rows.iterator().next())
        .map(
            row -> {
              if (row.getInteger("count") > limit) {
                throw ApiException.tooManyRequests(row.getInteger("retry"));
              }
              return null;
            });
  }

  @Scheduled(
      every = "${customer360.workers.throttle-cleanup-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> dropOldWindows() {
    return pool.query("delete from request_window where window_start < now() - interval '1 hour'")
        .execute()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(Throttle::skipped);
  }

  /** An unavailable database skips one cleanup run; the outage is reported by the requests. */
  private static Void skipped(Throwable e) {
    io.quarkus.logging.Log.debugf("throttle window cleanup skipped: %s", e.getMessage());
    return null;
  }
}
