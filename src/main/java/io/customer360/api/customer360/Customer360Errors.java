package io.customer360.api.customer360;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.DatabaseOutage;
import io.customer360.common.FieldError;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * The one exception mapping of the Customer 360 dialect (DESIGN.md §8): every failure becomes the
 * seed's envelope with {@code data: null}, the HTTP status repeated in {@code status} and a message
 * in the language of the path's {@code {locale}} (English when the locale itself is unsupported).
 * Nothing of the native API's error body appears here. 401 carries {@code WWW-Authenticate}, 429
 * and 503 keep {@code Retry-After}; a 500 shows only a reference that is also in the ERROR log. The
 * dialect's resources call it from their own {@code @ServerExceptionMapper} methods, so it applies
 * to them only.
 */
@ApplicationScoped
public class Customer360Errors {

  private final int retryAfterSeconds;

  Customer360Errors(Customer360Config config) {
    this.retryAfterSeconds = config.limits().retryAfterSeconds();
  }

  /** The envelope answer to {@code failure} for a request whose path is {@code uri}. */
  public Response response(Throwable failure, UriInfo uri) {
    Customer360Messages m =
        Customer360Locales.messagesOrEnglish(uri.getPathParameters().getFirst("locale"));
    return response(unwrap(failure), m);
  }

  private static Throwable unwrap(Throwable e) {
    if (e instanceof WebApplicationException
            && (e.getCause() instanceof ApiException
                || e.getCause() instanceof JsonProcessingException)
        || e.getCause() instanceof ApiException
        || e.getCause() instanceof Customer360Exception) {
      return e.getCause();
    }
    return e;
  }

  private Response response(Throwable e, Customer360Messages m) {
    if (e instanceof Customer360Exception c) {
      return answer(c.status(), c.message(m), c.retryAfterSeconds());
    }
    if (e instanceof ApiException a) {
      return api(a, m);
    }
    if (e instanceof JsonProcessingException j) {
      return api(ApiException.invalidJson(j), m);
    }
    if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
      return answer(401, m.unauthorized(), null);
    }
    if (e instanceof ForbiddenException) {
      return answer(403, m.forbidden(), null);
    }
    if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
      int status = w.getResponse().getStatus();
      return answer(status, generic(status, m), null);
    }
    if (DatabaseOutage.isUnavailable(e)
        || e.getCause() != null && DatabaseOutage.isUnavailable(e.getCause())) {
      DatabaseOutage.refused(e);
      return answer(503, m.unavailable(), retryAfterSeconds);
    }
    return internal(e, m);
  }

  /** A core refusal: its status, its field and rule (as the core words the rule) in the frame. */
  private Response api(ApiException e, Customer360Messages m) {
    int status = e.status();
    if (status >= 500 && status != 503) {
      return internal(e, m);
    }
    Log.debugf("customer360 client error %d: %s", status, e.getMessage());
    FieldError first = e.errors().isEmpty() ? null : e.errors().get(0);
    String message =
        switch (status) {
          case 400 ->
              first != null
                  ? m.invalidParameter(first.path(), first.message())
                  : m.invalidParameter("request", e.getMessage());
          case 409 ->
              m.conflict(first != null ? first.path() + " " + first.message() : e.getMessage());
          case 422 ->
              m.unprocessable(
                  first != null ? first.path() + " " + first.message() : e.getMessage());
          default -> generic(status, m);
        };
    return answer(status, message, e.retryAfterSeconds());
  }

  /** The message of a status without detail (the HTTP layer's refusals included). */
  static String generic(int status, Customer360Messages m) {
    return switch (status) {
      case 400 -> m.badRequest();
      case 406 -> m.notAcceptable();
      case 414 -> m.uriTooLong();
      case 431 -> m.headersTooLarge();
      case 401 -> m.unauthorized();
      case 403 -> m.forbidden();
      case 404 -> m.notFound();
      case 405 -> m.methodNotAllowed();
      case 413 -> m.payloadTooLarge();
      case 415 -> m.unsupportedMediaType();
      case 429 -> m.tooManyRequests();
      case 503 -> m.unavailable();
      default -> m.invalidParameter("request", String.valueOf(status));
    };
  }

  private static Response internal(Throwable e, Customer360Messages m) {
    String logref = UUID.randomUUID().toString();
    Log.errorf(e, "unexpected error in the Customer 360 API, logref %s", logref);
    return answer(500, m.internal(logref), null);
  }

  private static Response answer(int status, String message, Integer retryAfter) {
    Response.ResponseBuilder r =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Envelope.error(status, message));
    if (status == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    if (retryAfter != null) {
      r.header("Retry-After", retryAfter);
    }
    return r.build();
  }
}
