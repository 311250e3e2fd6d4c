package io.customer360.api.customer360;

import io.customer360.api.customer360.Customer360Responses.ChannelReach;
import io.customer360.api.customer360.Customer360Responses.CustomerEvent;
import io.customer360.api.customer360.Customer360Responses.Overview;
import io.customer360.api.customer360.Customer360Responses.Page;
import io.customer360.api.customer360.Customer360Responses.PageBlock;
import io.customer360.api.customer360.Customer360Responses.Profile;
import io.customer360.api.customer360.Customer360Responses.TopSegment;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.CustomerQueryService;
import io.customer360.event.EventRequests.EventResponse;
import io.customer360.event.EventService;
import io.customer360.event.EventType;
import io.customer360.identity.IdentityService;
import io.customer360.node.Node;
import io.customer360.search.CustomerProfiles;
import io.customer360.search.CustomerProfiles.ProfileFilter;
import io.customer360.search.query.QueryParser;
import io.customer360.search.query.SearchQuery;
import io.customer360.segment.Segment;
import io.customer360.segment.SegmentService;
import io.customer360.segment.SegmentService.SegmentCount;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The Customer 360 dialect's read side (seed 000, spec customer360-api.md): the overview, profile
 * objects and event objects of the customers of the workspace's Customer 360 node ({@link
 * Customer360Nodes}). Admission is {@link Customer360Filter}'s; every answer, errors included, is
 * the seed's envelope ({@link Customer360Errors}). The overview, the profile list and the profile
 * read go to the customer index only (plus cached workspace and node lookups); events come from
 * PostgreSQL through the event feature, like the native event search (README decision).
 */
@Path("/{locale}/api/customer360")
@Tag(
    name = Customer360Resource.TAG,
    description =
        "The Customer 360 dialect (seed 000) for marketing UIs: overview, customer profiles,"
            + " customer events and segments of the workspace's Customer 360 node, in the"
            + " {result: {data, message, status}} envelope with messages in en, es, it or pt.")
@Authenticated
@Customer360Api
@SecurityRequirement(name = "bearerJwt")
@Produces(MediaType.APPLICATION_JSON)
public class Customer360Resource {

  /** The OpenAPI tag of the dialect. */
  public static final String TAG = "Customer 360";

  /** Segments in the overview's {@code topSegments} (spec "Definitions"). */
  static final int TOP_SEGMENTS = 5;

  private final Customer360Context context;
  private final Customer360Errors errors;
  private final CustomerProfiles profiles;
  private final SegmentService segments;
  private final Customer360Overviews overviews;
  private final EventService events;
  private final IdentityService identity;
  private final CustomerQueryService customers;
  private final WorkspaceService workspaces;
  private final int searchCap;

  Customer360Resource(
      Customer360Context context,
      Customer360Errors errors,
      CustomerProfiles profiles,
      SegmentService segments,
      Customer360Overviews overviews,
      EventService events,
      IdentityService identity,
      CustomerQueryService customers,
      WorkspaceService workspaces,
      Customer360Config config) {
    this.context = context;
    this.errors = errors;
    this.profiles = profiles;
    this.segments = segments;
    this.overviews = overviews;
    this.events = events;
    this.identity = identity;
    this.customers = customers;
    this.workspaces = workspaces;
    this.searchCap = config.limits().searchCap();
  }

  @ServerExceptionMapper
  public Response failure(Throwable e, UriInfo uri) {
    return errors.response(e, uri);
  }

  // --- overview ---------------------------------------------------------------------------------

  /**
   * The overview (seed 000): {@code totalContacts}, {@code activeContacts} (an event in the last 90
   * days), {@code newContactsThisMonth} (registered since the first day of this month in the
   * workspace's timezone), {@code topSegments} (the 5 largest enabled segments on the node) and
   * {@code channelReach}, from one aggregation request and one batch of segment counts, run
   * together.
   */
  @GET
  @Operation(
      summary = "Customer 360 overview",
      description =
          "Counts of the view's customers (total, active in the last 90 days, new this month in"
              + " the workspace's timezone), the five largest segments and the reach per channel.")
  @APIResponse(
      responseCode = "200",
      description = "The overview",
      content = @Content(schema = @Schema(implementation = OverviewEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = Customer360Docs.NOT_FOUND,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Overview>> overview(
      @PathParam("locale") @Parameter(description = LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER) @Parameter(description = WORKSPACE)
          String workspaceId) {
    Workspace w = context.workspace();
    Node node = context.node();
    ZoneId zone = zone(w);
    Instant monthStart = LocalDate.now(zone).withDayOfMonth(1).atStartOfDay(zone).toInstant();
    return overviews
        .figures(w, node, monthStart, TOP_SEGMENTS)
        .map(f -> Envelope.ok(overview(f.counts(), f.largest()), msg().overviewFetched()));
  }

  private static Overview overview(CustomerProfiles.Overview o, List<SegmentCount> top) {
    return new Overview(
        o.total(),
        o.active(),
        o.registeredSince(),
        top.stream()
            .map(
                s ->
                    new TopSegment(
                        s.segment().id().toString(), s.segment().name(), s.contactCount()))
            .toList(),
        new ChannelReach(o.emailReach(), o.smsReach(), o.pushReach()));
  }

  /** The workspace's timezone setting, UTC when it is missing or unknown. */
  static ZoneId zone(Workspace w) {
    String tz = w.setting(WorkspaceSettings.TIMEZONE).asText("");
    try {
      return tz.isEmpty() ? ZoneOffset.UTC : ZoneId.of(tz);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  // --- customers --------------------------------------------------------------------------------

  /**
   * A page of profile objects, newest registration first: {@code q} a prefix of the first name,
   * last name, e-mail or phone (case and accents ignored); {@code segment} a segment id of the
   * workspace (404 when unknown); {@code tag} an automatic or manual tag.
   */
  @GET
  @Path("/customers")
  @Operation(
      summary = "List customer profiles",
      description =
          "A page of the view's customers as profile objects, newest registration first, filtered"
              + " by a prefix (q), a segment and a tag. Pages count from 0; size 1 to 100"
              + " (default 20); at most 10,000 matches are reachable.")
  @APIResponse(
      responseCode = "200",
      description = "A page of profiles",
      content = @Content(schema = @Schema(implementation = ProfilePageEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown segment, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.SEGMENT_CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Page<Profile>>> customers(
      @PathParam("locale") @Parameter(description = LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER) @Parameter(description = WORKSPACE)
          String workspaceId,
      @QueryParam("q") @Parameter(description = "Prefix of first name, last name, e-mail or phone")
          String q,
      @QueryParam("segment") @Parameter(description = "A segment id") String segment,
      @QueryParam("tag") @Parameter(description = "An automatic or manual tag") String tag,
      @QueryParam("page") @Parameter(description = "Page number from 0 (default 0)") String page,
      @QueryParam("size") @Parameter(description = "Page size 1-100 (default 20)") String size) {
    String prefix = Customer360Params.text("q", q);
    String tagFilter = Customer360Params.text("tag", tag);
    UUID segmentId = Customer360Params.uuid("segment", segment);
    PageRequest request = Customer360Params.page(page, size, searchCap);
    Workspace w = context.workspace();
    String region = workspaces.defaultPhoneRegion(w);
    return segmentQuery(w, segmentId)
        .chain(
            query ->
                profiles.profiles(
                    w.id(), context.node(), new ProfileFilter(prefix, query, tagFilter), request))
        .map(
            found ->
                Envelope.ok(
                    new Page<>(
                        found.documents().stream()
                            .map(d -> ProfileMapper.profile(d, region))
                            .toList(),
                        PageBlock.of(request.page(), request.size(), found.total())),
                    msg().customersFetched()));
  }

  private Uni<SearchQuery> segmentQuery(Workspace w, UUID segmentId) {
    if (segmentId == null) {
      return Uni.createFrom().nullItem();
    }
    return segments
        .find(w.id(), segmentId)
        .onFailure(Customer360Resource::isNotFound)
        .transform(e -> new Customer360Exception(404, Customer360Messages::segmentNotFound))
        .map(s -> parseStored(w, s));
  }

  /**
   * A stored segment's query as {@link #parse}; 409 naming the path inside {@code query} when it no
   * longer parses (e.g. an extended property no longer indexed), as the native API answers (README
   * "Segments").
   */
  static SearchQuery parseStored(Workspace w, Segment s) {
    try {
      return parse(w, s);
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      String detail =
          e.errors().isEmpty()
              ? e.getMessage()
              : e.errors().get(0).path() + " " + e.errors().get(0).message();
      throw new Customer360Exception(409, m -> m.segmentQueryStale(detail));
    }
  }

  /** A stored segment's query, parsed against the workspace's current properties. */
  static SearchQuery parse(Workspace w, Segment s) {
    return QueryParser.parse(
        s.query().toString(), w.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES));
  }

  /** One profile object; 404 when the view's node has no such customer. */
  @GET
  @Path("/customers/{id}")
  @Operation(
      summary = "Get a customer profile",
      description = "The profile object of one of the view's customers, from the customer index.")
  @APIResponse(
      responseCode = "200",
      description = "The profile",
      content = @Content(schema = @Schema(implementation = ProfileEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown customer, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Profile>> customer(
      @PathParam("locale") @Parameter(description = LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER) @Parameter(description = WORKSPACE)
          String workspaceId,
      @PathParam("id") @Parameter(description = "The customer's id") String id) {
    UUID customerId = Customer360Params.pathId(id);
    if (customerId == null) {
      throw customerNotFound();
    }
    Workspace w = context.workspace();
    return profiles
        .profile(w.id(), context.node(), customerId)
        .map(found -> found.orElseThrow(Customer360Resource::customerNotFound))
        .map(
            doc ->
                Envelope.ok(
                    ProfileMapper.profile(doc, workspaces.defaultPhoneRegion(w)),
                    msg().customerFetched()));
  }

  // --- events -----------------------------------------------------------------------------------

  /**
   * The customer's event objects, newest first, from PostgreSQL (consistent with writes at once):
   * {@code type} dialect names (comma-separated), {@code channel} one of EMAIL, SMS, PUSH, WEB,
   * {@code from}/{@code to} ISO-8601 date-times (inclusive). The channel is derived from each event
   * ({@link EventMapper}), so with a {@code channel} filter the customer's matching events (up to
   * the search cap) are read and filtered before paging.
   */
  @GET
  @Path("/customers/{id}/events")
  @Operation(
      summary = "List a customer's events",
      description =
          "The customer's events as event objects, newest first, filtered by type (email_opened,"
              + " link_clicked, purchase, page_viewed, other types in snake_case), channel and a"
              + " date range. Pages count from 0; size 1 to 100 (default 20).")
  @APIResponse(
      responseCode = "200",
      description = "A page of events",
      content = @Content(schema = @Schema(implementation = EventPageEnvelope.class)))
  @APIResponse(
      responseCode = "404",
      description = "Unknown customer, workspace or locale",
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "400",
      description = Customer360Docs.BAD_REQUEST,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  @APIResponse(
      responseCode = "409",
      description = Customer360Docs.CONFLICT,
      content = @Content(schema = @Schema(implementation = Customer360Docs.ErrorEnvelope.class)))
  public Uni<Envelope<Page<CustomerEvent>>> customerEvents(
      @PathParam("locale") @Parameter(description = LOCALE) String locale,
      @HeaderParam(Customer360Filter.WORKSPACE_HEADER) @Parameter(description = WORKSPACE)
          String workspaceId,
      @PathParam("id") @Parameter(description = "The customer's id") String id,
      @QueryParam("type")
          @Parameter(description = "Event types, comma-separated (e.g. purchase,email_opened)")
          List<String> type,
      @QueryParam("channel") @Parameter(description = "EMAIL, SMS, PUSH or WEB") String channel,
      @QueryParam("from") @Parameter(description = "Earliest date-time (ISO 8601), inclusive")
          String from,
      @QueryParam("to") @Parameter(description = "Latest date-time (ISO 8601), inclusive")
          String to,
      @QueryParam("page") @Parameter(description = "Page number from 0 (default 0)") String page,
      @QueryParam("size") @Parameter(description = "Page size 1-100 (default 20)") String size) {
    List<EventType> types = Customer360Params.types(type);
    String channelFilter = Customer360Params.channel(channel);
    var fromTime = Customer360Params.dateTime("from", from);
    var toTime = Customer360Params.dateTime("to", to);
    Customer360Params.requireOrdered(fromTime, toTime);
    PageRequest request = Customer360Params.page(page, size, searchCap);
    UUID customerId = Customer360Params.pathId(id);
    if (customerId == null) {
      throw customerNotFound();
    }
    EventService.SearchQuery query =
        new EventService.SearchQuery(
            customerId, context.node().id(), types, null, null, fromTime, toTime);
    String customer = customerId.toString();
    return requireViewCustomer(customerId)
        .chain(
            ignored ->
                channelFilter == null
                    ? events
                        .search(context.eventReader(), query, request)
                        .map(found -> eventPage(found, customer, request))
                    : events
                        .search(context.eventReader(), query, new PageRequest(0, searchCap))
                        .map(found -> channelPage(found, customer, channelFilter, request)))
        .map(data -> Envelope.ok(data, msg().eventsFetched()));
  }

  /** 404 unless {@code id} is a customer of the view's node (read from PostgreSQL). */
  private Uni<Void> requireViewCustomer(UUID id) {
    Node node = context.node();
    UUID workspaceId = context.workspace().id();
    Uni<UUID> nodeOf =
        node.isEntry()
            ? customers.findEntry(context.eventReader(), id).map(c -> c.nodeId())
            : identity.findUnified(workspaceId, id).map(u -> u == null ? null : u.nodeId());
    return nodeOf
        .onFailure(e -> e instanceof ApiException)
        .recoverWithNull()
        .map(
            n -> {
              if (!node.id().equals(n)) {
                throw customerNotFound();
              }
              return null;
            });
  }

  private static Page<CustomerEvent> eventPage(
      Paged<EventResponse> found, String customerId, PageRequest request) {
    return new Page<>(
        found.elements().stream().map(e -> EventMapper.event(e, customerId)).toList(),
        PageBlock.of(request.page(), request.size(), found.page().totalElements()));
  }

  private static Page<CustomerEvent> channelPage(
      Paged<EventResponse> found, String customerId, String channel, PageRequest request) {
    List<CustomerEvent> matching =
        found.elements().stream()
            .map(e -> EventMapper.event(e, customerId))
            .filter(e -> channel.equals(e.channel()))
            .toList();
    int start = (int) Math.min(request.offset(), matching.size());
    int end = Math.min(start + request.size(), matching.size());
    return new Page<>(
        matching.subList(start, end),
        PageBlock.of(request.page(), request.size(), matching.size()));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Customer360Messages msg() {
    return context.messages();
  }

  static Customer360Exception customerNotFound() {
    return new Customer360Exception(404, Customer360Messages::customerNotFound);
  }

  static boolean isNotFound(Throwable e) {
    return e instanceof ApiException a && a.status() == 404;
  }

  static final String LOCALE =
      "Language of the messages: en, es, it or pt, optionally with a region (pt-BR)";
  static final String WORKSPACE = "The workspace (a UUID); else the token's workspaceId claim";

  // --- OpenAPI shapes of the envelopes ----------------------------------------------------------

  @Schema(name = "Customer360OverviewEnvelope")
  record OverviewEnvelope(OverviewResult result) {}

  @Schema(name = "Customer360OverviewResult")
  record OverviewResult(Overview data, String message, int status) {}

  @Schema(name = "Customer360ProfileEnvelope")
  record ProfileEnvelope(ProfileResult result) {}

  @Schema(name = "Customer360ProfileResult")
  record ProfileResult(Profile data, String message, int status) {}

  @Schema(name = "Customer360ProfilePageEnvelope")
  record ProfilePageEnvelope(ProfilePageResult result) {}

  @Schema(name = "Customer360ProfilePageResult")
  record ProfilePageResult(ProfilePage data, String message, int status) {}

  @Schema(name = "Customer360ProfilePage")
  record ProfilePage(List<Profile> elements, PageBlock page) {}

  @Schema(name = "Customer360EventPageEnvelope")
  record EventPageEnvelope(EventPageResult result) {}

  @Schema(name = "Customer360EventPageResult")
  record EventPageResult(EventPage data, String message, int status) {}

  @Schema(name = "Customer360EventPage")
  record EventPage(List<CustomerEvent> elements, PageBlock page) {}
}
