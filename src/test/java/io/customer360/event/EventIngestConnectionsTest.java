package io.customer360.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.customer360.support.RealServices;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Event ingest commits asynchronously; every other write stays synchronous. */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class EventIngestConnectionsTest {

  @Inject Pool pool;

  @Inject
  @ReactiveDataSource("events")
  Pool ingest;

  @Test
  void onlyTheEventIngestConnectionsCommitAsynchronously() {
    assertEquals("off", setting(ingest));
    assertEquals("on", setting(pool));
  }

  private static String setting(Pool p) {
    return p.query("show synchronous_commit")
        .execute()
        .map(rows -> rows.iterator().next().getString(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
