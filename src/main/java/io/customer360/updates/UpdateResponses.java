package io.customer360.updates;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers of the update stream (spec §1.18 US1, US2). */
public final class UpdateResponses {

  private UpdateResponses() {}

  /** US1: {@code {lastOffset}}. */
  @Schema(description = "The highest offset of the workspace's matching changes; 0 when none")
  public record LastOffsetResponse(long lastOffset) {}

  /** US2: a page of changes and the offset to ask after next. */
  @Schema(description = "Changes after the given offset, in offset order")
  public record UpdatesResponse(
      @Schema(
              description =
                  "Pass it as offset next time: the last change's offset when the page is full,"
                      + " else how far the stream is settled; never less than the offset asked")
          long nextOffset,
      List<Update> updates) {}

  /** One change: its offset, what happened and to which entity. */
  public record Update(
      @Schema(description = "Position in the stream; strictly increasing") long offset,
      @Schema(
              description = "CREATE, UPDATE or DELETE",
              enumeration = {"CREATE", "UPDATE", "DELETE"})
          String operation,
      @Schema(description = "When the change was written, epoch milliseconds") long timestamp,
      UpdateEntity entity) {}

  /**
   * The changed entity. {@code data} is the entity as written (a customer or an event in the shape
   * the API answers), null for deletes, for forgotten customers and their events, and for unified
   * customers (read those by id; a unified customer deleted by a merge carries {@code
   * {mergedInto}}).
   */
  public record UpdateEntity(
      @Schema(
              description = "CUSTOMER or EVENT",
              enumeration = {"CUSTOMER", "EVENT"})
          String type,
      @Schema(
              description =
                  "For customers: ENTRY (a customer of an entry node) or UNIFIED (a unified"
                      + " customer of an aggregate node); absent for events",
              enumeration = {"ENTRY", "UNIFIED"})
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String kind,
      UUID id,
      @Schema(description = "The entry node, or the aggregate node of a unified customer")
          UUID nodeId,
      @Schema(description = "The entity as written; null when deleted or forgotten")
          JsonNode data) {}
}
