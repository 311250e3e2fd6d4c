package io.customer360.search;

import io.customer360.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Operations of the search side, for ADMIN and CLAB_OPERATOR: the indexer's state and lag, and a
 * rebuild of the Elasticsearch indices from PostgreSQL (issue 7, items 1, 2 and 6).
 */
@Path("/hub/v1/search")
@Tag(name = "Search", description = "The search indices: indexer lag and reindex (staff only).")
@RolesAllowed({Roles.ADMIN, Roles.CLAB_OPERATOR})
public class SearchResource {

  private final SearchStatusService status;

  SearchResource(SearchStatusService status) {
    this.status = status;
  }

  /** The indexer's position, lag, Elasticsearch's state and the newest reindex. */
  @GET
  @Path("/status")
  @Operation(summary = "Search indexer status and lag")
  @APIResponse(responseCode = "200", description = "The state of the search side")
  public Uni<SearchStatus> status() {
    return status.status();
  }

  /**
   * Asks for a rebuild of every index from PostgreSQL into new indices and an alias swap; answers
   * 202 at once (the leading indexer runs it; progress in the status). A request made while one
   * waits or runs joins it.
   */
  @POST
  @Path("/reindex")
  @ResponseStatus(202)
  @Operation(summary = "Rebuild the search indices from PostgreSQL")
  @APIResponse(responseCode = "202", description = "The reindex is requested; the current status")
  public Uni<SearchStatus> reindex() {
    return status.requestReindex();
  }
}
