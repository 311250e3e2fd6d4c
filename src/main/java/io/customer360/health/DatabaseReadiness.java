package io.customer360.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when PostgreSQL, the system of record, answers. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

  private final Pool pool;

  DatabaseReadiness(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pool.query("select 1")
        .execute()
        .ifNoItem()
        .after(Duration.ofSeconds(3))
        .fail()
        .map(rows -> HealthCheckResponse.up("postgresql"))
        .onFailure()
        .recoverWithItem(
            e ->
                HealthCheckResponse.named("postgresql")
                    .down()
                    .withData("error", e.getClass().getSimpleName())
                    .build());
  }
}
