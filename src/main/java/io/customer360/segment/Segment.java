package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A segment: a named query in the Contacthub query language (spec contacthub-api.md §4) over a
 * workspace's customers, counted live against a node (DESIGN.md §6). {@code query} is the query
 * object as the client wrote it ({@code {"name":…, "query":{"type":"simple"|"combined", …}}}).
 */
public record Segment(
    UUID id,
    UUID workspaceId,
    String name,
    JsonNode query,
    boolean enabled,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
