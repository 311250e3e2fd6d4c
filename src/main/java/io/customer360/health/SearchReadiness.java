package io.customer360.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * Ready only when Elasticsearch reports yellow or green. Uses /_cluster/health: the root path
 * answers 405 on minimal distributions.
 */
@Readiness
@ApplicationScoped
public class SearchReadiness implements AsyncHealthCheck {

  private final RestClient client;

  SearchReadiness(RestClient client) {
    this.client = client;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    Request request = new Request("GET", "/_cluster/health");
    request.addParameter("timeout", "2s");
    return Uni.createFrom()
        .<Response>emitter(
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
                    }))
        .map(response -> HealthCheckResponse.up("elasticsearch"))
        .onFailure()
        .recoverWithItem(
            e ->
                HealthCheckResponse.named("elasticsearch")
                    .down()
                    .withData("error", e.getClass().getSimpleName())
                    .build());
  }
}
