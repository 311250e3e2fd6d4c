package io.customer360.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The merged view of a unified customer, as identity resolution computes it ({@link
 * UnifiedCustomerMerger}); the customer feature renders it in the one customer wire shape (issue
 * 14, item 2; issue 13, fault 25).
 *
 * @param nodeId the aggregate node
 * @param document the merged {@code base, consents, extended, extra, tags} (absent when no member
 *     has them)
 * @param enabled whether any member is enabled
 * @param registeredAt the oldest member's registration
 * @param updatedAt the newest member's update
 * @param members how many entry customers make it up
 */
public record UnifiedCustomer(
    UUID id,
    long intId,
    UUID workspaceId,
    UUID nodeId,
    String externalId,
    ObjectNode document,
    boolean enabled,
    OffsetDateTime registeredAt,
    OffsetDateTime updatedAt,
    int version,
    int members) {}
