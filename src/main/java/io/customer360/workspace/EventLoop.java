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

  /**
   * Subscribes to {@code work} on an event loop, on a duplicated context; its result is delivered
   * there too. On an event loop's root context (a Vert.x SQL client callback, a timer) the work
   * moves to a duplicated context of it, which Hibernate Reactive needs.
   */
  public <T> Uni<T> call(Supplier<Uni<T>> work) {
    if (Context.isOnEventLoopThread() && VertxContext.isOnDuplicatedContext()) {
      return Uni.createFrom().<T>deferred(work::get);
    }
    Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
    return Uni.createFrom()
        .<T>deferred(work::get)
        .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
  }
}
