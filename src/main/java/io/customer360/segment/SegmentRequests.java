package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.PageInfo;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request and response shapes of the segments API ({@code /hub/v1/workspaces/{ws}/segments}, the
 * shape of Contacthub's earlier public API: {@code {id, name, query, enabled, createdAt,
 * updatedAt}}). Bodies are strict like everywhere (unknown properties, duplicate keys and lenient
 * coercions answer 400); the rules on the values are {@link SegmentService}'s.
 */
public final class SegmentRequests {

  private SegmentRequests() {}

  /** The query of spec §4 as the OpenAPI document describes it. */
  @Schema(
      name = "SegmentQuery",
      type = SchemaType.OBJECT,
      additionalProperties = Schema.True.class,
      description =
          "A query of the Contacthub query language (spec §4), the JSON the query parameter of"
              + " the customer search carries: {\"name\": \"...\", \"query\": {\"type\":"
              + " \"simple\"|\"combined\", ...}}",
      example =
          "{\"name\":\"milan\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
              + "{\"type\":\"atomic\",\"attribute\":\"base.address.city\","
              + "\"operator\":\"EQUALS\",\"value\":\"Milano\"}}}}")
  public static final class QuerySchema {
    private QuerySchema() {}
  }

  /** POST and PUT body. */
  @Schema(name = "SegmentRequest", description = "A segment to create, or its new values")
  public record SegmentRequest(
      @Schema(
              required = true,
              maxLength = SegmentService.MAX_NAME,
              description = "Unique in the workspace, compared case-insensitively; trimmed")
          String name,
      @Schema(required = true, implementation = QuerySchema.class) JsonNode query,
      @Schema(description = "Default true; a disabled segment is left out of the largest ones")
          Boolean enabled) {}

  /** A segment on the wire. */
  @Schema(name = "SegmentResponse", description = "A segment")
  public record SegmentResponse(
      UUID id,
      String name,
      @Schema(implementation = QuerySchema.class) JsonNode query,
      boolean enabled,
      @Schema(format = "date-time", example = "2026-11-29T10:00:00.123Z") OffsetDateTime createdAt,
      @Schema(format = "date-time", example = "2026-11-29T10:00:00.123Z")
          OffsetDateTime updatedAt) {

    static SegmentResponse of(Segment s) {
      return new SegmentResponse(
          s.id(), s.name(), s.query(), s.enabled(), s.createdAt(), s.updatedAt());
    }
  }

  /** A page of segments. */
  @Schema(name = "SegmentPage", description = "A page of segments, by name")
  public record SegmentPage(List<SegmentResponse> elements, PageInfo page) {}
}
