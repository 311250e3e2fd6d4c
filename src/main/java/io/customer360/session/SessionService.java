package io.customer360.session;

import io.customer360.common.ApiException;
import io.customer360.customer.CustomerService;
import io.customer360.event.CustomerEvents;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sessions of a customer. Binding one is a customer change (version, change log) and hands the
 * anonymous events of that session to the customer in the same transaction.
 */
@ApplicationScoped
public class SessionService {

  static final int MAX_VALUE_LENGTH = 255;

  private final SessionRepository repository;
  private final CustomerService customers;
  private final CustomerEvents events;

  SessionService(SessionRepository repository, CustomerService customers, CustomerEvents events) {
    this.repository = repository;
    this.customers = customers;
    this.events = events;
  }

  public Uni<List<Session>> list(Tenant tenant, UUID customerId) {
    return customers
        .findEntry(tenant, customerId)
        .chain(c -> repository.list(tenant.workspaceId(), customerId));
  }

  public Uni<Session> find(Tenant tenant, UUID customerId, String sessionId) {
    return customers
        .findEntry(tenant, customerId)
        .chain(c -> repository.find(tenant.workspaceId(), customerId, sessionId))
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Session"));
  }

  public Uni<Session> create(Tenant tenant, UUID customerId, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("value", "is required");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw ApiException.badRequest(
          "value", "must be at most " + MAX_VALUE_LENGTH + " characters long");
    }
    AtomicReference<Session> created = new AtomicReference<>();
    return customers
        .update(
            tenant,
            customerId,
            c -> c.writable(),
            null,
            (tx, c) ->
                repository
                    .insert(tx, c.workspaceId(), c.nodeId(), c.id(), value)
                    .chain(
                        s -> {
                          if (s == null) {
                            throw ApiException.conflict(
                                "value", "the session value exists already in this node");
                          }
                          created.set(s);
                          return events.attachSession(
                              tx, c.workspaceId(), c.nodeId(), value, c.id());
                        })
                    .replaceWithVoid())
        .map(c -> created.get());
  }

  public Uni<Session> delete(Tenant tenant, UUID customerId, String sessionId) {
    AtomicReference<Session> deleted = new AtomicReference<>();
    return customers
        .update(
            tenant,
            customerId,
            c -> c.writable(),
            null,
            (tx, c) ->
                repository
                    .delete(tx, c.workspaceId(), c.id(), sessionId)
                    .invoke(
                        s -> {
                          if (s == null) {
                            throw ApiException.notFound("Session");
                          }
                          deleted.set(s);
                        })
                    .replaceWithVoid())
        .map(c -> deleted.get());
  }
}
