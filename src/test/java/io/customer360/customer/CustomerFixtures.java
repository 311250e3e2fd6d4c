package io.customer360.customer;

import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.customer360.support.Api;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Workspaces, nodes and customers for the customer HTTP tests. */
final class CustomerFixtures {

  private CustomerFixtures() {}

  static String nodeWithUniqueKey(
      String workspaceId, List<String> properties, boolean caseSensitive) {
    return Api.createEntryNode(
        workspaceId,
        Map.of(
            "name",
            "Entry " + UUID.randomUUID().toString().substring(0, 6),
            "uniqueCustomer",
            Map.of("properties", properties, "caseSensitive", caseSensitive)));
  }

  static String customers(String workspaceId) {
    return ws(workspaceId) + "/customers";
  }

  static ValidatableResponse create(String workspaceId, Object body) {
    return asAdmin().body(body).post(customers(workspaceId)).then();
  }

  static String createId(String workspaceId, Object body) {
    return create(workspaceId, body).statusCode(201).extract().path("id");
  }
}
