package io.customer360.consent;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.customer360.support.Api.ws;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** Requests and consent shapes shared by the consent-log HTTP tests. */
final class ConsentFixtures {

  static final String EMAIL = "consents.marketing.automatic.email";

  private ConsentFixtures() {}

  static String consents(String workspaceId) {
    return ws(workspaceId) + "/consents";
  }

  static String customers(String workspaceId) {
    return ws(workspaceId) + "/customers";
  }

  /** {@code {"marketing":{"automatic":{channel: leaf}}}}. */
  static Map<String, Object> automatic(String channel, Map<String, Object> leaf) {
    return Map.of("marketing", Map.of("automatic", Map.of(channel, leaf)));
  }

  /** Every entry of the customer (or of a unified customer's members), oldest first. */
  static List<Map<String, Object>> entriesOf(String workspaceId, String customerId) {
    return list(workspaceId, Map.of("customerId", customerId, "sort", "date,asc", "size", 100))
        .getList("elements");
  }

  /** K2 as the admin, 200 expected. */
  static JsonPath list(String workspaceId, Map<String, ?> params) {
    return listAs(io.customer360.support.Tokens.admin(), workspaceId, params);
  }

  static JsonPath listAs(String token, String workspaceId, Map<String, ?> params) {
    return as(token)
        .queryParams(params)
        .get(consents(workspaceId))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Creates a customer as the admin, 201 expected; answers its JSON. */
  static JsonPath create(String workspaceId, Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .post(customers(workspaceId))
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** PATCHes a customer as the admin, 200 expected; answers its JSON. */
  static JsonPath patch(String workspaceId, String id, Map<String, Object> body) {
    return asAdmin()
        .body(body)
        .patch(customers(workspaceId) + "/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The entry as a comparable map without its id. */
  static Map<String, Object> entry(
      String customerId,
      String nodeId,
      String date,
      String type,
      String property,
      Object value,
      String sourceId,
      Integer userId) {
    java.util.HashMap<String, Object> m = new java.util.HashMap<>();
    m.put("customerId", customerId);
    m.put("nodeId", nodeId);
    m.put("date", date);
    m.put("type", type);
    m.put("property", property);
    m.put("value", value);
    m.put("sourceId", sourceId);
    m.put("userId", userId);
    return m;
  }

  /** The entries without their ids (which the database gives). */
  static List<Map<String, Object>> withoutIds(List<Map<String, Object>> entries) {
    return entries.stream()
        .map(
            e -> {
              java.util.HashMap<String, Object> m = new java.util.HashMap<>(e);
              m.remove("id");
              return (Map<String, Object>) m;
            })
        .toList();
  }
}
