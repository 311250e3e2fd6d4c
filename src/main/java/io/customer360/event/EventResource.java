package io.customer360.event;

import static io.customer360.event.EventApiDocs.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.Ids;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.event.EventIngestService.ItemOutcome;
import io.customer360.event.EventRejection.Kind;
import io.customer360.event.EventRequests.BatchItemResult;
import io.customer360.event.EventRequests.BatchRequest;
import io.customer360.event.EventRequests.BatchResponse;
import io.customer360.event.EventRequests.CreatedEvent;
import io.customer360.event.EventRequests.EventRequest;
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
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Events of a workspace. Bodies are read raw so that the payload limit applies to the bytes the
 * caller sent and every validation error can name its JSON path.
 */
@Path("/hub/v1/workspaces/{workspaceId}/events")
@Tag(
    name = "Events",
    description =
        "Events of a workspace's customers (spec EV1-EV5): ingest, search, read, change, delete")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class EventResource {

  private final EventIngestService ingest;
  private final EventService events;
  private final Tenant tenant;
  private final Db db;

  /** Most matches a search reaches ({@code customer360.limits.search-cap}, spec EV1). */
  private final int searchCap;

  EventResource(
      EventIngestService ingest,
      EventService events,
      Tenant tenant,
      Db db,
      Customer360Config config) {
    this.ingest = ingest;
    this.events = events;
    this.tenant = tenant;
    this.db = db;
    this.searchCap = config.limits().searchCap();
  }

  /** EV2: 202 with the new event's id. */
  @POST
  @Operation(operationId = "createEvent", summary = "Ingest one event (EV2)")
  @RequestBody(
      required = true,
      description = "The event",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventRequest.class)))
  @APIResponse(
      responseCode = "202",
      description = "Accepted and stored; the new event's id",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CreatedEvent.class)))
  @APIResponse(responseCode = "404", description = CUSTOMER_NOT_FOUND)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  @APIResponse(responseCode = "422", description = UNPROCESSABLE)
  public Uni<RestResponse<CreatedEvent>> create(
      @PathParam("workspaceId") String workspaceId, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return answer(() -> ingest.create(tenant, json, body.length))
        .map(id -> RestResponse.status(RestResponse.Status.ACCEPTED, new CreatedEvent(id)));
  }

  /**
   * Up to 1,000 events, as {@code {"events": [...]}} (no other key) or a plain array; 200 when
   * every item was stored, else 207 with each item's status.
   */
  @POST
  @Path("/batch")
  @Operation(operationId = "createEvents", summary = "Ingest up to 1,000 events (EV2 batch)")
  @RequestBody(
      required = true,
      description = "The events, as {\"events\": [...]} or a plain array",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BatchRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "Every event was stored",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BatchResponse.class)))
  @APIResponse(
      responseCode = "207",
      description = "Some events were refused: each item's status, id or errors",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = BatchResponse.class)))
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  public Uni<RestResponse<BatchResponse>> createBatch(
      @PathParam("workspaceId") String workspaceId, byte[] body) {
    JsonNode list = batchItems(parse(body, Integer.MAX_VALUE));
    List<JsonNode> items = new ArrayList<>(list.size());
    List<Integer> sizes = new ArrayList<>(list.size());
    for (JsonNode item : list) {
      items.add(item);
      sizes.add(db.json(item).getBytes(StandardCharsets.UTF_8).length);
    }
    return ingest.createBatch(tenant, items, sizes).map(EventResource::batchResponse);
  }

  private static JsonNode batchItems(JsonNode json) {
    if (json.isObject()) {
      json.fieldNames()
          .forEachRemaining(
              f -> {
                if (!"events".equals(f)) {
                  throw ApiException.badRequest(f, "is not a property of a batch; only events");
                }
              });
    }
    JsonNode list = json.isArray() ? json : json.path("events");
    if (!list.isArray()) {
      throw ApiException.badRequest("events", "must be an array of events");
    }
    if (list.size() > EventIngestService.MAX_BATCH) {
      throw ApiException.badRequest(
          "events", "must hold at most " + EventIngestService.MAX_BATCH + " events");
    }
    return list;
  }

  private static RestResponse<BatchResponse> batchResponse(List<ItemOutcome> outcomes) {
    List<BatchItemResult> results = outcomes.stream().map(EventResource::result).toList();
    int accepted = (int) outcomes.stream().filter(ItemOutcome::accepted).count();
    BatchResponse r = new BatchResponse(accepted, outcomes.size() - accepted, results);
    return RestResponse.ResponseBuilder.<BatchResponse>create(r.rejected() == 0 ? 200 : 207)
        .entity(r)
        .build();
  }

  private static BatchItemResult result(ItemOutcome o) {
    return o.accepted()
        ? new BatchItemResult(o.index(), RestResponse.StatusCode.ACCEPTED, o.id(), null)
        : new BatchItemResult(
            o.index(), status(o.rejection().kind()), null, o.rejection().errorsOrBody());
  }

  /** The one mapping of a rejection's kind to its HTTP status. */
  static int status(Kind kind) {
    return switch (kind) {
      case INVALID -> RestResponse.StatusCode.BAD_REQUEST;
      case TOO_LARGE -> 413;
      case NOT_FOUND -> RestResponse.StatusCode.NOT_FOUND;
      case FORBIDDEN -> RestResponse.StatusCode.FORBIDDEN;
      case UNPROCESSABLE -> 422;
    };
  }

  private static ApiException toApiException(EventRejection.Failure failure) {
    EventRejection r = failure.rejection();
    return r.kind() == Kind.INVALID
        ? ApiException.badRequest(r.errorsOrBody())
        : new ApiException(status(r.kind()), r.message(), r.errorsOrBody(), null);
  }

  /** Runs a single-event operation and answers its rejection with the kind's status. */
  private static <T> Uni<T> answer(Supplier<Uni<? extends T>> operation) {
    return Uni.createFrom()
        .<T>deferred(operation)
        .onFailure(EventRejection.Failure.class)
        .transform(f -> toApiException((EventRejection.Failure) f));
  }

  /**
   * EV1. The default page size is the common one (10, spec §5); {@code customerId} may name a
   * unified customer (its members' events).
   */
  @GET
  @Operation(operationId = "searchEvents", summary = "Search events, newest first (EV1)")
  @APIResponse(responseCode = "200", description = "A page of events (at most 10,000 matches)")
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
    PageRequest request = PageRequest.search(page, size, searchCap, 100);
    SearchQuery q =
        new SearchQuery(
            uuid(customerId, "customerId"),
            uuid(nodeId, "nodeId"),
            list(type, "type", EventType::parse, EventType.values()),
            list(context, "context", EventValidator::parseContext, EventContext.values()),
            mode == null ? null : mode(mode),
            date(dateFrom, "dateFrom"),
            date(dateTo, "dateTo"));
    return events.search(tenant, q, request);
  }

  /** EV3; {@code nav=CUSTOMER} fills prev/next, over a unified customer's events if named. */
  @GET
  @Path("/{id}")
  @Operation(operationId = "getEvent", summary = "Read one event (EV3)")
  @APIResponse(
      responseCode = "200",
      description = "The event",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventResponse.class)))
  @APIResponse(responseCode = "404", description = EVENT_NOT_FOUND)
  public Uni<EventResponse> find(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("id") UUID id,
      @QueryParam("nav") String nav,
      @QueryParam("customerId") String customerId) {
    return events.find(tenant, id, nav, uuid(customerId, "customerId"));
  }

  /** EV4: 202 with the replaced event. */
  @PUT
  @Path("/{id}")
  @Operation(operationId = "replaceEvent", summary = "Replace an event's changeable values (EV4)")
  @RequestBody(
      required = true,
      description = "The whole event; immutable fields may only repeat their value",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventRequest.class)))
  @APIResponse(
      responseCode = "202",
      description = "The replaced event",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventResponse.class)))
  @APIResponse(responseCode = "404", description = EVENT_NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  @APIResponse(responseCode = "422", description = UNPROCESSABLE)
  public Uni<RestResponse<EventResponse>> replace(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return answer(() -> events.replace(tenant, id, json, body.length))
        .map(e -> RestResponse.status(RestResponse.Status.ACCEPTED, e));
  }

  /** EV5: 202 with the patched event. */
  @PATCH
  @Path("/{id}")
  @Operation(operationId = "patchEvent", summary = "Change an event by a JSON merge patch (EV5)")
  @RequestBody(
      required = true,
      description = "A JSON merge patch (RFC 7396) of the event; every field optional",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventRequest.class)))
  @APIResponse(
      responseCode = "202",
      description = "The patched event",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EventResponse.class)))
  @APIResponse(responseCode = "404", description = EVENT_NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT)
  @APIResponse(responseCode = "413", description = TOO_LARGE)
  @APIResponse(responseCode = "422", description = UNPROCESSABLE)
  public Uni<RestResponse<EventResponse>> patch(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id, byte[] body) {
    JsonNode json = parse(body, EventPolicies.of(tenant.workspace()).largestMaxBytes());
    return answer(() -> events.patch(tenant, id, json))
        .map(e -> RestResponse.status(RestResponse.Status.ACCEPTED, e));
  }

  @DELETE
  @Path("/{id}")
  @Operation(operationId = "deleteEvent", summary = "Delete an event")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = EVENT_NOT_FOUND)
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

  private static UUID uuid(String raw, String param) {
    return raw == null ? null : Ids.uuid(param, raw);
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
