package io.customer360.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to the Contacthub error envelope. Client errors name the field and the rule; a
 * 500 shows only an error id (logref) that is also in the ERROR log.
 */
public class ErrorMappers {

  @Inject Customer360Config config;

  @Inject jakarta.enterprise.inject.Instance<PathErrors> dialects;

  @ServerExceptionMapper
  public Response api(ApiException e) {
    if (e instanceof MovedException m) {
      return moved(m);
    }
    if (e.status() >= 500 && e.status() != 503) {
      return internal(e);
    }
    Log.debugf("client error %d: %s", e.status(), e.getMessage());
    Response.ResponseBuilder r = json(e.status(), ErrorBody.of(e.getMessage(), e.errors()));
    if (e.status() == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    if (e.retryAfterSeconds() != null) {
      r.header("Retry-After", e.retryAfterSeconds());
    }
    return r.build();
  }

  /** A moved resource (e.g. a merged-away customer) points at its new location. */
  @ServerExceptionMapper
  public Response moved(MovedException e) {
    return json(301, new ErrorBody(e.getMessage(), null, List.of(), e.data()))
        .header("Location", e.location())
        .build();
  }

  /**
   * PostgreSQL errors: an unavailable database answers 503 with Retry-After (logged once per
   * outage); a data exception (SQLSTATE class 22: a value the database cannot take) comes from
   * input and answers 400; anything else is a 500.
   */
  @ServerExceptionMapper
  public Response database(PgException e) {
    if (DatabaseOutage.isUnavailable(e)) {
      return unavailable(e);
    }
    if (e.getSqlState() != null && e.getSqlState().startsWith("22")) {
      Log.warnf("refused a value the database cannot store: SQLSTATE %s", e.getSqlState());
      return api(
          ApiException.badRequest(
              "body",
              "contains a value the database cannot store (SQLSTATE " + e.getSqlState() + ")"));
    }
    return internal(e);
  }

  @ServerExceptionMapper
  public Response violations(ConstraintViolationException e) {
    List<FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new FieldError(fieldPath(v), rule(v)))
            .sorted((a, b) -> a.path().compareTo(b.path()))
            .toList();
    return api(ApiException.badRequest(errors));
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    if (e instanceof InvalidFormatException f
        && f.getTargetType() == UUID.class
        && Ids.isNodeField(jsonPath(f.getPath()))) {
      // A malformed node id in a body answers like an unknown node (spec §5).
      return api(ApiException.nodeNotFound(f.getValue()));
    }
    return api(ApiException.badRequest(List.of(jsonError(e))));
  }

  /** Declared for the subtype too, so it wins over the framework's own mapper for it. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return json(e);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return json(401, ErrorBody.of(ApiException.UNAUTHORIZED_MESSAGE, List.of()))
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    return unauthorized(new UnauthorizedException());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return json(403, ErrorBody.of("Forbidden: the caller's role does not allow this", List.of()))
        .build();
  }

  /**
   * The framework's own refusals (no route 404, wrong method 405, {@code Accept} 406, 415); under a
   * dialect's path ({@link PathErrors}) in that dialect's body.
   */
  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpServerRequest request) {
    if (e.getCause() instanceof ApiException api) {
      return api(api);
    }
    if (e.getCause() instanceof JsonProcessingException j) {
      return json(j);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return internal(e);
    }
    PathErrors.Answer dialect = dialect(dialects, request.method().name(), request.path(), status);
    if (dialect != null) {
      return json(dialect.status(), dialect.body()).build();
    }
    String message =
        switch (status) {
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          case 406 -> "Not acceptable";
          case 415 -> "Unsupported media type: send application/json";
          default -> e.getMessage();
        };
    return json(status, ErrorBody.of(message, List.of())).build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    if (e.getCause() instanceof ApiException api) {
      return api(api);
    }
    if (e.getCause() instanceof PgException pg) {
      return database(pg);
    }
    if (DatabaseOutage.isUnavailable(e)) {
      return unavailable(e);
    }
    return internal(e);
  }

  private Response unavailable(Throwable e) {
    DatabaseOutage.refused(e);
    return api(ApiException.unavailable(config.limits().retryAfterSeconds()));
  }

  private Response internal(Throwable e) {
    String logref = UUID.randomUUID().toString();
    Log.errorf(e, "unexpected error, logref %s", logref);
    return json(500, new ErrorBody("Internal server error", logref, List.of(), null)).build();
  }

  /** The first dialect's answer for the path, or null (the native body then). */
  static PathErrors.Answer dialect(
      Iterable<PathErrors> dialects, String method, String path, int status) {
    if (path == null) {
      return null;
    }
    for (PathErrors d : dialects) {
      PathErrors.Answer a = d.answer(method, path, status);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static Response.ResponseBuilder json(int status, Object body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
  }

  static FieldError jsonError(JsonProcessingException e) {
    if (e instanceof StrictJson.RefusedValueException r) {
      String base = jsonPath(r.getPath());
      String sub = r.subPath();
      String path =
          "body".equals(base) && !sub.isEmpty()
              ? (sub.startsWith(".") ? sub.substring(1) : sub)
              : base + sub;
      return new FieldError(path, r.rule());
    }
    if (e.getMessage() != null && e.getMessage().contains("Trailing token")) {
      return new FieldError("body", "must hold one JSON document and nothing after it");
    }
    if (e.getMessage() != null && e.getMessage().startsWith(DUPLICATE)) {
      String at = parserPath(e);
      return new FieldError(at == null ? duplicateName(e.getMessage()) : at, DUPLICATE_RULE);
    }
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      String at =
          e instanceof com.fasterxml.jackson.core.exc.InputCoercionException ? parserPath(e) : null;
      if (at != null) {
        return new FieldError(at, "is out of range for this field");
      }
      String rule =
          e instanceof MismatchedInputException ? "must be a JSON object" : "must be valid JSON";
      return new FieldError("body", rule);
    }
    String path = jsonPath(m.getPath());
    if (e instanceof UnrecognizedPropertyException) {
      return new FieldError(path, "is not a known property");
    }
    if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
      Class<?> target = f.getTargetType();
      if (target.isEnum()) {
        String allowed =
            Arrays.stream(target.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", "));
        return new FieldError(path, "must be one of [" + allowed + "]");
      }
      return new FieldError(path, "must be " + typeName(target));
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return new FieldError(path, v.getCause().getMessage());
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      return new FieldError(path, "must be " + typeName(mi.getTargetType()));
    }
    return new FieldError(path, "is malformed");
  }

  private static final String DUPLICATE = "Duplicate field '";

  static final String DUPLICATE_RULE = "must not appear more than once in an object";

  /** The name in Jackson's "Duplicate field 'name'" message. */
  private static String duplicateName(String message) {
    int end = message.indexOf('\'', DUPLICATE.length());
    return end < 0 ? "body" : message.substring(DUPLICATE.length(), end);
  }

  /**
   * The field the parser stood on when a low-level error (e.g. an integer beyond 64 bits) stopped
   * it; null when it was not inside a field.
   */
  static String parserPath(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    List<String> parts = new java.util.ArrayList<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.add(0, "." + c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0) {
        parts.add(0, "[" + c.getCurrentIndex() + "]");
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static String typeName(Class<?> type) {
    if (type == UUID.class) {
      return "a UUID";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type.getName().startsWith("java.time")) {
      return "an ISO-8601 date-time";
    }
    return "an object";
  }

  static String jsonPath(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.isEmpty() ? "body" : b.toString();
  }

  /** A missing body (empty or {@code null}) reads "body is required" (issue 13, fault 10). */
  static String rule(ConstraintViolation<?> v) {
    boolean notNull =
        v.getConstraintDescriptor() != null
            && v.getConstraintDescriptor().getAnnotation()
                instanceof jakarta.validation.constraints.NotNull;
    return notNull && "body".equals(fieldPath(v)) ? "is required" : v.getMessage();
  }

  /** "createWorkspace.body.name" becomes "name"; a query parameter keeps its own name. */
  static String fieldPath(ConstraintViolation<?> v) {
    StringBuilder b = new StringBuilder();
    String parameter = null;
    for (Path.Node n : v.getPropertyPath()) {
      switch (n.getKind()) {
        case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {}
        case PARAMETER -> parameter = n.getName();
        default -> {
          if (n.getIndex() != null) {
            b.append('[').append(n.getIndex()).append(']');
          }
          if (n.getName() != null) {
            if (!b.isEmpty()) {
              b.append('.');
            }
            b.append(n.getName());
          }
        }
      }
    }
    if (!b.isEmpty()) {
      return b.toString();
    }
    return parameter == null || parameter.startsWith("arg") ? "body" : parameter;
  }
}
