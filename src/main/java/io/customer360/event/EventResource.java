package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.Ids;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.EventRequests.BatchResponse;
import io.customer360.event.EventRequests.CreatedEvent;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.event.EventService.SearchQuery;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Events of a workspace. Bodies are read raw so that the payload limit applies to the bytes the
 * caller sent and every validation error can name its JSON path.
 */
@Path("/hub/v1/workspaces/{workspaceId}/events")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class EventResource {

  private final EventService events;
  private final Tenant tenant;
  private final Db db;

  EventResource(EventService events, Tenant tenant, Db db) {
    this.events = events;
    this.tenant = tenant;
    this.db = db;
  }

  @POST
  public Uni<RestResponse<CreatedEvent>> create(
      @PathParam("workspaceId") String workspaceId, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return events
        .create(tenant, json, body.length)
        .map(id -> RestResponse.status(RestResponse.Status.ACCEPTED, new CreatedEvent(id)));
  }

  /** Up to 1,000 events, as {@code {"events": [...]}} or a plain array; 207 when some fail. */
  @POST
  @Path("/batch")
  public Uni<RestResponse<BatchResponse>> createBatch(
      @PathParam("workspaceId") String workspaceId, byte[] body) {
    JsonNode json = parse(body, Integer.MAX_VALUE);
    JsonNode list = json.isArray() ? json : json.path("events");
    if (!list.isArray()) {
      throw ApiException.badRequest("events", "must be an array of events");
    }
    if (list.size() > EventService.MAX_BATCH) {
      throw ApiException.badRequest(
          "events", "must hold at most " + EventService.MAX_BATCH + " events");
    }
    List<JsonNode> items = new ArrayList<>(list.size());
    List<Integer> sizes = new ArrayList<>(list.size());
    for (JsonNode item : list) {
      items.add(item);
      sizes.add(db.json(item).getBytes(StandardCharsets.UTF_8).length);
    }
    return events
        .createBatch(tenant, items, sizes)
        .map(
            r ->
                RestResponse.ResponseBuilder.<BatchResponse>create(r.rejected() == 0 ? 200 : 207)
                    .entity(r)
                    .build());
  }

  @GET
  public Uni<Paged<EventResponse>> search(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("customerId") String customerId,
      @QueryParam("nodeId") String nodeId,
      @QueryParam("type") String type,
      @QueryParam("context") String context,
      @QueryParam("mode") String mode,
      @QueryParam("dateFrom") String dateFrom,
      @QueryParam("dateTo") String dateTo,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    PageRequest request = PageRequest.search(page, size, 10_000, 100);
    SearchQuery q =
        new SearchQuery(
            customerId == null ? null : Ids.uuid("customerId", customerId),
            nodeId == null ? null : Ids.uuid("nodeId", nodeId),
            list(type, "type", EventType::parse, EventType.values()),
            list(context, "context", EventValidator::parseContext, EventContext.values()),
            mode == null ? null : mode(mode),
            date(dateFrom, "dateFrom"),
            date(dateTo, "dateTo"));
    return events.search(tenant, q, request);
  }

  @GET
  @Path("/{id}")
  public Uni<EventResponse> find(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("id") UUID id,
      @QueryParam("nav") String nav) {
    return events.find(tenant, id, nav);
  }

  @PUT
  @Path("/{id}")
  public Uni<RestResponse<EventResponse>> replace(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return events
        .replace(tenant, id, json, body.length)
        .map(e -> RestResponse.status(RestResponse.Status.ACCEPTED, e));
  }

  @PATCH
  @Path("/{id}")
  public Uni<RestResponse<EventResponse>> patch(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return events
        .patch(tenant, id, json)
        .map(e -> RestResponse.status(RestResponse.Status.ACCEPTED, e));
  }

  @DELETE
  @Path("/{id}")
  public Uni<RestResponse<Void>> delete(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id) {
    return events.delete(tenant, id).map(v -> RestResponse.noContent());
  }

  private JsonNode parse(byte[] body, int limit) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("body", "must not be empty");
    }
    if (body.length > limit) {
      throw ApiException.payloadTooLarge(limit);
    }
    try {
      return db.mapper().readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalidJson(e);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "must be valid JSON");
    }
  }

  private static <T> List<T> list(
      String raw, String param, java.util.function.Function<String, T> parse, Object[] values) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<T> out = new ArrayList<>();
    for (String v : raw.split(",")) {
      T parsed = parse.apply(v.trim());
      if (parsed == null) {
        throw ApiException.badRequest(param, "must be one of " + java.util.Arrays.toString(values));
      }
      out.add(parsed);
    }
    return out;
  }

  private static EventMode mode(String raw) {
    try {
      return EventMode.valueOf(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("mode", "must be one of [ACTIVE, PASSIVE]");
    }
  }

  private static OffsetDateTime date(String raw, String param) {
    if (raw == null) {
      return null;
    }
    List<FieldError> errors = new ArrayList<>();
    OffsetDateTime d =
        EventValidator.parseDate(
            new com.fasterxml.jackson.databind.node.TextNode(raw), param, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return d;
  }
}
