package io.customer360.common;

import io.quarkus.logging.Log;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a database that cannot serve now (refused, broken or closed connection, pool acquisition
 * timeout as the SQL client or Hibernate Reactive reports it, cancelled statement, server shutting
 * down) from a bug, and logs an outage once: one WARN when it starts, one summary per minute while
 * it lasts, one INFO when the readiness check sees PostgreSQL again (issue 13, fault 3). Never a
 * stack trace per request.
 */
public final class DatabaseOutage {

  private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
  private static final AtomicReference<Instant> SINCE = new AtomicReference<>();
  private static final AtomicReference<Instant> LAST_SUMMARY = new AtomicReference<>();
  private static final AtomicLong REFUSED = new AtomicLong();

  private DatabaseOutage() {}

  /** True when the failure (or one of its causes) means "PostgreSQL cannot serve now". */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof ClosedConnectionException
          // A connection closed under a running statement (netty's
          // StacklessClosedChannelException, e.g. the socket idle bound or a server restart).
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      if (t instanceof PgException p && isUnavailableState(p.getSqlState())) {
        return true;
      }
      String message = t.getMessage();
      // The pool's acquisition timeout as Hibernate Reactive (Panache) sees it.
      if (t instanceof io.vertx.core.impl.NoStackTraceThrowable && "Timeout".equals(message)) {
        return true;
      }
      if (t instanceof io.vertx.core.VertxException
          && message != null
          && (message.contains("Timeout waiting for connection")
              || message.contains("Connection was closed")
              || message.contains("Pool closed"))) {
        return true;
      }
      // The reactive pool's connection acquisition (Hibernate Reactive sessions) under a stall
      // fails with a bare "Timeout" that carries no stack trace and no type of its own.
      if (t instanceof io.vertx.core.impl.NoStackTraceThrowable && "Timeout".equals(message)) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P0x (shutdown) and 57014
   * (statement cancelled by {@code statement_timeout}).
   */
  static boolean isUnavailableState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P0")
            || "57014".equals(state)
            || "25P03".equals(state));
  }

  /** Records one refused request; logs the outage's start and a summary per minute. */
  public static void refused(Throwable cause) {
    long count = REFUSED.incrementAndGet();
    Instant now = Instant.now();
    if (SINCE.compareAndSet(null, now)) {
      LAST_SUMMARY.set(now);
      Log.warnf(
          "PostgreSQL cannot serve (unreachable, overloaded or a statement timed out),"
              + " answering 503: %s: %s",
          cause.getClass().getSimpleName(), cause.getMessage());
      return;
    }
    Instant last = LAST_SUMMARY.get();
    if (last != null
        && last.plus(SUMMARY_EVERY).isBefore(now)
        && LAST_SUMMARY.compareAndSet(last, now)) {
      Log.warnf("PostgreSQL still cannot serve since %s; %d requests refused", SINCE.get(), count);
    }
  }

  /** Called when PostgreSQL answered again; logs the end of an outage once. */
  public static void recovered() {
    Instant since = SINCE.getAndSet(null);
    if (since != null) {
      Log.infof(
          "PostgreSQL available again after %s; %d requests refused",
          Duration.between(since, Instant.now()), REFUSED.getAndSet(0));
    }
  }
}
