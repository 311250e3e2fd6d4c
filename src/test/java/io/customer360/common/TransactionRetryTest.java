package io.customer360.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class TransactionRetryTest {

  @Inject Pool pool;

  private static final String FAIL_WITH =
      "do $$ begin raise exception 'simulated' using errcode = '%s'; end $$";

  @Test
  void reRunsATransactionThatPostgresqlAbortedForADeadlock() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        Db.transaction(
                pool,
                tx ->
                    attempts.incrementAndGet() == 1
                        ? tx.query(FAIL_WITH.formatted("40P01")).execute().replaceWith("first")
                        : tx.query("select 'second' as v")
                            .execute()
                            .map(r -> r.iterator().next().getString("v")))
            .await()
            .atMost(Duration.ofSeconds(10));
    assertEquals("second", result);
    assertEquals(2, attempts.get());
  }

  @Test
  void givesUpAfterThreeAttemptsAndDoesNotRetryOtherErrors() {
    AtomicInteger deadlocks = new AtomicInteger();
    assertThrows(
        PgException.class,
        () ->
            Db.transaction(
                    pool,
                    tx -> {
                      deadlocks.incrementAndGet();
                      return tx.query(FAIL_WITH.formatted("40001")).execute();
                    })
                .await()
                .atMost(Duration.ofSeconds(10)));
    assertEquals(3, deadlocks.get());

    AtomicInteger others = new AtomicInteger();
    assertThrows(
        PgException.class,
        () ->
            Db.transaction(
                    pool,
                    tx -> {
                      others.incrementAndGet();
                      return tx.query(FAIL_WITH.formatted("23505")).execute();
                    })
                .await()
                .atMost(Duration.ofSeconds(10)));
    assertEquals(1, others.get());
  }
}
