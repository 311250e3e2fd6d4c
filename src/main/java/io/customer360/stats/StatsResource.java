package io.customer360.stats;

import io.customer360.common.PageRequest;
import io.customer360.stats.StatsResponses.ChannelStats;
import io.customer360.stats.StatsResponses.ContextStats;
import io.customer360.stats.StatsResponses.CreationStats;
import io.customer360.stats.StatsResponses.CustomersStats;
import io.customer360.stats.StatsResponses.EcommerceStats;
import io.customer360.stats.StatsResponses.NodeStatsPage;
import io.customer360.stats.StatsResponses.PurchaseStats;
import io.customer360.stats.StatsResponses.UpdateStats;
import io.customer360.stats.StatsResponses.WebStats;
import io.customer360.stats.StatsResponses.WorkspaceStats;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The workspace statistics of the native API (spec §1.1 S3–S13) under {@code
 * /hub/v1/workspaces/{ws}/stats}; the per-customer ones (S1, S2) are {@link CustomerStatsResource}.
 * Every caller who reaches the workspace may read them, over the nodes it may read ({@link
 * StatsService}: access, node scopes, time zone, freshness).
 */
@Path("/hub/v1/workspaces/{workspaceId}/stats")
@Tag(name = "Stats")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class StatsResource {

  static final String JSON = MediaType.APPLICATION_JSON;

  static final String START =
      "Start of the range, included: an ISO-8601 date-time (2024-03-31T22:00:00Z; without an"
          + " offset: in the workspace's time zone) or a date (its first instant in the"
          + " workspace's time zone)";
  static final String END =
      "End of the range, included, like start; a date means the whole day. Default: now";
  static final String RANGES =
      " Buckets are calendar days, ISO weeks (from Monday) or months in the workspace's time"
          + " zone; every bucket from the one holding start to the one holding end is answered,"
          + " empty ones with 0. start after end, or a range longer than the maximum, answers 400"
          + " naming the parameter.";
  static final String NODE =
      "An entry node (its customers and events) or an ACTIVE aggregate node (its unified"
          + " customers and its entry nodes' events); default: every node the caller may read";
  static final String NODE_NOT_FOUND = "Unknown node (\"node not found <id>\")";
  static final String UNAVAILABLE =
      "The search index cannot answer now; retry after the seconds in Retry-After";
  static final String FRESHNESS =
      " Index figures follow the indexer (typically well under a second); an answer is reused"
          + " for a second by identical requests.";

  private final StatsService stats;
  private final Tenant tenant;

  StatsResource(StatsService stats, Tenant tenant) {
    this.stats = stats;
    this.tenant = tenant;
  }

  @GET
  @Path("/workspace")
  @Operation(
      operationId = "getWorkspaceStats",
      summary = "Workspace information and total number of customers (S3)",
      description =
          "The workspace's id, name and status and its number of customers: the entry customers"
              + " of the entry nodes the caller may read (a customer unified in an aggregate node"
              + " counts once)."
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "The workspace and its customers",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = WorkspaceStats.class)))
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<WorkspaceStats> workspace(@PathParam("workspaceId") String workspaceId) {
    return stats.workspace(tenant);
  }

  @GET
  @Path("/nodes")
  @Operation(
      operationId = "getNodeStats",
      summary = "Nodes information and total number of customers (S4)",
      description =
          "A page of the nodes the caller may read, in creation order, each with its number of"
              + " customers (an entry node: its entry customers; an aggregate node: its unified"
              + " customers, 0 until ACTIVE), plan (an enabled CONTACTPLAN source serves it) and"
              + " send (groupPk and userdbId of the enabled CONTACTSEND source serving it, else"
              + " null). page.maxElements counts every node the caller may read."
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "A page of nodes",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = NodeStatsPage.class)))
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<NodeStatsPage> nodes(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = "Page number from 0 (at most 1000)") @QueryParam("page")
          Integer page,
      @Parameter(description = "Page size, 0 to 50; default 50") @QueryParam("size") Integer size) {
    return stats.nodes(tenant, PageRequest.of(page, size, 50, 1000, 50));
  }

  @GET
  @Path("/customers")
  @Operation(
      operationId = "getCustomerCount",
      summary = "Number of customers (S5)",
      description =
          "data: {category: CustomersSnapshot, type: keyValue, values: [{key: total, value}]}:"
              + " the node's customers, or the entry customers of every node the caller may"
              + " read."
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "The number of customers",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CustomersStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<CustomersStats> customers(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.customers(tenant, nodeId);
  }

  @GET
  @Path("/customers/by-creation-date")
  @Operation(
      operationId = "getCustomersByCreationDate",
      summary = "Number of customers by creation date (S6)",
      description =
          "One series, category addedCustomers: the customers by registeredAt, per bucket of"
              + " mode (default MONTHLY). Default range: the last year; at most one year."
              + " Customers deleted since are not counted."
              + RANGES
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "Customers added per bucket",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = CreationStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<CreationStats> customersByCreationDate(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "DAILY, WEEKLY or MONTHLY (default)") @QueryParam("mode")
          StatsMode mode,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.customersByCreationDate(tenant, start, end, mode, nodeId);
  }

  @GET
  @Path("/customers/by-channel")
  @Operation(
      operationId = "getCustomersByChannel",
      summary = "Number of customers by available communication channels (S7)",
      description =
          "data: {category: communicationChannels, type: keyValue}, keys emailMobile, emailOnly,"
              + " mobileOnly and notReachable, which add up to the number of customers (S5). A"
              + " customer is reachable by e-mail when base.contacts.email is present and it has"
              + " not opted out of e-mail, by mobile when base.contacts.mobilePhone is present and"
              + " it has not opted out of SMS; an opt-out is the consent"
              + " consents.marketing.automatic.email (sms) with status false, objection true or"
              + " limitation true; a missing consent is no opt-out."
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "Customers by reachable channel",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = ChannelStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<ChannelStats> customersByChannel(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.customersByChannel(tenant, nodeId);
  }

  @GET
  @Path("/customers/by-update-date")
  @Operation(
      operationId = "getCustomersByUpdateDate",
      summary = "Number of customers by update date (S8)",
      description =
          "One series per day, category customers. ADDED (default): customers registered that"
              + " day that still exist; UPDATED: distinct customers changed that day; DELETED:"
              + " customers deleted that day. UPDATED and DELETED come from the change log and"
              + " are exact at once. Default range: the last month; at most one year, one month"
              + " for DELETED."
              + RANGES)
  @APIResponse(
      responseCode = "200",
      description = "Customers per day",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = UpdateStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<UpdateStats> customersByUpdateDate(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "ADDED (default), UPDATED or DELETED") @QueryParam("type")
          UpdateType type,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.customersByUpdateDate(tenant, start, end, type, nodeId);
  }

  @GET
  @Path("/events/by-update-date")
  @Operation(
      operationId = "getEventsByUpdateDate",
      summary = "Number of events by update date (S9)",
      description =
          "One series per day for each event type (category: the type) with any in the range."
              + " ADDED (default): events registered that day that still exist; UPDATED: distinct"
              + " events changed that day; DELETED: events deleted that day (from the change log,"
              + " exact at once). Default range: the last month; at most one year, one month for"
              + " DELETED."
              + RANGES)
  @APIResponse(
      responseCode = "200",
      description = "Events per day and type",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = UpdateStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<UpdateStats> eventsByUpdateDate(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "ADDED (default), UPDATED or DELETED") @QueryParam("type")
          UpdateType type,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.eventsByUpdateDate(tenant, start, end, type, nodeId);
  }

  @GET
  @Path("/events/by-type-context")
  @Operation(
      operationId = "getEventsByTypeAndContext",
      summary = "Number of events by type and context (S10)",
      description =
          "One series per day of the events' date for each event type and context with any in"
              + " the range (category: the type; context: the context), by type then context."
              + " Default context ALL; default range: the last month; at most one year."
              + RANGES
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "Events per day, type and context",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = ContextStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<ContextStats> eventsByTypeAndContext(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "An event context, or ALL (default)") @QueryParam("context")
          StatsContext context,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.eventsByTypeAndContext(tenant, start, end, context, nodeId);
  }

  static final String AMOUNTS =
      " Amounts are read from the events' properties (plan model ORDER): amount.total and"
          + " amount.revenue as stated, in the currency of amount.local.currency, or in the"
          + " workspace's currency when the event names none; currencies are never added up:"
          + " each one found gets its own figures, the workspace's first. A completedOrder whose"
          + " type is return is a return, any other one a sale. value is rounded to the"
          + " currency's minor unit; total is the number of events holding the amount summed.";
  static final String MONEY =
      AMOUNTS + " Default range: the last month; at most one year; on the events' date.";

  @GET
  @Path("/events/kpi/purchases")
  @Operation(
      operationId = "getPurchaseKpis",
      summary = "Events KPI purchases (S11)",
      description =
          "Figures of the completedOrder events (type ECOMMERCE or RETAIL: of that context; ALL,"
              + " the default: every context), per currency: totalRevenue (sum of amount.revenue"
              + " of the sales), totalSales (sum of amount.total of the sales), averageOrderValue"
              + " (totalSales per sale holding amount.total; null without any), totalReturns (sum"
              + " of amount.total of the returns)."
              + MONEY
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "Purchase figures",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = PurchaseStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<PurchaseStats> purchases(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "ECOMMERCE, RETAIL or ALL (default)") @QueryParam("type")
          PurchaseType type,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.purchases(tenant, start, end, type, nodeId);
  }

  @GET
  @Path("/events/kpi/ecommerce")
  @Operation(
      operationId = "getEcommerceKpis",
      summary = "Events KPI e-commerce (S12)",
      description =
          "Figures of the events of the ECOMMERCE context, per currency: totalSales,"
              + " averageOrderValue and totalReturns of the completedOrder events (as in S11), and"
              + " abandonedCartValue (sum of amount.total of the abandonedCart events)."
              + MONEY
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "E-commerce figures",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = EcommerceStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<EcommerceStats> ecommerce(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.ecommerce(tenant, start, end, nodeId);
  }

  @GET
  @Path("/events/kpi/web")
  @Operation(
      operationId = "getWebKpis",
      summary = "Events KPI web (S13)",
      description =
          "One entry pageViews (category eventsKPI, type keyValue) over the viewedPage events of"
              + " the WEB context: pageViews (how many), visitors (distinct customers among them;"
              + " exact up to 40,000, HyperLogLog++ beyond, typically within 1 %) and"
              + " anonymousPageViews (those of no customer yet). Default range: the last month;"
              + " at most one year; on the events' date."
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "Web figures",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = WebStats.class)))
  @APIResponse(responseCode = "404", description = NODE_NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<WebStats> web(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = NODE) @QueryParam("nodeId") UUID nodeId) {
    return stats.web(tenant, start, end, nodeId);
  }
}
