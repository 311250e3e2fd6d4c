package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.customer.CustomerValidator.Field;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The JSON Schema (2020-12) of a customer (P5), built from the same rules {@link CustomerValidator}
 * applies, plus the workspace's extended properties. Shared shapes go to {@code $defs} unless the
 * caller asks for references to be resolved.
 */
final class CustomerJsonSchema {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CustomerJsonSchema() {}

  static ObjectNode of(JsonNode extendedSchema, boolean resolveReferences) {
    Map<Field, String> shared = new IdentityHashMap<>();
    shared.put(CustomerValidator.CONSENT_RULE, "Consent");
    shared.put(CustomerValidator.SUBSCRIPTION, "Subscription");
    shared.put(CustomerValidator.BASE, "BaseCustomerProps");
    shared.put(CustomerValidator.CONSENTS, "ConsentCustomerProps");
    ObjectNode defs = JSON.objectNode();
    ObjectNode root = JSON.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "Customer");
    root.put("type", "object");
    root.put("additionalProperties", false);
    ObjectNode props = root.putObject("properties");
    props.putObject("id").put("type", "string").put("format", "uuid").put("readOnly", true);
    props.putObject("intId").put("type", "integer").put("readOnly", true);
    props.putObject("nodeId").put("type", "string").put("format", "uuid");
    CustomerValidator.CUSTOMER
        .children()
        .forEach((name, f) -> props.set(name, schema(f, shared, defs, resolveReferences)));
    ObjectNode ext = ExtendedSchema.jsonSchema(extendedSchema);
    ext.putArray("type").add("object").add("null");
    props.set("extended", ext);
    props
        .putObject("registeredAt")
        .put("type", "string")
        .put("format", "date-time")
        .put("readOnly", true);
    props
        .putObject("updatedAt")
        .put("type", "string")
        .put("format", "date-time")
        .put("readOnly", true);
    props.putObject("version").put("type", "integer").put("readOnly", true);
    props.putObject("deleted").put("type", "integer").put("readOnly", true);
    ObjectNode si = props.putObject("sourceInfo");
    si.put("type", "object").put("readOnly", true);
    si.putObject("properties").putObject("registeredBy").put("type", "string");
    ((ObjectNode) si.get("properties")).putObject("updatedBy").put("type", "string");
    root.putArray("required").add("nodeId");
    if (!resolveReferences && !defs.isEmpty()) {
      root.set("$defs", defs);
    }
    return root;
  }

  private static ObjectNode schema(
      Field f, Map<Field, String> shared, ObjectNode defs, boolean resolve) {
    String name = shared.get(f);
    if (name != null && !resolve) {
      if (!defs.has(name)) {
        defs.putObject(name); // reserve first: definitions may nest
        defs.set(name, inline(f, shared, defs, false));
      }
      return JSON.objectNode().put("$ref", "#/$defs/" + name);
    }
    return inline(f, shared, defs, resolve);
  }

  private static ObjectNode inline(
      Field f, Map<Field, String> shared, ObjectNode defs, boolean resolve) {
    ObjectNode s = JSON.objectNode();
    switch (f.kind()) {
      case STRING -> {
        nullable(s, "string");
        if (f.maxLength() < Integer.MAX_VALUE) {
          s.put("maxLength", f.maxLength());
        }
      }
      case ENUM -> {
        nullable(s, "string");
        var e = s.putArray("enum");
        new java.util.TreeSet<>(f.values()).forEach(e::add);
        e.addNull();
      }
      case DATE -> nullable(s, "string").put("format", "date");
      case DATE_TIME -> nullable(s, "string").put("format", "date-time");
      case EMAIL -> nullable(s, "string").put("format", "email").put("maxLength", 255);
      case TIMEZONE -> nullable(s, "string").put("description", "IANA time-zone id");
      case BOOLEAN -> nullable(s, "boolean");
      case NUMBER -> {
        nullable(s, "number");
        if (f.min() > -Double.MAX_VALUE) {
          s.put("minimum", f.min()).put("maximum", f.max());
        }
      }
      case INTEGER -> nullable(s, "integer").put("format", "int64");
      case TAGS -> {
        nullable(s, "array");
        s.putObject("items").put("type", "string");
        s.put("description", "at most " + f.maxLength() + " characters in total");
      }
      case ARRAY -> {
        nullable(s, "array");
        s.set("items", schema(f.item(), shared, defs, resolve));
      }
      case OBJECT -> {
        nullable(s, "object");
        s.put("additionalProperties", false);
        ObjectNode props = s.putObject("properties");
        f.children().forEach((k, v) -> props.set(k, schema(v, shared, defs, resolve)));
        if (!f.required().isEmpty()) {
          var r = s.putArray("required");
          new java.util.TreeSet<>(f.required()).forEach(r::add);
        }
      }
    }
    return s;
  }

  private static ObjectNode nullable(ObjectNode s, String type) {
    s.putArray("type").add(type).add("null");
    return s;
  }
}
