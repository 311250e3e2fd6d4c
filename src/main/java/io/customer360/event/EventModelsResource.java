package io.customer360.event;

import static io.customer360.event.EventApiDocs.*;

import io.customer360.common.Elements;
import io.customer360.event.EventRequests.ContextType;
import io.customer360.event.EventRequests.MergePolicyType;
import io.customer360.event.EventRequests.ProviderType;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** T1-T3: catalogue types. The tenant filter has already admitted the caller. */
@Path("/hub/v1/workspaces/{workspaceId}/models")
@Tag(
    name = "Catalog types",
    description = "Catalogue types (spec T1-T3): merge policies, source providers, event contexts")
@Authenticated
public class EventModelsResource {

  @GET
  @Path("/merge-policies")
  @Operation(operationId = "listMergePolicies", summary = "List the merge policies (T1)")
  @APIResponse(responseCode = "200", description = "The merge policies")
  public Elements<MergePolicyType> mergePolicies(@PathParam("workspaceId") String workspaceId) {
    return new Elements<>(EventCatalogues.MERGE_POLICIES);
  }

  @GET
  @Path("/providers")
  @Operation(operationId = "listProviders", summary = "List the source providers (T2)")
  @APIResponse(responseCode = "200", description = "The providers")
  public Elements<ProviderType> providers(@PathParam("workspaceId") String workspaceId) {
    return new Elements<>(EventCatalogues.PROVIDERS);
  }

  @GET
  @Path("/contexts")
  @Operation(operationId = "listContexts", summary = "List the event contexts (T3)")
  @APIResponse(responseCode = "200", description = "The contexts")
  public Elements<ContextType> contexts(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("resolveReferences") Boolean resolve) {
    return new Elements<>(EventCatalogues.contexts(Boolean.TRUE.equals(resolve)));
  }
}
