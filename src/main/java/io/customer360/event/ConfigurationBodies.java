package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every event-configuration body passes before its own rules (issue 13, faults 8, 10,
 * 11, 12): present and an object, only known properties at its top level, and every string bounded:
 * names and labels at most {@value #MAX_NAME} characters, any other string (descriptions and the
 * like) at most {@value #MAX_TEXT}, at most {@value #MAX_ENTRIES} entries per object.
 */
final class ConfigurationBodies {

  static final int MAX_NAME = 255;
  static final int MAX_TEXT = 1_000;
  static final int MAX_ENTRIES = 500;

  private static final Set<String> NAME_KEYS = Set.of("label", "name", "id", "type");

  private ConfigurationBodies() {}

  /**
   * The body as an object whose top-level keys are all in {@code allowed} (null allows any key),
   * with every string bounded; else 400 naming the field and the rule. An absent or null body is
   * refused: it never clears a setting.
   */
  static JsonNode object(JsonNode body, Set<String> allowed) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      throw ApiException.badRequest("body", "must not be empty");
    }
    if (!body.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    if (allowed != null) {
      body.fieldNames()
          .forEachRemaining(
              f -> {
                if (!allowed.contains(f)) {
                  errors.add(new FieldError(f, "is not a property of this body"));
                }
              });
    }
    bounded(body, "", errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return body;
  }

  /** Adds an error for every key or string under {@code node} that exceeds its limit. */
  static void bounded(JsonNode node, String path, List<FieldError> errors) {
    if (node.isObject()) {
      if (node.size() > MAX_ENTRIES) {
        errors.add(new FieldError(label(path), "must hold at most " + MAX_ENTRIES + " entries"));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().length() > MAX_NAME) {
          errors.add(new FieldError(label(path), "names must be at most " + MAX_NAME + " chars"));
          continue;
        }
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        boundedValue(e.getValue(), child, NAME_KEYS.contains(e.getKey()), errors);
      }
    } else if (node.isArray()) {
      if (node.size() > MAX_ENTRIES) {
        errors.add(new FieldError(label(path), "must hold at most " + MAX_ENTRIES + " items"));
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        boundedValue(node.get(i), path + "[" + i + "]", false, errors);
      }
    }
  }

  private static void boundedValue(
      JsonNode value, String path, boolean isName, List<FieldError> errors) {
    if (value.isTextual()) {
      int max = isName ? MAX_NAME : MAX_TEXT;
      if (value.asText().length() > max) {
        errors.add(new FieldError(path, "must be at most " + max + " characters long"));
      }
    } else {
      bounded(value, path, errors);
    }
  }

  private static String label(String path) {
    return path.isEmpty() ? "body" : path;
  }

  /** A strict boolean query parameter: absent is false; anything but true/false is 400. */
  static boolean flag(String raw, String param) {
    if (raw == null || raw.isEmpty()) {
      return false;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(param, "must be true or false");
    };
  }
}
