package io.customer360.search;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.quarkus.logging.Log;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test of a promise: the indexer's catch-up rate (change-log rows per second)
 * over a backlog of customer creates and event batches written while it was paused. Runs only with
 * {@code -Dc360.measure=true}; prints the rate.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
@EnabledIfSystemProperty(named = "c360.measure", matches = "true")
class IndexerThroughputMeasure {

  static final int CUSTOMERS = Integer.getInteger("c360.measure.customers", 2000);
  static final int EVENT_BATCHES = Integer.getInteger("c360.measure.batches", 50);

  @Inject SearchIndexer indexer;

  @Test
  void catchUpRate() throws Exception {
    String w = Api.createWorkspace();
    String node = Api.createEntryNode(w);
    SearchSync.awaitIndexed();
    indexer.pause();
    List<String> ids;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        int n = i;
        created.add(
            pool.submit(
                () ->
                    SearchIndexerTest.customer(
                        w,
                        Map.of(
                            "nodeId",
                            node,
                            "externalId",
                            "m-" + n,
                            "base",
                            Map.of("firstName", "Name" + n, "lastName", "Measure")))));
      }
      ids = new ArrayList<>();
      for (Future<String> f : created) {
        ids.add(f.get());
      }
      pool.shutdown();
      pool = Executors.newFixedThreadPool(2);
      List<Future<?>> batches = new ArrayList<>();
      Instant now = Instant.now();
      for (int b = 0; b < EVENT_BATCHES; b++) {
        int batch = b;
        batches.add(
            pool.submit(
                (java.util.concurrent.Callable<Void>)
                    () -> {
                      List<Object> items = new ArrayList<>();
                      for (int i = 0; i < 1000; i++) {
                        String c = ids.get((batch * 1000 + i) % ids.size());
                        items.add(
                            Map.of(
                                "customerId",
                                c,
                                "type",
                                "completedOrder",
                                "context",
                                "ECOMMERCE",
                                "date",
                                now.minus(i % 80, ChronoUnit.DAYS).toString(),
                                "properties",
                                Map.of("orderId", "o" + i, "amount", Map.of("total", i % 300))));
                      }
                      // a shared, loaded machine may answer 503 (pool wait): send again
                      for (int attempt = 0; ; attempt++) {
                        int status =
                            asAdmin()
                                .body(Map.of("events", items))
                                .post(ws(w) + "/events/batch")
                                .statusCode();
                        if (status == 200 || attempt >= 20) {
                          if (status != 200) {
                            throw new AssertionError("batch answered " + status);
                          }
                          break;
                        }
                        Thread.sleep(1000);
                      }
                      return null;
                    }));
      }
      for (Future<?> f : batches) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long rows = CUSTOMERS + (long) EVENT_BATCHES * 1000;
    long start = System.nanoTime();
    indexer.resume();
    SearchSync.awaitIndexed();
    double seconds = (System.nanoTime() - start) / 1e9;
    Log.infof(
        "MEASURE indexer catch-up: %d change-log rows in %.1f s = %.0f rows/s",
        rows, seconds, rows / seconds);
    System.out.printf(
        "MEASURE indexer catch-up: %d change-log rows in %.1f s = %.0f rows/s%n",
        rows, seconds, rows / seconds);
  }
}
