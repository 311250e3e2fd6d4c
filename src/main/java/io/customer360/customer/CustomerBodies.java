package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Reads customer request bodies from their raw bytes, so the 64 kB limit is measured on what the
 * client sent, before any parsing.
 */
@ApplicationScoped
public class CustomerBodies {

  private final ObjectMapper mapper;

  CustomerBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode customer(byte[] body) {
    if (body != null && body.length > CustomerValidator.MAX_PAYLOAD_BYTES) {
      throw ApiException.payloadTooLarge(CustomerValidator.MAX_PAYLOAD_BYTES);
    }
    return object(body);
  }

  public ObjectNode object(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("body", "is required");
    }
    JsonNode n;
    try {
      n = mapper.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.invalidJson(e);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "must be well-formed JSON");
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    return (ObjectNode) n;
  }
}
