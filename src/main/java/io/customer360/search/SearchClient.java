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
import java.util.ArrayList;
import java.util.List;
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
 * Several searches go together as one {@code _msearch}, whose answer carries one result or error
 * per search; an error of any of them fails the whole request the same way.
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
   * The exact number of customer documents matching each of {@code queries}, in their order, in one
   * {@code _msearch} within the workspace's routing (each a search with {@code size: 0} and {@code
   * track_total_hits: true}: no hits collected). An empty list sends nothing.
   */
  Uni<List<Long>> countCustomers(String workspaceId, List<ObjectNode> queries) {
    List<ObjectNode> bodies = new ArrayList<>(queries.size());
    for (ObjectNode query : queries) {
      ObjectNode body = json.createObjectNode();
      body.put("size", 0);
      body.put("track_total_hits", true);
      body.set("query", query);
      bodies.add(body);
    }
    return multiSearch(customers, workspaceId, bodies, "responses.hits.total.value")
        .map(
            answers ->
                answers.stream()
                    .map(a -> a.path("hits").path("total").path("value").asLong())
                    .toList());
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
    return exchange(request)
        .map(r -> read(r).path("_source"))
        .onFailure(this::documentNotFound)
        .recoverWithItem(MissingNode.getInstance())
        .onFailure(e -> !(e instanceof ApiException))
        .transform(this::translate);
  }

  /**
   * A search of the event alias within the workspace's routing answering the total and the
   * aggregations (for {@code size: 0} statistics).
   */
  Uni<JsonNode> eventAggregations(String workspaceId, ObjectNode body) {
    return search(events, workspaceId, body, "hits.total,aggregations");
  }

  /** A search of the event alias within the workspace's routing. */
  Uni<JsonNode> events(String workspaceId, ObjectNode body) {
    return search(events, workspaceId, body);
  }

  /**
   * Several searches of the event alias in one {@code _msearch} within the workspace's routing; the
   * answers in the order of {@code bodies} (hits' ids, totals and the did aggregation's keys). An
   * empty list sends nothing.
   */
  Uni<List<JsonNode>> events(String workspaceId, List<ObjectNode> bodies) {
    return multiSearch(
        events,
        workspaceId,
        bodies,
        "responses.hits.total,responses.hits.hits._id,responses.aggregations.customers.after_key,"
            + "responses.aggregations.customers.buckets.key");
  }

  /**
   * One {@code _msearch} of {@code bodies} over {@code index}, each routed by {@code routing}; the
   * answers in order, {@code filterPath} naming what to keep of each answer (under {@code
   * responses}). A search that failed fails the whole: 400 when Elasticsearch refused the query,
   * 503 with Retry-After when the index could not answer (missing alias, 429, 5xx).
   */
  private Uni<List<JsonNode>> multiSearch(
      String index, String routing, List<ObjectNode> bodies, String filterPath) {
    if (bodies.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    Request request = new Request("POST", "/" + index + "/_msearch");
    request.addParameter(
        "filter_path",
        filterPath
            + ",responses.status,responses.error.reason,"
            + "responses.error.root_cause.reason");
    ObjectNode header = json.createObjectNode();
    header.put("routing", routing);
    header.put("ignore_unavailable", false);
    String head = header.toString();
    StringBuilder ndjson = new StringBuilder();
    for (ObjectNode body : bodies) {
      ndjson.append(head).append('\n').append(body.toString()).append('\n');
    }
    // NDJSON, sent as JSON like the indexer's _bulk (Elasticsearch reads both types)
    request.setJsonEntity(ndjson.toString());
    return perform(request).map(response -> answers(response, bodies.size()));
  }

  /** The per-search answers of an {@code _msearch}, each checked like a whole answer. */
  private List<JsonNode> answers(JsonNode response, int expected) {
    JsonNode items = response.path("responses");
    if (items.size() != expected) {
      throw new IllegalStateException(
          "Elasticsearch answered " + items.size() + " of " + expected + " searches");
    }
    List<JsonNode> out = new ArrayList<>(expected);
    for (JsonNode item : items) {
      int status = item.path("status").asInt(200);
      if (status != 200 || item.has("error")) {
        throw refusal(status, reason(item.path("error")), null);
      }
      out.add(item);
    }
    return out;
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
    return perform(request);
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

  /** The answer read as JSON; failures translated (400, 503 with Retry-After, else 500). */
  private Uni<JsonNode> perform(Request request) {
    return exchange(request)
        .map(this::read)
        .onFailure(e -> !(e instanceof ApiException))
        .transform(this::translate);
  }

  /** The raw exchange, bounded by the search timeout. */
  private Uni<Response> exchange(Request request) {
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
      return refusal(status, status == 400 ? reason(r) : null, e);
    }
    refused(e);
    return ApiException.unavailable(retryAfterSeconds);
  }

  /**
   * An error answer of Elasticsearch (a whole request's or one search's of an {@code _msearch}):
   * 400 when it refused the query, 503 with Retry-After when the index could not answer (404: no
   * alias, 429, 5xx), else a bug (500).
   */
  private RuntimeException refusal(int status, String reason, Throwable cause) {
    if (status == 400) {
      // The parser checks every rule it knows; a query Elasticsearch still refuses (a limit of
      // the engine) is the request's fault, never a 5xx (issue 13, fault 4).
      Log.infof("Elasticsearch refused a search: %s", reason);
      return ApiException.badRequest("query", "cannot be run by the search engine: " + reason);
    }
    if (status != 404 && status != 429 && status < 500) {
      return new IllegalStateException("Elasticsearch refused a search: " + status, cause);
    }
    refused(
        cause != null
            ? cause
            : new IllegalStateException("a search answered " + status + ": " + reason));
    return ApiException.unavailable(retryAfterSeconds);
  }

  /** The root cause's reason of an Elasticsearch error answer, at most 200 characters. */
  private String reason(ResponseException r) {
    try (InputStream in = r.getResponse().getEntity().getContent()) {
      return reason(json.readTree(in).path("error"));
    } catch (IOException | RuntimeException ex) {
      return "refused";
    }
  }

  /** The root cause's reason of an {@code error} object, at most 200 characters. */
  private static String reason(JsonNode error) {
    JsonNode root = error.path("root_cause").path(0);
    String reason = root.path("reason").asText(error.path("reason").asText("refused"));
    return reason.length() > 200 ? reason.substring(0, 200) : reason;
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
