package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * The low-level Elasticsearch client as {@link Uni}: one request, its status and its JSON body. An
 * answer with an error status is an {@link Answer} too (the caller decides); only a transport
 * failure (unreachable, timed out) fails the {@code Uni}.
 */
@ApplicationScoped
public class Elastic {

  /** An Elasticsearch answer: the HTTP status and the parsed body (NullNode when empty). */
  public record Answer(int status, JsonNode body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The error reason of a failed answer, for logs. */
    public String reason() {
      JsonNode error = body.path("error");
      String reason = error.path("reason").asText(null);
      return "HTTP "
          + status
          + (reason != null ? ": " + reason : error.isTextual() ? ": " + error.asText() : "");
    }
  }

  private final RestClient client;
  private final ObjectMapper mapper;

  Elastic(RestClient client, ObjectMapper mapper) {
    this.client = client;
    this.mapper = mapper;
  }

  /**
   * Sends a request. {@code body} is JSON (or NDJSON for {@code _bulk}), null for none; {@code
   * params} become query parameters.
   */
  public Uni<Answer> send(String method, String path, String body, Map<String, String> params) {
    Request request = new Request(method, path);
    if (params != null) {
      params.forEach(request::addParameter);
    }
    if (body != null) {
      request.setJsonEntity(body);
    }
    return Uni.createFrom()
        .emitter(
            em ->
                client.performRequestAsync(
                    request,
                    new ResponseListener() {
                      @Override
                      public void onSuccess(Response response) {
                        complete(response, em);
                      }

                      @Override
                      public void onFailure(Exception e) {
                        if (e instanceof ResponseException re) {
                          complete(re.getResponse(), em);
                        } else {
                          em.fail(e);
                        }
                      }
                    }));
  }

  /** Sends a request without query parameters. */
  public Uni<Answer> send(String method, String path, String body) {
    return send(method, path, body, null);
  }

  private void complete(
      Response response, io.smallrye.mutiny.subscription.UniEmitter<? super Answer> em) {
    try {
      String text =
          response.getEntity() == null ? null : EntityUtils.toString(response.getEntity());
      JsonNode json =
          text == null || text.isBlank() ? NullNode.getInstance() : mapper.readTree(text);
      em.complete(new Answer(response.getStatusLine().getStatusCode(), json));
    } catch (IOException | RuntimeException e) {
      em.fail(e);
    }
  }
}
