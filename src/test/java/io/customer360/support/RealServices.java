package io.customer360.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real PostgreSQL, Elasticsearch and Keycloak through scripts/services.sh before the
 * application under test starts. The script is idempotent: services that already answer (or that
 * the environment names) are used as they are.
 */
public class RealServices implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    try {
      Process p =
          new ProcessBuilder("bash", "scripts/services.sh", "start")
              .directory(new File(System.getProperty("user.dir")))
              .inheritIO()
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("scripts/services.sh start failed");
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the real services", e);
    }
    return Map.of();
  }

  @Override
  public void stop() {
    // Services stay up for the next run; scripts/services.sh stop stops what the script started.
  }
}
