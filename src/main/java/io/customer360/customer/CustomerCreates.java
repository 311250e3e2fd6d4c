package io.customer360.customer;

import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.customer.CustomerRepository.NewCustomer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for customer creates: concurrent creates are written together, in one statement that
 * is also one transaction and one commit (SQL function {@code customer_create}), each create still
 * fully durable when it is answered.
 *
 * <p>At most {@code customer360.limits.creates-in-flight} (default {@link #MAX_IN_FLIGHT})
 * statements run at a time, each with at most {@link #MAX_GROUP} creates. A create that arrives
 * while they all run waits in memory, holding no connection, and goes with the next statement:
 * under light load every create is its own statement, under heavy load the groups grow and the
 * database does fewer, larger commits. When a group fails as a whole (a constraint of one of its
 * customers, say), each of its creates is retried on its own so that only the faulty one fails.
 *
 * <p>A group whose customers carry consent values is written in a transaction: the statement, then
 * the consent-log entries of the customers it created in one more statement ({@link
 * CustomerConsentLog#recordChanges}), then the one commit. A group without consent values stays a
 * single statement.
 */
@ApplicationScoped
class CustomerCreates {

  /**
   * Statements running at once by default ({@code customer360.limits.creates-in-flight}); the rest
   * of the pool stays free for reads and other writes.
   */
  static final int MAX_IN_FLIGHT = 4;

  /** Creates per statement. */
  static final int MAX_GROUP = 64;

  private record Pending(NewCustomer customer, UniEmitter<? super Customer> emitter, Context ctx) {

    void complete(Customer created) {
      run(() -> emitter.complete(created));
    }

    void fail(Throwable failure) {
      run(() -> emitter.fail(failure));
    }

    /** Answers on the caller's Vert.x context, where its request scope lives. */
    private void run(Runnable action) {
      if (ctx == null) {
        action.run();
      } else {
        ctx.runOnContext(ignored -> action.run());
      }
    }
  }

  private final Pool pool;
  private final CustomerRepository repository;
  private final CustomerConsentLog consents;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;

  CustomerCreates(
      Pool pool,
      CustomerRepository repository,
      CustomerConsentLog consents,
      Customer360Config config) {
    this.pool = pool;
    this.repository = repository;
    this.consents = consents;
    this.maxInFlight = Math.max(1, config.limits().createsInFlight());
  }

  /**
   * Creates the customer with its identifiers, change-log row, unified customers and consent-log
   * entries; emits the created row, or null when the node already holds a customer with its unique
   * key (then nothing of it is written).
   */
  Uni<Customer> create(NewCustomer customer) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              queue.add(new Pending(customer, emitter, Vertx.currentContext()));
              drain();
            });
  }

  /** Starts statements while there is room and work. */
  private void drain() {
    while (!queue.isEmpty()) {
      int running = inFlight.get();
      if (running >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      List<Pending> group = poll();
      if (group.isEmpty()) {
        inFlight.decrementAndGet();
      } else {
        write(group);
      }
    }
  }

  private List<Pending> poll() {
    List<Pending> group = new ArrayList<>();
    for (Pending p = queue.poll(); p != null; p = group.size() < MAX_GROUP ? queue.poll() : null) {
      group.add(p);
    }
    return group;
  }

  private void write(List<Pending> group) {
    insert(group.stream().map(Pending::customer).toList())
        .subscribe()
        .with(created -> completed(group, created), failure -> failed(group, failure));
  }

  /**
   * One statement in its own transaction, again when PostgreSQL aborts it for a deadlock; with the
   * consent-log entries of the customers it created when any has consent values.
   */
  private Uni<List<Customer>> insert(List<NewCustomer> customers) {
    if (customers.stream().anyMatch(c -> c.consents() != null)) {
      return Db.transaction(
          pool,
          tx ->
              repository
                  .insert(tx, customers)
                  .call(created -> logConsents(tx, customers, created)));
    }
    return Uni.createFrom()
        .deferred(() -> repository.insert(pool, customers))
        .onFailure(Db::isTransient)
        .retry()
        .withBackOff(Duration.ofMillis(10), Duration.ofMillis(100))
        .atMost(2);
  }

  /**
   * For batch writes inside the caller's transaction: creates the customers in one statement, then
   * the consent-log entries of those it created, as a group commit would; answers those created (a
   * customer whose unique key the node holds is skipped).
   */
  Uni<List<Customer>> insertIn(SqlClient tx, List<NewCustomer> customers) {
    return repository.insert(tx, customers).call(created -> logConsents(tx, customers, created));
  }

  /** The consent-log writes of the customers the statement created (skipped ones write none). */
  private Uni<Void> logConsents(SqlClient tx, List<NewCustomer> customers, List<Customer> created) {
    Set<UUID> ids = new HashSet<>();
    created.forEach(c -> ids.add(c.id()));
    return consents.recordChanges(
        tx,
        customers.stream()
            .filter(c -> c.consents() != null && ids.contains(c.customer().id()))
            .map(NewCustomer::consents)
            .toList());
  }

  private void completed(List<Pending> group, List<Customer> created) {
    finished();
    Map<UUID, Customer> byId = new HashMap<>();
    created.forEach(c -> byId.put(c.id(), c));
    group.forEach(p -> p.complete(byId.get(p.customer().customer().id())));
  }

  private void failed(List<Pending> group, Throwable failure) {
    finished();
    if (group.size() == 1) {
      group.get(0).fail(failure);
      return;
    }
    group.forEach(this::alone);
  }

  /** A create of a failed group, on its own statement. */
  private void alone(Pending p) {
    inFlight.incrementAndGet();
    write(List.of(p));
  }

  private void finished() {
    inFlight.decrementAndGet();
    drain();
  }
}
