package io.customer360.event;

import io.customer360.identity.IdentityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Whose events a customer id stands for (issue 13, fault 15): a unified customer's events are the
 * union of its member entry customers' events; any other id stands for itself.
 */
@ApplicationScoped
class EventCustomers {

  private final IdentityService identity;

  EventCustomers(IdentityService identity) {
    this.identity = identity;
  }

  /** The entry customer ids whose events {@code customerId} covers; never empty. */
  Uni<List<UUID>> owners(UUID workspaceId, UUID customerId) {
    return identity
        .memberIds(workspaceId, customerId)
        .map(members -> members.isEmpty() ? List.of(customerId) : members);
  }
}
