package io.customer360.api.customer360;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.api.customer360.Customer360Responses.Page;
import io.customer360.api.customer360.Customer360Responses.PageBlock;
import io.customer360.api.customer360.Customer360Responses.SegmentRequest;
import io.customer360.api.customer360.Customer360Responses.SegmentResponse;
import io.customer360.common.ApiException;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.common.WireTime;
import io.customer360.search.CustomerSearch;
import io.customer360.search.query.SearchQuery;
import io.customer360.segment.Segment;
import io.customer360.segment.SegmentService;
import io.customer360.workspace.Workspace;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Segments in the Customer 360 dialect: a name and a query in the Contacthub query language (spec
 * contacthub-api.md §4) with its live {@code contactCount} on the view's node, delegated to the
 * core's {@link SegmentService}. Reads need what the view needs ({@link Customer360Filter}); writes
 * need what the native segment API needs (ADMIN or CLAB_OPERATOR, or RW on a node of the
 * workspace). A list counts its page's segments in one batch request; a stored query that no longer
 * parses (e.g. an extended property no longer indexed) shows {@code contactCount: null} in a list
 * (so one stale segment does not hide the others) and answers 409 naming the path inside {@code
 * query} on {@code GET /segments/{id}} and on {@code /customers?segment=}, like the native API's
 * count and customers (README "Segments"); a PUT repairs it.
 */
@Path("/{locale}/api/customer360/segments")
@Tag(name = Customer360Resource.TAG)
@Authenticated
@Customer360Api
@SecurityRequirement(name = "bearerJwt")
@Produces(MediaType.APPLICATION_JSON)
public class Customer360SegmentResource {

  private final Customer360Context context;
  private final Customer360Errors errors;
  private final SegmentService segments;
  private final CustomerSearch search;
  private final ObjectMapper mapper;

  Customer360SegmentResource(
      Customer360Context context,
      Customer360Errors errors,
      SegmentService segments,
      CustomerSearch search,
      ObjectMapper mapper) {
    this.context = context;
    this.errors = errors;
    this.segments = segments;
    this.search = search;
    this.mapper = mapper;
  }

  @ServerExceptionMapper
  public Response failure(Throwable e, UriInfo uri) {
    return errors.response(e, uri);
  }

  /** A page of the workspace's segments by name, each with its count on the view's node. */
  @GET
  @Operation(
      summary = "List segments",
      description =
          "The workspace's segments by name, each with its live contactCount on the view's node."
              + " Pages count from 0; size 1 to 100 (default 20).")
  @APIResponse(
      responseCode = "200",
      description = "A page of segments",
      content = @Content(schema = @Schema(implementation = SegmentPageEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = Customer360Docs.NOT_FOUND,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Page<SegmentResponse>>> list(
      @PathParam("locale") @Parameter(description = Customer360Resource.LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER)
          @Parameter(description = Customer360Resource.WORKSPACE)
          String workspaceId,
      @QueryParam("page") @Parameter(description = "Page number from 0 (default 0)") String page,
      @QueryParam("size") @Parameter(description = "Page size 1-100 (default 20)") String size) {
    PageRequest request = Customer360Params.page(page, size, 0);
    Workspace w = context.workspace();
    return segments
        .list(w.id(), null, request)
        .chain(found -> withCounts(w, found))
        .map(data -> Envelope.ok(data, context.messages().segmentsFetched()));
  }

  private Uni<Page<SegmentResponse>> withCounts(Workspace w, Paged<Segment> found) {
    List<Segment> all = found.elements();
    List<Segment> countable = new ArrayList<>();
    List<SearchQuery> queries = new ArrayList<>();
    for (Segment s : all) {
      SearchQuery q = parsed(w, s);
      if (q != null) {
        countable.add(s);
        queries.add(q);
      }
    }
    Uni<List<Long>> counts =
        queries.isEmpty()
            ? Uni.createFrom().item(List.of())
            : search.counts(w.id(), context.node(), queries);
    return counts.map(
        n -> {
          List<SegmentResponse> out = new ArrayList<>();
          for (Segment s : all) {
            int i = countable.indexOf(s);
            out.add(response(s, i < 0 ? null : n.get(i)));
          }
          return new Page<>(
              out,
              PageBlock.of(
                  found.page().number(), found.page().size(), found.page().totalElements()));
        });
  }

  /** The segment's query, or null when it no longer parses against the workspace's properties. */
  private static SearchQuery parsed(Workspace w, Segment s) {
    try {
      return Customer360Resource.parse(w, s);
    } catch (ApiException e) {
      return null;
    }
  }

  /** One segment with its count; 404 when the workspace has no such segment. */
  @GET
  @Path("/{id}")
  @Operation(
      summary = "Get a segment",
      description = "One segment with its live contactCount on the view's node.")
  @APIResponse(
      responseCode = "200",
      description = "The segment",
      content = @Content(schema = @Schema(implementation = SegmentEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown segment, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.SEGMENT_CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<SegmentResponse>> get(
      @PathParam("locale") @Parameter(description = Customer360Resource.LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER)
          @Parameter(description = Customer360Resource.WORKSPACE)
          String workspaceId,
      @PathParam("id") @Parameter(description = "The segment's id") String id) {
    UUID segmentId = segmentId(id);
    return segments
        .find(context.workspace().id(), segmentId)
        .onFailure(Customer360Resource::isNotFound)
        .transform(e -> segmentNotFound())
        .chain(this::counted)
        .map(s -> Envelope.ok(s, context.messages().segmentFetched()));
  }

  /**
   * Creates a segment: {@code name} (required, unique in the workspace: 409), {@code query}
   * (required, checked by the core's query parser: 400 naming the path inside it), {@code enabled}
   * (default true). Answers 201.
   */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Create a segment",
      description =
          "A name and a query in the Contacthub query language; answers the segment with its"
              + " live contactCount. ADMIN, CLAB_OPERATOR, or RW on a node of the workspace.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = SegmentRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "The new segment",
      content = @Content(schema = @Schema(implementation = SegmentEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = Customer360Docs.NOT_FOUND,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = "The name is taken, or the workspace has no node the view can read",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Response> create(
      @PathParam("locale") @Parameter(description = Customer360Resource.LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER)
          @Parameter(description = Customer360Resource.WORKSPACE)
          String workspaceId,
      String body) {
    context.requireSegmentWrite();
    SegmentRequest r = read(body);
    return segments
        .create(context.workspace(), r.name(), r.query(), r.enabled())
        .chain(this::counted)
        .map(
            s ->
                Response.status(201)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Envelope.of(s, context.messages().segmentCreated(), 201))
                    .build());
  }

  /** Replaces name, query and enabled (same rules as create); 404 when absent. */
  @PUT
  @Path("/{id}")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Replace a segment",
      description =
          "Replaces the segment's name, query and enabled flag; answers it with its live"
              + " contactCount. ADMIN, CLAB_OPERATOR, or RW on a node of the workspace.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = SegmentRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The segment as replaced",
      content = @Content(schema = @Schema(implementation = SegmentEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown segment, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = "The name is taken, or the workspace has no node the view can read",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<SegmentResponse>> replace(
      @PathParam("locale") @Parameter(description = Customer360Resource.LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER)
          @Parameter(description = Customer360Resource.WORKSPACE)
          String workspaceId,
      @PathParam("id") @Parameter(description = "The segment's id") String id,
      String body) {
    context.requireSegmentWrite();
    UUID segmentId = segmentId(id);
    SegmentRequest r = read(body);
    return segments
        .update(context.workspace(), segmentId, r.name(), r.query(), r.enabled())
        .onFailure(Customer360Resource::isNotFound)
        .transform(e -> segmentNotFound())
        .chain(this::counted)
        .map(s -> Envelope.ok(s, context.messages().segmentUpdated()));
  }

  /** Deletes a segment; 404 when absent. Answers {@code data: null}. */
  @DELETE
  @Path("/{id}")
  @Operation(
      summary = "Delete a segment",
      description = "ADMIN, CLAB_OPERATOR, or RW on a node of the workspace.")
  @APIResponse(
      responseCode = "200",
      description = "Deleted; data is null",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown segment, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Void>> delete(
      @PathParam("locale") @Parameter(description = Customer360Resource.LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER)
          @Parameter(description = Customer360Resource.WORKSPACE)
          String workspaceId,
      @PathParam("id") @Parameter(description = "The segment's id") String id) {
    context.requireSegmentWrite();
    UUID segmentId = segmentId(id);
    return segments
        .delete(context.workspace().id(), segmentId)
        .onFailure(Customer360Resource::isNotFound)
        .transform(e -> segmentNotFound())
        .map(ignored -> Envelope.<Void>ok(null, context.messages().segmentDeleted()));
  }

  private Uni<SegmentResponse> counted(Segment s) {
    Workspace w = context.workspace();
    Customer360Resource.parseStored(w, s);
    return segments.contactCount(w, context.node(), s).map(n -> response(s, n));
  }

  static SegmentResponse response(Segment s, Long count) {
    return new SegmentResponse(
        s.id().toString(),
        s.name(),
        s.query(),
        s.enabled(),
        count,
        time(s.createdAt()),
        time(s.updatedAt()));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : WireTime.format(t.toInstant());
  }

  /**
   * The body, read strictly by the application's JSON reader (unknown properties, duplicate keys
   * and trailing data answer 400 naming the field); {@code name} and {@code query} are required.
   */
  private SegmentRequest read(String body) {
    if (body == null || body.isBlank()) {
      throw Customer360Exception.badParameter("body", Customer360Messages::ruleRequired);
    }
    SegmentRequest r;
    try {
      r = mapper.readValue(body, SegmentRequest.class);
    } catch (JsonProcessingException e) {
      throw ApiException.invalidJson(e);
    }
    if (r == null) {
      throw Customer360Exception.badParameter("body", Customer360Messages::ruleRequired);
    }
    if (r.name() == null) {
      throw Customer360Exception.badParameter("name", Customer360Messages::ruleRequired);
    }
    JsonNode q = r.query();
    if (q == null || q.isNull()) {
      throw Customer360Exception.badParameter("query", Customer360Messages::ruleRequired);
    }
    return r;
  }

  private static UUID segmentId(String raw) {
    UUID id = Customer360Params.pathId(raw);
    if (id == null) {
      throw segmentNotFound();
    }
    return id;
  }

  private static Customer360Exception segmentNotFound() {
    return new Customer360Exception(404, Customer360Messages::segmentNotFound);
  }

  // --- OpenAPI shapes of the envelopes ----------------------------------------------------------

  @Schema(name = "Customer360SegmentEnvelope")
  record SegmentEnvelope(SegmentResult result) {}

  @Schema(name = "Customer360SegmentResult")
  record SegmentResult(SegmentResponse data, String message, int status) {}

  @Schema(name = "Customer360SegmentPageEnvelope")
  record SegmentPageEnvelope(SegmentPageResult result) {}

  @Schema(name = "Customer360SegmentPageResult")
  record SegmentPageResult(SegmentPage data, String message, int status) {}

  @Schema(name = "Customer360SegmentPage")
  record SegmentPage(List<SegmentResponse> elements, PageBlock page) {}
}
