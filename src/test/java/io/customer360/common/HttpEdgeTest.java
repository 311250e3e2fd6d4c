package io.customer360.common;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before any resource runs answers with the normal JSON error body
 * (issue 13, fault 23).
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class HttpEdgeTest {

  @Test
  void aTooLongUriAnswers414WithTheErrorBody() {
    String ws = Api.createWorkspace();
    asAdmin()
        .queryParam("name", "x".repeat(9000))
        .get(ws(ws) + "/configuration/nodes")
        .then()
        .statusCode(414)
        .contentType(startsWith("application/json"))
        .body("message", notNullValue())
        .body("errors[0].path", equalTo("uri"));
  }

  /** Announces a body beyond the transport limit (16 MB) and reads the answer. */
  @Test
  void aTooLargeBodyAnswers413WithTheErrorBody() throws Exception {
    String ws = Api.createWorkspace();
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(5_000);
      String request =
          "PUT "
              + ws(ws)
              + "/configuration HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + Tokens.admin()
              + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder received = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (!received.toString().endsWith("}")) {
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
          break;
        }
        received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      String answer = received.toString();
      assertThat(answer, startsWith("HTTP/1.1 413"));
      assertThat(answer, containsString("application/json"));
      assertThat(answer, containsString("\"message\""));
    }
  }

  @Test
  void anUnsupportedMediaTypeAnswers415WithTheErrorBody() {
    String ws = Api.createWorkspace();
    asAdmin()
        .contentType("text/plain")
        .body("currency=EUR")
        .put(ws(ws) + "/configuration")
        .then()
        .statusCode(415)
        .contentType(startsWith("application/json"))
        .body("message", notNullValue());
    asAdmin()
        .contentType("application/xml")
        .body("<a/>")
        .post(Api.HUB + "/workspaces")
        .then()
        .statusCode(415)
        .contentType(startsWith("application/json"))
        .body("message", notNullValue());
  }
}
