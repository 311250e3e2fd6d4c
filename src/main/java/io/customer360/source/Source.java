package io.customer360.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** A source as every feature sees it: an immutable record (never the managed entity). */
public record Source(
    UUID id,
    UUID workspaceId,
    SourceProvider provider,
    String name,
    String description,
    JsonNode properties,
    List<UUID> nodes,
    boolean enabled) {}
