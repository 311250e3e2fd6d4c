package io.customer360.consent;

import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.consent.ConsentLogResponses.ConsentLogPage;
import io.customer360.consent.ConsentLogResponses.ConsentLogResponse;
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The consent log of a workspace (spec §1.11 K1, K2): who changed which consent of which customer,
 * when, and the exports and forgets. DPO, ADMIN and CLAB_OPERATOR only; people with another role
 * and source tokens (integrations write consents, they do not audit them) answer 403. A DPO reads
 * the entries of the nodes they may read.
 */
@Path("/hub/v1/workspaces/{workspaceId}/consents")
@Tag(
    name = "Consents",
    description = "The consent log: every change of a customer's consents, exports and forgets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.DPO, Roles.ADMIN, Roles.CLAB_OPERATOR})
public class ConsentLogResource {

  private static final String JSON = MediaType.APPLICATION_JSON;

  /** Default and largest page size of K2. */
  static final int DEFAULT_SIZE = 20;

  static final int MAX_SIZE = 100;

  private final ConsentLogService log;
  private final Tenant tenant;
  private final Db db;

  /** Most entries a K2 search pages through ({@code customer360.limits.search-cap}). */
  private final int cap;

  ConsentLogResource(ConsentLogService log, Tenant tenant, Db db, Customer360Config config) {
    this.log = log;
    this.tenant = tenant;
    this.db = db;
    this.cap = config.limits().searchCap();
  }

  /**
   * K2: a page of entries; the parameters' rules are {@link ConsentLogQuery}'s, the reading rules
   * {@link ConsentLogService#search}'s. 400 names every malformed parameter, 404 an unknown node.
   */
  @GET
  @Operation(
      operationId = "listConsents",
      summary = "List consent-log entries (K2)",
      description =
          "Entries by date, newest first unless sort=date,asc (ids break ties). Every filter"
              + " narrows the list; counts and pages reach at most 10,000 entries (narrow the"
              + " dates to go past them). A uniqueKey no customer holds answers an empty page.")
  @APIResponse(
      responseCode = "200",
      description = "A page of entries",
      content = @Content(mediaType = JSON, schema = @Schema(implementation = ConsentLogPage.class)))
  @APIResponse(
      responseCode = "400",
      description = "A malformed filter, sort or page (errors[].path names the parameter)")
  @APIResponse(responseCode = "404", description = "A node of nodes is unknown")
  public Uni<Paged<ConsentLogResponse>> list(
      @PathParam("workspaceId") String workspaceId,
      @Parameter(description = "An entry customer, or a unified customer (its members' entries)")
          @QueryParam("customerId")
          String customerId,
      @Parameter(
              description =
                  "JSON object with the values of the unique-customer properties of an entry"
                      + " node, e.g. {\"externalId\":\"c-1\"} or"
                      + " {\"base.contacts.email\":\"a@example.com\"}")
          @QueryParam("uniqueKey")
          String uniqueKey,
      @Parameter(description = "From this date (YYYY-MM-DD, UTC) or date-time, inclusive")
          @QueryParam("startDate")
          String startDate,
      @Parameter(description = "Until this date (YYYY-MM-DD, UTC, the whole day) or date-time")
          @QueryParam("endDate")
          String endDate,
      @Parameter(description = "ConsentEventType, or several comma-separated") @QueryParam("type")
          String type,
      @Parameter(
              description =
                  "Property path; entries of it and of every property below it, e.g."
                      + " consents.marketing.automatic.email")
          @QueryParam("property")
          String property,
      @Parameter(description = "date, date,asc or date,desc; default date,desc") @QueryParam("sort")
          String sort,
      @Parameter(description = "Comma-separated node ids (an aggregate node: its entry nodes)")
          @QueryParam("nodes")
          String nodes,
      @Parameter(description = "Page number from 0") @QueryParam("page") Integer page,
      @Parameter(description = "Page size, 0 to 100; default 20") @QueryParam("size")
          Integer size) {
    PageRequest request = PageRequest.of(page, size, DEFAULT_SIZE, cap, MAX_SIZE);
    ConsentLogQuery q =
        ConsentLogQuery.parse(
            customerId, uniqueKey, startDate, endDate, type, property, sort, nodes, db.mapper());
    return log.search(tenant, q, request);
  }

  /** K1: one entry; a non-integer id answers 400 naming {@code id}, an unknown one 404. */
  @GET
  @Path("/{id}")
  @Operation(operationId = "getConsent", summary = "Read one consent-log entry (K1)")
  @APIResponse(
      responseCode = "200",
      description = "The entry",
      content =
          @Content(mediaType = JSON, schema = @Schema(implementation = ConsentLogResponse.class)))
  @APIResponse(responseCode = "400", description = "The id is not an integer")
  @APIResponse(responseCode = "404", description = "No such entry in this workspace")
  public Uni<ConsentLogResponse> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") Long id) {
    return log.find(tenant, id);
  }
}
