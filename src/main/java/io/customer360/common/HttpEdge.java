package io.customer360.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers what the HTTP layer refuses before any resource runs (too long a URI, too large a body,
 * an unsupported media type, a malformed request) with the normal JSON error body (issue 13, fault
 * 23), and refuses a declared non-JSON request body with 415 everywhere. The URI limit is {@code
 * customer360.limits.max-uri-length}; the transport's own line limit ({@code
 * quarkus.http.limits.max-initial-line-length}) is set well above it so this check answers.
 */
@ApplicationScoped
public class HttpEdge {

  private final Customer360Config config;
  private final long maxBodyBytes;
  private final Instance<PathErrors> dialects;

  HttpEdge(
      Customer360Config config,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
      Instance<PathErrors> dialects) {
    this.config = config;
    this.dialects = dialects;
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
    if (!jsonOrUntyped(ctx)) {
      write(
          ctx,
          415,
          ErrorBody.of(
              "Unsupported media type: send application/json",
              List.of(new FieldError("Content-Type", "must be application/json"))));
      return;
    }
    ctx.next();
  }

  /**
   * One rule for request bodies on every endpoint: a body of POST, PUT or PATCH is JSON, in every
   * dialect (only Quarkus' own {@code /q/} endpoints are left alone). {@code application/json}
   * (with any parameter, e.g. {@code charset=UTF-8}) and {@code application/*+json} are accepted; a
   * missing Content-Type is read as JSON, because the Contacthub clients and plain HTTP tools do
   * not always send one (the seed documents JSON bodies only); any other declared type answers 415
   * with the normal error body, except the multipart upload of a bulk job ({@link #isUpload}).
   */
  private static boolean jsonOrUntyped(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (!(HttpMethod.POST.equals(method)
            || HttpMethod.PUT.equals(method)
            || HttpMethod.PATCH.equals(method))
        || ctx.request().path().startsWith("/q/")) {
      return true;
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || type.isBlank()) {
      ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
      return true;
    }
    return isJson(type) || isUpload(method, ctx.request().path(), type);
  }

  /**
   * The one exception: a bulk-job upload (spec B2, {@code POST …/nodes/{nodeId}/bulk-jobs}) is
   * {@code multipart/form-data}.
   */
  static boolean isUpload(HttpMethod method, String path, String contentType) {
    return HttpMethod.POST.equals(method)
        && (path.endsWith("/bulk-jobs") || path.endsWith("/bulk-jobs/"))
        && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
  }

  /** {@code application/json} or {@code application/*+json}, parameters (charset) ignored. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String bare =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(java.util.Locale.ROOT);
    return bare.equals("application/json")
        || bare.startsWith("application/") && bare.endsWith("+json");
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

  /** The native body, or the dialect's for a path of a dialect ({@link PathErrors}). */
  private void write(RoutingContext ctx, int status, ErrorBody body) {
    String path;
    try {
      path = ctx.request().path();
    } catch (RuntimeException e) {
      path = null;
    }
    PathErrors.Answer dialect =
        ErrorMappers.dialect(dialects, ctx.request().method().name(), path, status);
    ctx.response()
        .setStatusCode(dialect == null ? status : dialect.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(Json.encode(dialect == null ? body : dialect.body()));
  }
}
