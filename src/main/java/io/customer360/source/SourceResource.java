package io.customer360.source;

import io.customer360.common.Paged;
import io.customer360.source.SourceRequests.SourceRequest;
import io.customer360.source.SourceRequests.SourceResponse;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Sources of a workspace (spec: sources): list, create, get, replace and refresh the token. */
@Path("/hub/v1/workspaces/{workspaceId}/configuration/sources")
@Tag(name = "Sources")
@Authenticated
public class SourceResource {

  private final SourceService sources;
  private final Tenant tenant;

  SourceResource(SourceService sources, Tenant tenant) {
    this.sources = sources;
    this.tenant = tenant;
  }

  @GET
  public Uni<Paged<SourceResponse>> list(@PathParam("workspaceId") String workspaceId) {
    return sources
        .list(tenant.workspaceId())
        .map(all -> Paged.all(all.stream().map(s -> SourceResponse.of(s, null)).toList()));
  }

  @POST
  @ResponseStatus(201)
  @APIResponse(
      responseCode = "201",
      description = "The new source with its token, shown once",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = SourceResponse.class)))
  public Uni<SourceResponse> create(
      @PathParam("workspaceId") String workspaceId, @Valid @NotNull SourceRequest body) {
    return sources.create(tenant, body);
  }

  @GET
  @Path("/{sourceId}")
  public Uni<SourceResponse> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("sourceId") UUID sourceId) {
    return sources.find(tenant.workspaceId(), sourceId).map(s -> SourceResponse.of(s, null));
  }

  @PUT
  @Path("/{sourceId}")
  public Uni<SourceResponse> modify(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("sourceId") UUID sourceId,
      @Valid @NotNull SourceRequest body) {
    return sources.modify(tenant, sourceId, body).map(s -> SourceResponse.of(s, null));
  }

  @POST
  @Path("/{sourceId}/refresh-token")
  public Uni<SourceResponse> refreshToken(
      @PathParam("workspaceId") String workspaceId, @PathParam("sourceId") UUID sourceId) {
    return sources.refreshToken(tenant, sourceId);
  }
}
