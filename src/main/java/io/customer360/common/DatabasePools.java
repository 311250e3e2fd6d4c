package io.customer360.common;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Builds both PostgreSQL pools (the default one and the event-ingest one) with time bounds that
 * Quarkus has no property for (issue 13, faults 1 and 3): connection acquisition and TCP connect
 * are bounded by {@code customer360.database.acquisition-timeout}, and a connection on which
 * nothing moves for {@code socket-idle-timeout} is closed. The server-side bounds ({@code
 * statement_timeout}, {@code idle_in_transaction_session_timeout}) are datasource properties in
 * application.properties.
 */
public class DatabasePools {

  /** The default datasource. */
  @ApplicationScoped
  public static class Default implements PgPoolCreator {

    private final Customer360Config config;

    Default(Customer360Config config) {
      this.config = config;
    }

    @Override
    public Pool create(Input input) {
      return bounded(input, config.database());
    }
  }

  /** The event-ingest datasource. */
  @ApplicationScoped
  @ReactiveDataSource("events")
  public static class Events implements PgPoolCreator {

    private final Customer360Config config;

    Events(Customer360Config config) {
      this.config = config;
    }

    @Override
    public Pool create(Input input) {
      return bounded(input, config.database());
    }
  }

  @SuppressWarnings("deprecation")
  static Pool bounded(PgPoolCreator.Input input, Customer360Config.Database bounds) {
    int acquisitionMillis = (int) bounds.acquisitionTimeout().toMillis();
    int idleMillis = (int) bounds.socketIdleTimeout().toMillis();
    // The pool retires a connection idle for half the socket bound (checked every quarter), so it
    // never hands out one whose socket the idle bound is closing at that moment: that race
    // answered 500 (StacklessClosedChannelException) to writes after a connection sat idle.
    input
        .poolOptions()
        .setConnectionTimeout(acquisitionMillis)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(idleMillis / 2)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod(Math.max(100, idleMillis / 4));
    for (PgConnectOptions options : input.pgConnectOptionsList()) {
      options.setConnectTimeout(acquisitionMillis);
      options.setIdleTimeout(idleMillis);
      options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
  }

  private DatabasePools() {}
}
