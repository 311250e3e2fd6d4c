package io.customer360.node;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A node's event retention policy as stored in its {@code retention} column (spec §1.6 N2/N3,
 * N9–N12): {@code enabled} (N11/N12, N1's {@code retentionState}) and {@code events}, months to
 * keep per event type name (N9/N10). The node feature stores the map as given; the retention
 * feature validates event types and months before writing and resolves the months that apply.
 * {@code entryNodes} are an aggregate node's entry nodes (null for an entry node), so that a policy
 * of an aggregate can be resolved for the events its entry nodes hold.
 */
public record NodeRetention(
    UUID nodeId,
    UUID workspaceId,
    NodeType type,
    List<UUID> entryNodes,
    boolean enabled,
    Map<String, Integer> events) {}
