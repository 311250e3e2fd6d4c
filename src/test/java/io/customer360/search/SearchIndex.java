package io.customer360.search;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the search indices straight from Elasticsearch (not through the application, which may be
 * looking at a forwarder), always routed and filtered by workspace as the contract says.
 */
final class SearchIndex {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String ES =
      "http://" + System.getenv().getOrDefault("C360_ES_HOSTS", "127.0.0.1:9200").split(",")[0];

  private SearchIndex() {}

  static String prefix() {
    return ConfigProvider.getConfig().getValue("customer360.search.index-prefix", String.class);
  }

  static String customers() {
    return prefix() + "-customers";
  }

  static String events() {
    return prefix() + "-events";
  }

  /** GET /{index}/_doc/{id} with routing: the document's source, or null when absent. */
  static JsonNode get(String index, String id, String workspaceId) {
    JsonNode answer = call("GET", "/" + index + "/_doc/" + id + "?routing=" + workspaceId, null);
    return answer.path("found").asBoolean(false) ? answer.path("_source") : null;
  }

  /** A search of the workspace's documents matching {@code query} (a query clause, or null). */
  static JsonNode search(String index, String workspaceId, String query) {
    String filter = "{\"term\":{\"workspaceId\":\"" + workspaceId + "\"}}";
    String must = query == null ? "" : ",\"must\":[" + query + "]";
    String body =
        "{\"size\":1000,\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":["
            + filter
            + "]"
            + must
            + "}}}";
    return call("POST", "/" + index + "/_search?routing=" + workspaceId, body);
  }

  /** How many of the workspace's documents match (searchable, i.e. refreshed). */
  static long count(String index, String workspaceId, String query) {
    return search(index, workspaceId, query).path("hits").path("total").path("value").asLong();
  }

  /** The concrete index behind an alias. */
  static String concrete(String alias) {
    return call("GET", "/_alias/" + alias, null).fieldNames().next();
  }

  static JsonNode call(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(ES + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code condition} holds, failing with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, Supplier<Boolean> condition) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (Boolean.TRUE.equals(condition.get())) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    fail("timed out waiting until " + what);
  }
}
