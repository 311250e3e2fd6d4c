package io.customer360.session;

import io.customer360.common.ApiException;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Customer sessions SE1-SE4. The session path segment takes the session's id or its value. */
@Path("/hub/v1/workspaces/{workspaceId}/customers/{customerId}/sessions")
@Tag(name = "Customer sessions")
@Authenticated
public class SessionResource {

  public record CreateSessionRequest(String value) {}

  public record SessionList(List<Session> elements) {}

  private final SessionService sessions;
  private final Tenant tenant;

  SessionResource(SessionService sessions, Tenant tenant) {
    this.sessions = sessions;
    this.tenant = tenant;
  }

  @GET
  public Uni<SessionList> list(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return sessions.list(tenant, customerId).map(SessionList::new);
  }

  @POST
  @ResponseStatus(201)
  @APIResponse(
      responseCode = "201",
      description = "The bound session",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = Session.class)))
  public Uni<Session> create(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @NotNull CreateSessionRequest body) {
    if (body == null) {
      throw ApiException.badRequest("body", "is required");
    }
    return sessions.create(tenant, customerId, body.value());
  }

  @GET
  @Path("/{sessionId}")
  public Uni<Session> get(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("sessionId") String sessionId) {
    return sessions.find(tenant, customerId, sessionId);
  }

  @DELETE
  @Path("/{sessionId}")
  public Uni<Session> delete(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("customerId") UUID customerId,
      @PathParam("sessionId") String sessionId) {
    return sessions.delete(tenant, customerId, sessionId);
  }
}
