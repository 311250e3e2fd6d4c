package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * Searches over the aliases {@code {prefix}-customers} and {@code {prefix}-events} through the
 * asynchronous low-level client, as {@link Uni}s; every request is routed by the workspace (the
 * Elasticsearch contract). An index that cannot answer (refused connection, timeout after {@code
 * customer360.search.timeout}, a 5xx or 429, a missing alias) fails with 503 and Retry-After,
 * logged once when it starts and once a minute while it lasts; any other refusal is a bug (500).
 */
@ApplicationScoped
class SearchClient {

  private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
  private static final AtomicReference<Instant> LAST_WARNING = new AtomicReference<>();
  private static final AtomicLong REFUSED = new AtomicLong();

  private final RestClient client;
  private final ObjectMapper json;
  private final String customers;
  private final String events;
  private final Duration timeout;
  private final int retryAfterSeconds;

  SearchClient(RestClient client, Customer360Config config) {
    this.client = client;
    // Elasticsearch's answers are trusted: a plain mapper, without the request-body checks of the
    // application's own (duplicate keys, unsafe text), which cost more than the search itself on
    // large did answers.
    this.json = new ObjectMapper();
    this.customers = config.search().indexPrefix() + "-customers";
    this.events = config.search().indexPrefix() + "-events";
    this.timeout = config.search().timeout();
    this.retryAfterSeconds = config.limits().retryAfterSeconds();
  }

  /** A search of the customer alias within the workspace's routing. */
  Uni<JsonNode> customers(String workspaceId, ObjectNode body) {
    return search(customers, workspaceId, body);
  }

  /**
   * How many customer documents match {@code query} within the workspace's routing ({@code _count}:
   * no collection, no aggregation over the whole index).
   */
  Uni<Long> countCustomers(String workspaceId, ObjectNode query) {
    Request request = new Request("POST", "/" + customers + "/_count");
    request.addParameter("routing", workspaceId);
    ObjectNode body = json.createObjectNode();
    body.set("query", query);
    return send(request, body).map(r -> r.path("count").asLong());
  }

  /**
   * A search of the customer alias within the workspace's routing answering the hits' {@code
   * _source} (as the body's {@code _source} option shapes it) and the total.
   */
  Uni<JsonNode> customerDocuments(String workspaceId, ObjectNode body) {
    return search(customers, workspaceId, body, "hits.total,hits.hits._source");
  }

  /**
   * A search of the customer alias within the workspace's routing answering the total and the
   * aggregations (for {@code size: 0} counts).
   */
  Uni<JsonNode> customerAggregations(String workspaceId, ObjectNode body) {
    return search(customers, workspaceId, body, "hits.total,aggregations");
  }

  /**
   * One customer document by id within the workspace's routing (a real-time GET on the alias, which
   * points at one index): its {@code _source} without the fields listed in {@code sourceExcludes}
   * (comma-separated), or a MissingNode when the index holds no such document. A missing alias is
   * unavailability (503) like for searches.
   */
  Uni<JsonNode> customer(String workspaceId, String id, String sourceExcludes) {
    Request request = new Request("GET", "/" + customers + "/_doc/" + id);
    request.addParameter("routing", workspaceId);
    request.addParameter("_source_excludes", sourceExcludes);
    request.addParameter("filter_path", "found,_source");
    return perform(request)
        .map(r -> read(r).path("_source"))
        .onFailure(this::documentNotFound)
        .recoverWithItem(MissingNode.getInstance())
        .onFailure(e -> !(e instanceof ApiException))
        .transform(this::translate);
  }

  /** A search of the event alias within the workspace's routing. */
  Uni<JsonNode> events(String workspaceId, ObjectNode body) {
    return search(events, workspaceId, body);
  }

  private Uni<JsonNode> search(String index, String routing, ObjectNode body) {
    // only what the readers use: ids and totals, and the did aggregation's keys
    return search(
        index,
        routing,
        body,
        "hits.total,hits.hits._id,aggregations.customers.after_key,"
            + "aggregations.customers.buckets.key");
  }

  private Uni<JsonNode> search(String index, String routing, ObjectNode body, String filterPath) {
    Request request = new Request("POST", "/" + index + "/_search");
    request.addParameter("routing", routing);
    request.addParameter("ignore_unavailable", "false");
    request.addParameter("filter_path", filterPath);
    return send(request, body);
  }

  private Uni<JsonNode> send(Request request, ObjectNode body) {
    request.setJsonEntity(body.toString());
    return perform(request)
        .map(this::read)
        .onFailure(e -> !(e instanceof ApiException))
        .transform(this::translate);
  }

  /** A 404 answering {@code found: false}: the index is there, the document is not. */
  private boolean documentNotFound(Throwable e) {
    if (!(e instanceof ResponseException r)
        || r.getResponse().getStatusLine().getStatusCode() != 404) {
      return false;
    }
    try (InputStream in = r.getResponse().getEntity().getContent()) {
      JsonNode body = json.readTree(in);
      return body.has("found") && !body.path("found").asBoolean();
    } catch (IOException | RuntimeException ex) {
      return false;
    }
  }

  private Uni<Response> perform(Request request) {
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
        .ifNoItem()
        .after(timeout)
        .failWith(() -> new java.util.concurrent.TimeoutException("search took over " + timeout));
  }

  private JsonNode read(Response response) {
    try (InputStream in = response.getEntity().getContent()) {
      return json.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable search response", e);
    }
  }

  private Throwable translate(Throwable e) {
    if (e instanceof ResponseException r) {
      int status = r.getResponse().getStatusLine().getStatusCode();
      if (status == 400) {
        // The parser checks every rule it knows; a query Elasticsearch still refuses (a limit of
        // the engine) is the request's fault, never a 5xx (issue 13, fault 4).
        String reason = reason(r);
        io.quarkus.logging.Log.infof("Elasticsearch refused a search: %s", reason);
        return ApiException.badRequest("query", "cannot be run by the search engine: " + reason);
      }
      if (status != 404 && status != 429 && status < 500) {
        return new IllegalStateException("Elasticsearch refused a search: " + status, e);
      }
    }
    refused(e);
    return ApiException.unavailable(retryAfterSeconds);
  }

  /** The root cause's reason of an Elasticsearch error answer, at most 200 characters. */
  private String reason(ResponseException r) {
    try (InputStream in = r.getResponse().getEntity().getContent()) {
      JsonNode error = json.readTree(in).path("error");
      JsonNode root = error.path("root_cause").path(0);
      String reason = root.path("reason").asText(error.path("reason").asText("refused"));
      return reason.length() > 200 ? reason.substring(0, 200) : reason;
    } catch (IOException | RuntimeException ex) {
      return "refused";
    }
  }

  private static void refused(Throwable cause) {
    long count = REFUSED.incrementAndGet();
    Instant now = Instant.now();
    Instant last = LAST_WARNING.get();
    if ((last == null || last.plus(SUMMARY_EVERY).isBefore(now))
        && LAST_WARNING.compareAndSet(last, now)) {
      Log.warnf(
          "Elasticsearch cannot serve searches, answering 503 (%d refused so far): %s: %s",
          count, cause.getClass().getSimpleName(), cause.getMessage());
    }
  }
}
