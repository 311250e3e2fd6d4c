package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads customer request bodies from their raw bytes, so the 64 kB limit is measured on what the
 * client sent, before any parsing. Every string and property name must be well-formed Unicode
 * without NUL: a lone surrogate ({@code "a\ud800b"}) would be stored as {@code a?b}, so it is a 400
 * naming its path before anything is written (issue 13, fault 9).
 */
@ApplicationScoped
public class CustomerBodies {

  private final ObjectMapper mapper;

  CustomerBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A customer (or customer item) body: at most 64 kB, a JSON object of well-formed text. */
  public ObjectNode customer(byte[] body) {
    if (body != null && body.length > CustomerValidator.MAX_PAYLOAD_BYTES) {
      throw ApiException.payloadTooLarge(CustomerValidator.MAX_PAYLOAD_BYTES);
    }
    return object(body);
  }

  /** A JSON object of well-formed text; 400 naming {@code body} or the offending path. */
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
    List<FieldError> errors = new ArrayList<>();
    checkText("", n, errors);
    CustomerService.throwIfAny(errors);
    return (ObjectNode) n;
  }

  /** {@link #object} whose properties are all in {@code allowed}; 400 naming any other. */
  public ObjectNode object(byte[] body, Set<String> allowed) {
    ObjectNode n = object(body);
    List<FieldError> errors = new ArrayList<>();
    n.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "is not a known property"));
              }
            });
    CustomerService.throwIfAny(errors);
    return n;
  }

  /**
   * Any JSON body (an object or an array, e.g. of a connector): every string and property name must
   * be well-formed Unicode without NUL, else 400 naming each offending path ({@code [2].name}).
   */
  public static void requireWellFormed(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    checkText("", body, errors);
    CustomerService.throwIfAny(errors);
  }

  private static void checkText(String path, JsonNode n, List<FieldError> errors) {
    if (n.isTextual() && !wellFormed(n.asText())) {
      errors.add(new FieldError(path, "must be well-formed Unicode text without NUL"));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        checkText(path + "[" + i + "]", n.get(i), errors);
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (!wellFormed(e.getKey())) {
          errors.add(
              new FieldError(
                  path.isEmpty() ? "body" : path,
                  "property names must be well-formed Unicode text without NUL"));
        } else {
          checkText(at, e.getValue(), errors);
        }
      }
    }
  }

  /** No NUL and no unpaired surrogate. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
