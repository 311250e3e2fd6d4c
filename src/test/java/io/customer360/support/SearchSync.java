package io.customer360.support;

import static io.customer360.support.Api.HUB;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Waits until every committed write is searchable: polls the indexer's status (GET
 * /hub/v1/search/status as admin) until {@code lagRows} is 0, then refreshes the test indices so
 * the documents just written are visible at once (instead of after the refresh interval).
 */
public final class SearchSync {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private SearchSync() {}

  /**
   * Blocks until the indexer has caught up (at most 3 minutes: the horizon waits for the oldest
   * transaction of the whole PostgreSQL cluster, which a shared test server may hold).
   */
  public static void awaitIndexed() {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      var status = Api.asAdmin().get(HUB + "/search/status");
      if (status.statusCode() == 200
          && status.jsonPath().getLong("lagRows") == 0
          && status.jsonPath().getLong("indexedOffset") >= 0) {
        refresh();
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the indexer did not catch up: " + status.asString());
      }
      sleep(50);
    }
  }

  /** Refreshes the customer and event aliases of the test index prefix. */
  public static void refresh() {
    String prefix =
        ConfigProvider.getConfig().getValue("customer360.search.index-prefix", String.class);
    String hosts = ConfigProvider.getConfig().getValue("quarkus.elasticsearch.hosts", String.class);
    String host = hosts.split(",")[0].trim();
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + host
                              + "/"
                              + prefix
                              + "-customers,"
                              + prefix
                              + "-events/_refresh?ignore_unavailable=true"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError("refresh failed: " + r.statusCode() + " " + r.body());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
