package io.customer360.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lints the published OpenAPI document with Redocly CLI and its recommended rules (redocly.yaml;
 * issue 14, item 8): any error fails the build; warnings are printed by rule. The CLI is fetched
 * from the npm registry by {@code npx} (cached in ~/.npm), at the version pinned in pom.xml.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class OpenApiLintTest {

  static final String REDOCLY = "@redocly/cli@" + System.getProperty("redocly.version", "2.77.0");

  @Test
  void lintsThePublishedDocument() throws Exception {
    Path document = Path.of("target", "openapi.json");
    Files.createDirectories(document.getParent());
    Files.writeString(
        document,
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    Path report = Path.of("target", "openapi-lint.json");
    Process lint =
        new ProcessBuilder(
                "npx",
                "--yes",
                REDOCLY,
                "lint",
                document.toString(),
                "--format=json",
                "--config=redocly.yaml")
            .redirectOutput(report.toFile())
            .redirectError(new File("target/openapi-lint.log"))
            .start();
    assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "redocly lint did not finish");
    JsonNode result = new ObjectMapper().readTree(Files.readString(report, StandardCharsets.UTF_8));
    assertTrue(result.has("totals"), "redocly lint did not run: see target/openapi-lint.log");
    Map<String, Integer> byRule = new TreeMap<>();
    for (JsonNode problem : result.path("problems")) {
      byRule.merge(
          problem.path("severity").asText() + " " + problem.path("ruleId").asText(),
          1,
          Integer::sum);
    }
    int errors = result.path("totals").path("errors").asInt();
    System.out.printf(
        "OpenAPI lint: %d errors, %d warnings; by rule: %s%n",
        errors, result.path("totals").path("warnings").asInt(), byRule);
    assertTrue(errors == 0, "OpenAPI lint errors: " + byRule);
  }
}
