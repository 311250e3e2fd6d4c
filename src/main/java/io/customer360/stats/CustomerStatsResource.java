package io.customer360.stats;

import static io.customer360.stats.StatsResource.AMOUNTS;
import static io.customer360.stats.StatsResource.END;
import static io.customer360.stats.StatsResource.FRESHNESS;
import static io.customer360.stats.StatsResource.JSON;
import static io.customer360.stats.StatsResource.RANGES;
import static io.customer360.stats.StatsResource.START;
import static io.customer360.stats.StatsResource.UNAVAILABLE;

import io.customer360.stats.StatsResponses.BuyingBehaviorsStats;
import io.customer360.stats.StatsResponses.CustomerEventsStats;
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
 * The statistics of one customer (spec §1.1 S1, S2) under {@code
 * /hub/v1/workspaces/{ws}/customers/{customerId}/stats}. The customer is found like a customer read
 * (CU3): an entry customer or a unified customer (whose events are its members' events), 404 when
 * unknown, 403 when of a node the caller may not read, 301 to the survivor's statistics for a
 * unified customer merged away.
 */
@Path("/hub/v1/workspaces/{workspaceId}/customers/{customerId}/stats")
@Tag(name = "Stats")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class CustomerStatsResource {

  private static final String CUSTOMER =
      "An entry customer, or a unified customer (its members' events)";
  private static final String NOT_FOUND = "No such customer in this workspace";
  private static final String MOVED =
      "The unified customer was merged into another: Location names the survivor's statistics";

  private final StatsService stats;
  private final Tenant tenant;

  CustomerStatsResource(StatsService stats, Tenant tenant) {
    this.stats = stats;
    this.tenant = tenant;
  }

  @GET
  @Path("/events")
  @Operation(
      operationId = "getCustomerEventStats",
      summary = "Number of customer events by category (S1)",
      description =
          "One series per event type (category: the type) the customer has events of in the"
              + " range, counted on the events' date per bucket of mode (default DAILY), by type"
              + " name. Default range: the last year; at most one year. Events of nodes the"
              + " caller may not read are left out."
              + RANGES
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "The customer's events per type and bucket",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = CustomerEventsStats.class)))
  @APIResponse(responseCode = "301", description = MOVED)
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<CustomerEventsStats> events(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = CUSTOMER) @PathParam("customerId") UUID customerId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end,
      @Parameter(description = "DAILY (default), WEEKLY or MONTHLY") @QueryParam("mode")
          StatsMode mode) {
    return stats.customerEvents(tenant, customerId, start, end, mode);
  }

  @GET
  @Path("/buying-behaviors")
  @Operation(
      operationId = "getCustomerBuyingBehaviors",
      summary = "Customer buying behaviors (S2)",
      description =
          "Figures of the customer's completedOrder events, per currency: totalSpending (sum of"
              + " amount.total of the sales; revenue: sum of their amount.revenue),"
              + " averageOrderValue (the same per sale holding each amount; null without any) and"
              + " totalReturns (the sums over the returns). Without any order the three figures"
              + " are answered in the workspace's currency with 0 (averages null). Default range:"
              + " the last year; at most one year."
              + AMOUNTS
              + FRESHNESS)
  @APIResponse(
      responseCode = "200",
      description = "The customer's buying behaviours",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = BuyingBehaviorsStats.class)))
  @APIResponse(responseCode = "301", description = MOVED)
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Uni<BuyingBehaviorsStats> buyingBehaviors(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = CUSTOMER) @PathParam("customerId") UUID customerId,
      @Parameter(description = START) @QueryParam("start") String start,
      @Parameter(description = END) @QueryParam("end") String end) {
    return stats.buyingBehaviors(tenant, customerId, start, end);
  }
}
