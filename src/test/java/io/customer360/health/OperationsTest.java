package io.customer360.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.support.RealServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class OperationsTest {

  @Test
  void readinessChecksPostgresqlAndElasticsearch() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("postgresql", "elasticsearch"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void publishesTheOpenApiDocumentWithEveryFoundationEndpoint() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/hub/v1/workspaces'.post", notNullValue())
        .body("paths.'/hub/v1/workspaces/{workspaceId}/status'.put", notNullValue())
        .body("paths.'/hub/v1/workspaces/{workspaceId}/configuration'.put", notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/throttling'.put", notNullValue())
        .body("paths.'/hub/v1/workspaces/{workspaceId}/configuration/nodes'.get", notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/nodes/entries/{nodeId}/data'.delete",
            notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/nodes/aggregates/{aggregateNodeId}/state'.put",
            notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/sources/{sourceId}/refresh-token'.post",
            notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/unique-customer-matching-policy'.get",
            notNullValue())
        .body(
            "paths.'/hub/v1/workspaces/{workspaceId}/configuration/users/{id}'.put", notNullValue())
        .body("paths.'/hub/v1/me'.get", notNullValue())
        .body("components.schemas.CreateWorkspaceRequest", notNullValue())
        // every Customer 360 operation documents the dialect's shared errors in its envelope
        .body(
            "paths.'/{locale}/api/customer360/segments/{id}'.put.responses.'503'.content."
                + "'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/Customer360ErrorEnvelope"))
        .body(
            "paths.'/{locale}/api/customer360'.get.responses.'401'.content."
                + "'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/Customer360ErrorEnvelope"));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void exposesPrometheusMetrics() {
    given().get("/hub/v1/workspaces").then().statusCode(401);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds"));
  }
}
