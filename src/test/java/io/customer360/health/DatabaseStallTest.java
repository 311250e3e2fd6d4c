package io.customer360.health;

import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL that stops answering (connections accepted, no data ever sent) must not hang requests
 * or the readiness probe (issue 13, faults 1 and 3): requests answer 503 with Retry-After within a
 * few seconds and readiness answers DOWN within about a second. The stalled server is a plain TCP
 * socket on loopback that accepts and never answers.
 */
@QuarkusTest
@TestProfile(DatabaseStallTest.StalledDatabase.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class DatabaseStallTest {

  /** Accepts connections and never answers; lives for the whole test class. */
  static final Stall STALL = new Stall();

  /** Points the request pools at the stalled socket; Flyway (JDBC) keeps the real database. */
  public static class StalledDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String url = "postgresql://127.0.0.1:" + STALL.port() + "/stalled";
      return Map.of(
          "quarkus.datasource.reactive.url",
          url,
          "quarkus.datasource.events.reactive.url",
          url,
          "customer360.database.acquisition-timeout",
          "2s",
          "customer360.database.socket-idle-timeout",
          "2s");
    }
  }

  @AfterAll
  static void stop() {
    STALL.close();
  }

  @Test
  void requestsAnswer503WithRetryAfterQuickly() {
    // The first request also fetches the token and the provider's keys; time the ones after it.
    asAdmin().get(Api.ws(UUID.randomUUID().toString()) + "/configuration");
    for (String path : new String[] {"/configuration", "/customers?nodeId=" + UUID.randomUUID()}) {
      long start = System.nanoTime();
      asAdmin()
          .get(Api.ws(UUID.randomUUID().toString()) + path)
          .then()
          .statusCode(503)
          .header("Retry-After", notNullValue())
          .body("message", notNullValue());
      assertThat((System.nanoTime() - start) / 1_000_000, lessThan(5_000L));
    }
  }

  @Test
  void readinessAnswersDownWithinASecond() {
    long start = System.nanoTime();
    given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    assertThat((System.nanoTime() - start) / 1_000_000, lessThan(1_500L));
  }

  /** A TCP server on loopback that accepts connections and never writes a byte. */
  static final class Stall implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

    Stall() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Thread acceptor = new Thread(this::accept, "stalled-postgresql");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      try {
        server.close();
        synchronized (held) {
          for (Socket s : held) {
            s.close();
          }
        }
      } catch (IOException ignored) {
        // closing a test socket
      }
    }
  }
}
