package io.customer360.common;

import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A small separate PostgreSQL pool for statements that may run longer than a request's bounds (the
 * retention purge batches and the retention status scan, spec §1.5 R1). The default pools close a
 * socket on which nothing moves for {@code customer360.database.socket-idle-timeout} (5 s), so a
 * statement running longer lost its connection (500, StacklessClosedChannelException) although its
 * own {@code statement_timeout} was 30 s. Here the server bound is {@code
 * customer360.database.long-statement-timeout} (30 s; PostgreSQL cancels the statement, SQLSTATE
 * 57014, answered 503) and the socket bound is that plus {@code socket-idle-timeout}, so the two
 * are coherent and a stalled server is still detected. At most {@code long-statement-pool-size}
 * connections (4), so long scans never take the request pool's connections; acquisition is bounded
 * by {@code acquisition-timeout} like the other pools. Same database and credentials as the default
 * datasource; created on first use.
 */
@ApplicationScoped
public class LongStatementPool {

  private final Vertx vertx;
  private final Customer360Config.Database bounds;
  private volatile Pool pool;

  LongStatementPool(Vertx vertx, Customer360Config config) {
    this.vertx = vertx;
    this.bounds = config.database();
  }

  /** The pool (Mutiny client), created on the first call. */
  public Pool pool() {
    Pool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = create();
          pool = p;
        }
      }
    }
    return p;
  }

  @SuppressWarnings("deprecation")
  private Pool create() {
    var config = ConfigProvider.getConfig();
    PgConnectOptions options =
        PgConnectOptions.fromUri(
            config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0]);
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(options::setUser);
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .filter(s -> !s.isEmpty())
        .ifPresent(options::setPassword);
    int acquisitionMillis = (int) bounds.acquisitionTimeout().toMillis();
    long statementMillis = bounds.longStatementTimeout().toMillis();
    int idleMillis = (int) (statementMillis + bounds.socketIdleTimeout().toMillis());
    options.setConnectTimeout(acquisitionMillis);
    options.setIdleTimeout(idleMillis);
    options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    options.setCachePreparedStatements(true);
    Map<String, String> properties = new HashMap<>(options.getProperties());
    properties.put("application_name", "customer360-long-statements");
    properties.put("statement_timeout", statementMillis + "ms");
    properties.put("idle_in_transaction_session_timeout", "10s");
    options.setProperties(properties);
    PoolOptions poolOptions =
        new PoolOptions()
            .setMaxSize(bounds.longStatementPoolSize())
            .setConnectionTimeout(acquisitionMillis)
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout(idleMillis / 2)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setPoolCleanerPeriod(Math.max(100, idleMillis / 4));
    return Pool.newInstance(PgPool.pool(vertx, options, poolOptions));
  }

  @PreDestroy
  void close() {
    Pool p = pool;
    if (p != null) {
      p.closeAndAwait();
    }
  }
}
