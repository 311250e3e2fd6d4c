package io.customer360.health;

import io.customer360.common.Customer360Config;
import io.customer360.common.DatabaseOutage;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when PostgreSQL, the system of record, answers {@code select 1} within {@code
 * customer360.database.readiness-timeout} (800 ms): a stalled server makes the probe answer DOWN
 * within a second, not hang (issue 13, fault 3). A success ends a logged outage.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

  private final Pool pool;
  private final Duration timeout;

  DatabaseReadiness(Pool pool, Customer360Config config) {
    this.pool = pool;
    this.timeout = config.database().readinessTimeout();
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pool.query("select 1")
        .execute()
        .ifNoItem()
        .after(timeout)
        .fail()
        .map(rows -> up())
        .onFailure()
        .recoverWithItem(DatabaseReadiness::down);
  }

  private static HealthCheckResponse up() {
    DatabaseOutage.recovered();
    return HealthCheckResponse.up("postgresql");
  }

  private static HealthCheckResponse down(Throwable e) {
    return HealthCheckResponse.named("postgresql")
        .down()
        .withData("error", e.getClass().getSimpleName())
        .build();
  }
}
