package io.customer360.connector.talk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.connector.talk.TalkResponses.Result;
import io.customer360.connector.talk.TalkResponses.TalkBatchResponse;
import io.customer360.connector.talk.TalkResponses.TalkItemResult;
import io.customer360.customer.CustomerBodies;
import io.customer360.workspace.Tenant;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The talk contact-center connector (seed 002, spec talk-connector.md): talk customers in (one
 * object or an array, webhook-friendly) and a customer out in the talk shape. Errors use the
 * Contacthub envelope.
 */
@Path("/hub/v1/workspaces/{workspaceId}/connectors/talk")
@Tag(name = "Talk connector")
@Authenticated
public class TalkResource {

  /** Largest request body. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final TalkService talk;
  private final Tenant tenant;
  private final ObjectMapper mapper;

  TalkResource(TalkService talk, Tenant tenant, ObjectMapper mapper) {
    this.talk = talk;
    this.tenant = tenant;
    this.mapper = mapper;
  }

  /**
   * One talk customer: 201 with its item result when created, 200 when it updated the customer
   * holding its talk id, else the Contacthub error envelope with the item's status (400 naming the
   * talk field). An array (at most {@value TalkService#MAX_ITEMS}): 200 when every item was stored,
   * else 207; the body lists each item's result in order, good items stored, bad ones reported,
   * also an item the database could not serve (503 with {@code retryAfter}, and the answer then
   * carries the largest as Retry-After) or that failed unexpectedly (500).
   */
  @POST
  @Path("/nodes/{nodeId}/customers")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "upsertTalkCustomers",
      summary = "Upsert talk customers (one object or an array) into an entry node")
  @RequestBody(
      required = true,
      description = "A talk customer (seed 002), or an array of them",
      content =
          @Content(
              mediaType = TalkDocs.JSON,
              schema = @Schema(implementation = TalkDocs.TalkCustomer.class),
              examples = @ExampleObject(name = "seed", value = TalkDocs.EXAMPLE)))
  @APIResponse(
      responseCode = "201",
      description = "One talk customer, created: its Contacthub id",
      content =
          @Content(
              mediaType = TalkDocs.JSON,
              schema = @Schema(implementation = TalkItemResult.class)))
  @APIResponse(
      responseCode = "200",
      description =
          "One talk customer that updated the customer with its talk id, or an array whose items"
              + " were all stored",
      content =
          @Content(
              mediaType = TalkDocs.JSON,
              schema = @Schema(implementation = TalkItemResult.class)))
  @APIResponse(
      responseCode = "207",
      description =
          "An array with refused or failed items: each item's status (400-422, 500, or 503 with"
              + " retryAfter), id or errors",
      content =
          @Content(
              mediaType = TalkDocs.JSON,
              schema = @Schema(implementation = TalkBatchResponse.class)))
  @APIResponse(responseCode = "400", description = "A field of the talk customer is invalid")
  @APIResponse(responseCode = "404", description = "The node does not exist in this workspace")
  @APIResponse(
      responseCode = "422",
      description = "The node's unique-customer policy is not [externalId]")
  public Uni<Response> upsert(
      @PathParam("workspaceId") String workspaceId,
      @PathParam("nodeId") String nodeId,
      byte[] body) {
    JsonNode json = parse(body);
    CustomerBodies.requireWellFormed(json);
    boolean array = json.isArray();
    List<JsonNode> items = new ArrayList<>();
    if (array) {
      if (json.isEmpty() || json.size() > TalkService.MAX_ITEMS) {
        throw ApiException.badRequest(
            "body", "must hold from 1 to " + TalkService.MAX_ITEMS + " talk customers");
      }
      json.forEach(items::add);
    } else if (json.isObject()) {
      items.add(json);
    } else {
      throw ApiException.badRequest("body", "must be a talk customer object or an array of them");
    }
    return talk.upsert(tenant, nodeId, items, array)
        .map(results -> array ? batch(results) : single(results.get(0)));
  }

  private static Response single(TalkItemResult r) {
    if (r.result() == Result.ERROR) {
      throw new ApiException(r.status(), r.message(), r.errors(), r.retryAfter());
    }
    return Response.status(r.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(r).build();
  }

  private static Response batch(List<TalkItemResult> results) {
    int rejected = (int) results.stream().filter(r -> r.result() == Result.ERROR).count();
    Response.ResponseBuilder answer =
        Response.status(rejected == 0 ? 200 : 207)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new TalkBatchResponse(results.size() - rejected, rejected, results));
    results.stream()
        .map(TalkItemResult::retryAfter)
        .filter(java.util.Objects::nonNull)
        .max(Integer::compare)
        .ifPresent(seconds -> answer.header("Retry-After", seconds));
    return answer.build();
  }

  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("body", "is required");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge(MAX_BODY_BYTES);
    }
    try {
      return mapper.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalidJson(e);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "must be well-formed JSON");
    }
  }

  /**
   * A customer in the talk shape (the inverse mapping; fields the customer does not hold are null).
   * 404 for an unknown or foreign customer or one the caller may not read.
   */
  @GET
  @Path("/customers/{customerId}")
  @Operation(operationId = "getTalkCustomer", summary = "Read a customer in the talk shape")
  @APIResponse(
      responseCode = "200",
      description = "The customer as a talk customer object",
      content =
          @Content(
              mediaType = TalkDocs.JSON,
              schema = @Schema(implementation = TalkDocs.TalkCustomer.class)))
  @APIResponse(responseCode = "404", description = "No such customer the caller may read")
  public Uni<ObjectNode> get(
      @PathParam("workspaceId") String workspaceId, @PathParam("customerId") UUID customerId) {
    return talk.render(tenant, customerId);
  }
}
