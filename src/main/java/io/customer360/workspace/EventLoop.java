package io.customer360.workspace;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs Hibernate Reactive work on a Vert.x event loop (on a duplicated context), as Hibernate
 * Reactive requires. Configuration lookups are called by other features from any thread, including
 * the worker threads of blocking resource methods and their request filters; on an event loop the
 * work runs at once.
 */
@ApplicationScoped
public class EventLoop {

  private final Vertx vertx;

  EventLoop(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Subscribes to {@code work} on an event loop; its result is delivered there too. */
  public <T> Uni<T> call(Supplier<Uni<T>> work) {
    if (Context.isOnEventLoopThread()) {
      return Uni.createFrom().<T>deferred(work::get);
    }
    Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
    return Uni.createFrom()
        .<T>deferred(work::get)
        .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
  }
}
