package io.customer360.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers what the HTTP layer refuses before any resource runs (too long a URI, too large a body,
 * an unsupported media type, a malformed request) with the normal JSON error body (issue 13, fault
 * 23). The URI limit is {@code customer360.limits.max-uri-length}; the transport's own line limit
 * ({@code quarkus.http.limits.max-initial-line-length}) is set well above it so this check answers.
 */
@ApplicationScoped
public class HttpEdge {

  private final Customer360Config config;
  private final long maxBodyBytes;

  HttpEdge(
      Customer360Config config,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
    this.config = config;
    this.maxBodyBytes = maxBody.asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::limitUri);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
  }

  private void limitUri(RoutingContext ctx) {
    int max = config.limits().maxUriLength();
    if (ctx.request().uri().length() > max) {
      write(
          ctx,
          414,
          ErrorBody.of(
              "URI too long",
              List.of(new FieldError("uri", "must not exceed " + max + " characters"))));
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLarge(length)) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      write(
          ctx,
          413,
          ErrorBody.of(
              "Payload too large",
              List.of(new FieldError("body", "must not exceed " + maxBodyBytes + " bytes"))));
      return;
    }
    ctx.next();
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (ctx.response().headWritten() || ctx.failure() != null && status < 400) {
      ctx.next();
      return;
    }
    String message =
        switch (status) {
          case 400 -> "Bad request";
          case 413 -> "Payload too large";
          case 414 -> "URI too long";
          case 415 -> "Unsupported media type: send application/json";
          case 431 -> "Request header fields too large";
          default -> null;
        };
    if (message == null) {
      ctx.next();
      return;
    }
    write(ctx, status, ErrorBody.of(message, List.of()));
  }

  private static void write(RoutingContext ctx, int status, ErrorBody body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(Json.encode(body));
  }
}
