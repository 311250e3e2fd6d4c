package io.customer360.health;

import io.customer360.common.Customer360Config;
import io.customer360.search.SearchStatusService;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * Reports Elasticsearch, which only holds derived indices: yellow or green is {@code search: up};
 * unreachable, red or slow is {@code search: degraded}. The service stays ready either way, since
 * every write and read by id works from PostgreSQL. Uses /_cluster/health: the root path answers
 * 405 on minimal distributions. Bounded by {@code customer360.database.readiness-timeout}. The data
 * also carries the indexer's lag as last measured ({@code indexerLagRows}, {@code
 * indexerLagMillis}): searches follow writes by that much.
 */
@Readiness
@ApplicationScoped
public class SearchReadiness implements AsyncHealthCheck {

  private final RestClient client;
  private final Duration timeout;
  private final SearchStatusService search;

  SearchReadiness(RestClient client, Customer360Config config, SearchStatusService search) {
    this.client = client;
    this.timeout = config.database().readinessTimeout();
    this.search = search;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return health()
        .ifNoItem()
        .after(timeout)
        .fail()
        .map(response -> HealthCheckResponse.named("elasticsearch").up().withData("search", "up"))
        .onFailure()
        .recoverWithItem(SearchReadiness::degraded)
        .map(this::withLag);
  }

  private HealthCheckResponse withLag(HealthCheckResponseBuilder builder) {
    var lag = search.lag();
    return builder
        .withData("indexerLagRows", lag.rows())
        .withData("indexerLagMillis", Math.round(lag.seconds() * 1000))
        .build();
  }

  private Uni<Response> health() {
    Request request = new Request("GET", "/_cluster/health");
    request.addParameter("timeout", "500ms");
    return Uni.createFrom()
        .emitter(
            em ->
                client.performRequestAsync(
                    request,
                    new ResponseListener() {
                      @Override
                      public void onSuccess(Response response) {
                        em.complete(response);
                      }

                      @Override
                      public void onFailure(Exception e) {
                        em.fail(e);
                      }
                    }));
  }

  private static HealthCheckResponseBuilder degraded(Throwable e) {
    return HealthCheckResponse.named("elasticsearch")
        .up()
        .withData("search", "degraded")
        .withData("error", e.getClass().getSimpleName());
  }
}
