package io.customer360.session;

import io.customer360.common.ApiException;
import io.customer360.customer.Customer;
import io.customer360.customer.CustomerEventStore;
import io.customer360.customer.CustomerQueryService;
import io.customer360.customer.CustomerService;
import io.customer360.customer.SessionBinder;
import io.customer360.session.SessionRepository.Binding;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Sessions of a customer (SE1-SE4) and the one implementation of session binding (issue 14, item
 * 1), used by SE2 and by the customer writes that carry {@code ?sessionId=}. Binding is a customer
 * change (version, change log) and hands the anonymous events of that session to the customer in
 * the same transaction. A value bound to the same customer is bound again without error; a value
 * bound to another customer of the node is a 409.
 */
@ApplicationScoped
public class SessionService implements SessionBinder {

  private final SessionRepository repository;
  private final CustomerService customers;
  private final CustomerQueryService queries;
  private final CustomerEventStore events;

  SessionService(
      SessionRepository repository,
      CustomerService customers,
      CustomerQueryService queries,
      CustomerEventStore events) {
    this.repository = repository;
    this.customers = customers;
    this.queries = queries;
    this.events = events;
  }

  /** SE1: the customer's sessions, oldest first. */
  public Uni<List<Session>> list(Tenant tenant, UUID customerId) {
    return queries
        .findEntry(tenant, customerId)
        .chain(c -> repository.list(tenant.workspaceId(), customerId));
  }

  /** SE3: a session by id or value; 404 when the customer has none such. */
  public Uni<Session> find(Tenant tenant, UUID customerId, String sessionId) {
    return queries
        .findEntry(tenant, customerId)
        .chain(c -> repository.find(tenant.workspaceId(), customerId, sessionId))
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Session"));
  }

  /** SE2: binds {@code value} to the customer; answers the (new or existing) session. */
  public Uni<Session> create(Tenant tenant, UUID customerId, String value) {
    if (value == null) {
      throw ApiException.badRequest("value", "is required");
    }
    SessionBinder.requireValid(value, "value");
    return customers.touch(tenant, customerId, (tx, c) -> bindSession(tx, c, value, "value"));
  }

  @Override
  public Uni<Void> bind(SqlClient tx, Customer customer, String value, String field) {
    SessionBinder.requireValid(value, field);
    return bindSession(tx, customer, value, field).replaceWithVoid();
  }

  private Uni<Session> bindSession(SqlClient tx, Customer c, String value, String field) {
    return repository
        .bind(tx, c.workspaceId(), c.nodeId(), c.id(), value)
        .map(binding -> requireSameCustomer(binding, c, field))
        .call(s -> events.attachSession(tx, c.workspaceId(), c.nodeId(), value, c.id()));
  }

  private static Session requireSameCustomer(Binding binding, Customer c, String field) {
    if (!binding.customerId().equals(c.id())) {
      throw ApiException.conflict(field, "the session is bound to another customer of this node");
    }
    return binding.session();
  }

  /** SE4: unbinds the session and answers it; 404 when the customer has none such. */
  public Uni<Session> delete(Tenant tenant, UUID customerId, String sessionId) {
    return customers.touch(tenant, customerId, (tx, c) -> unbind(tx, c, sessionId));
  }

  private Uni<Session> unbind(SqlClient tx, Customer c, String sessionId) {
    return repository
        .delete(tx, c.workspaceId(), c.id(), sessionId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Session"));
  }
}
