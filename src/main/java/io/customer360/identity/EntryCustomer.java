package io.customer360.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An entry customer as identity resolution sees it: {@code document} is the customer's API JSON
 * (id, nodeId, externalId, base, consents, extended, extra, tags, enabled, registeredAt, updatedAt,
 * sourceInfo), from which the aggregate node's matching properties are read.
 */
public record EntryCustomer(
    UUID workspaceId,
    UUID nodeId,
    UUID id,
    ObjectNode document,
    OffsetDateTime registeredAt,
    OffsetDateTime updatedAt) {}
