package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An extended-properties schema (spec §1.4 ExtendedPropertiesSchema): a map from property name to
 * {@code {type, contactlabProperties:{maxLength, label, enabled, indexed, flowEnabled,
 * mergePolicy}}}. The customers' (P4/P5), each event type's (E5/E6) and the products' (E11/E12)
 * schemas share one set of rules, all here: {@link #replacement} checks a schema before it is
 * stored (who may write it, its shape, who may change {@code indexed}), and {@link #validate}
 * checks customers' {@code extended} values against the customer schema with a JSON Schema
 * validator.
 */
public final class ExtendedSchema {

  static final Set<String> TYPES = Set.of("string", "boolean", "number", "integer", "array");
  static final Set<String> ITEM_TYPES = Set.of("string", "boolean", "number", "integer");
  static final Set<String> CONTACTLAB_KEYS =
      Set.of("maxLength", "label", "enabled", "indexed", "flowEnabled", "mergePolicy");
  static final Set<String> MERGE_POLICIES =
      Set.of(
          "OBJ_PRIORITY",
          "OBJ_CONCATENATE",
          "ARRAY_UNION",
          "ARRAY_INTERSECTION",
          "MATH_SUM",
          "MATH_AVG",
          "MATH_DIFF",
          "MATH_MIN",
          "MATH_MAX");
  static final int SCALAR_DEFAULT_MAX = 255;
  static final int ARRAY_DEFAULT_MAX = 1000;
  static final int MAX_LENGTH_LIMIT = 6000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /** Compiled validators by schema text; workspaces change their schema rarely. */
  private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

  private ExtendedSchema() {}

  /**
   * The schema a PUT of an extended-properties schema stores (customer P5, event type E6, product
   * E12): one rule set for the three. In order:
   *
   * <ol>
   *   <li>only ADMIN and CLAB_OPERATOR write workspace configuration ({@link
   *       Tenant#requireConfigurationWrite}; a USER, whatever its node rights, and a source token
   *       get 403);
   *   <li>{@code body} is checked and normalised by {@link #normalise} (400 naming every failing
   *       path, e.g. {@code my.prop} or {@code p.contactlabProperties.maxLength});
   *   <li>only CLAB_OPERATOR may change a property's {@code indexed} flag (spec E6, E12: "Property
   *       indexed can only be changed by users with role CLAB_OPERATOR"): compared with {@code
   *       stored}, where an absent property counts as not indexed, so adding an indexed property,
   *       flipping the flag and dropping an indexed property are all changes (403 naming the
   *       property).
   * </ol>
   *
   * Nothing is written here; the caller stores the returned schema, which replaces {@code stored}
   * as a whole.
   *
   * @param stored the schema stored now ({@code {}} when none)
   * @return the normalised schema (defaults filled in)
   */
  public static ObjectNode replacement(Tenant tenant, JsonNode stored, JsonNode body) {
    tenant.requireConfigurationWrite();
    List<FieldError> errors = new ArrayList<>();
    ObjectNode schema = normalise(body, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    Set<String> changed = indexedChanges(stored, schema);
    if (!changed.isEmpty() && !tenant.caller().hasRole(Roles.CLAB_OPERATOR)) {
      throw ApiException.forbidden(
          "Only CLAB_OPERATOR may change indexed (property " + changed.iterator().next() + ")");
    }
    return schema;
  }

  /**
   * The names (sorted) of the properties whose {@code contactlabProperties.indexed} differs between
   * two schemas; a property absent from one of them counts there as not indexed.
   */
  public static Set<String> indexedChanges(JsonNode before, JsonNode after) {
    Set<String> names = new TreeSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    names.removeIf(name -> indexed(before, name) == indexed(after, name));
    return names;
  }

  private static boolean indexed(JsonNode schema, String name) {
    return schema.path(name).path("contactlabProperties").path("indexed").asBoolean(false);
  }

  /**
   * Checks a schema sent to P4 and returns it with defaults filled in (maxLength of strings and
   * string arrays). Violations are added to {@code errors}.
   */
  public static ObjectNode normalise(JsonNode schema, List<FieldError> errors) {
    ObjectNode out = JSON.objectNode();
    if (schema == null || !schema.isObject()) {
      errors.add(new FieldError("body", "must be an object of extended properties"));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode def = e.getValue();
      if (name.isBlank() || name.contains(".")) {
        errors.add(new FieldError(name, "property names must not be blank or contain '.'"));
        continue;
      }
      if (def == null || !def.isObject()) {
        errors.add(new FieldError(name, "must be an object with type and contactlabProperties"));
        continue;
      }
      String type = def.path("type").asText(null);
      if (type == null || !TYPES.contains(type)) {
        errors.add(new FieldError(name + ".type", "must be one of " + sorted(TYPES)));
        continue;
      }
      ObjectNode d = JSON.objectNode();
      d.put("type", type);
      String itemType = null;
      if (type.equals("array")) {
        itemType = def.path("items").path("type").asText("string");
        if (!ITEM_TYPES.contains(itemType)) {
          errors.add(new FieldError(name + ".items.type", "must be one of " + sorted(ITEM_TYPES)));
          continue;
        }
        d.putObject("items").put("type", itemType);
      }
      JsonNode cp = def.path("contactlabProperties");
      ObjectNode props = d.putObject("contactlabProperties");
      if (!cp.isMissingNode() && !cp.isNull() && !cp.isObject()) {
        errors.add(new FieldError(name + ".contactlabProperties", "must be an object"));
        continue;
      }
      for (Iterator<String> names = cp.fieldNames(); names.hasNext(); ) {
        String key = names.next();
        if (!CONTACTLAB_KEYS.contains(key)) {
          errors.add(
              new FieldError(
                  name + ".contactlabProperties." + key,
                  "is unknown; allowed: " + sorted(CONTACTLAB_KEYS)));
        }
      }
      boolean stringValued = type.equals("string") || "string".equals(itemType);
      JsonNode max = cp.path("maxLength");
      if (stringValued) {
        int limit = type.equals("array") ? ARRAY_DEFAULT_MAX : SCALAR_DEFAULT_MAX;
        if (!max.isMissingNode() && !max.isNull()) {
          if (!max.isIntegralNumber() || max.asLong() < 1 || max.asLong() > MAX_LENGTH_LIMIT) {
            errors.add(
                new FieldError(
                    name + ".contactlabProperties.maxLength",
                    "must be an integer from 1 to " + MAX_LENGTH_LIMIT));
            continue;
          }
          limit = max.asInt();
        }
        props.put("maxLength", limit);
      } else if (!max.isMissingNode() && !max.isNull()) {
        errors.add(
            new FieldError(
                name + ".contactlabProperties.maxLength", "applies to string properties only"));
      }
      copyText(cp, props, "label", name, errors);
      copyBoolean(cp, props, "enabled", name, true, errors);
      copyBoolean(cp, props, "indexed", name, false, errors);
      copyBoolean(cp, props, "flowEnabled", name, false, errors);
      JsonNode mp = cp.path("mergePolicy");
      if (!mp.isMissingNode() && !mp.isNull()) {
        if (!mp.isTextual() || !MERGE_POLICIES.contains(mp.asText())) {
          errors.add(
              new FieldError(
                  name + ".contactlabProperties.mergePolicy",
                  "must be one of " + sorted(MERGE_POLICIES)));
        } else {
          props.put("mergePolicy", mp.asText());
        }
      }
      out.set(name, d);
    }
    return out;
  }

  private static void copyText(
      JsonNode cp, ObjectNode props, String key, String name, List<FieldError> errors) {
    JsonNode v = cp.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(name + ".contactlabProperties." + key, "must be a string"));
      return;
    }
    props.put(key, v.asText());
  }

  private static void copyBoolean(
      JsonNode cp,
      ObjectNode props,
      String key,
      String name,
      boolean fallback,
      List<FieldError> errors) {
    JsonNode v = cp.path(key);
    if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
      errors.add(new FieldError(name + ".contactlabProperties." + key, "must be a boolean"));
      return;
    }
    props.put(key, v.isBoolean() ? v.asBoolean() : fallback);
  }

  /** The JSON Schema of the {@code extended} object for this extended-properties schema. */
  public static ObjectNode jsonSchema(JsonNode schema) {
    ObjectNode root = JSON.objectNode();
    root.put("type", "object");
    root.put("additionalProperties", false);
    ObjectNode props = root.putObject("properties");
    if (schema != null && schema.isObject()) {
      schema
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode def = e.getValue();
                String type = def.path("type").asText("string");
                ObjectNode p = props.putObject(e.getKey());
                p.putArray("type").add(type).add("null");
                int max = def.path("contactlabProperties").path("maxLength").asInt(0);
                if (type.equals("string") && max > 0) {
                  p.put("maxLength", max);
                }
                if (type.equals("array")) {
                  String item = def.path("items").path("type").asText("string");
                  p.putObject("items").put("type", item);
                }
              });
    }
    return root;
  }

  /** Violations of {@code extended} against the workspace's schema, with paths extended.x. */
  public static List<FieldError> validate(JsonNode schema, JsonNode extended) {
    List<FieldError> errors = new ArrayList<>();
    if (extended == null || extended.isNull() || extended.isMissingNode()) {
      return errors;
    }
    if (!extended.isObject()) {
      errors.add(new FieldError("extended", "must be an object"));
      return errors;
    }
    ObjectNode js = jsonSchema(schema);
    Schema compiled = COMPILED.computeIfAbsent(js.toString(), k -> REGISTRY.getSchema(js));
    for (Error e : compiled.validate(extended)) {
      errors.add(new FieldError(path(e), rule(e)));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = extended.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode def = schema == null ? null : schema.get(f.getKey());
      if (def != null) {
        checkArrayLength("extended." + f.getKey(), def, f.getValue(), errors);
        checkNumbers("extended." + f.getKey(), f.getValue(), errors);
      }
    }
    return errors;
  }

  /** String arrays: the limit covers the sum of the strings plus one separator between them. */
  private static void checkArrayLength(
      String path, JsonNode def, JsonNode value, List<FieldError> errors) {
    if (!def.path("type").asText().equals("array") || !value.isArray()) {
      return;
    }
    int max = def.path("contactlabProperties").path("maxLength").asInt(0);
    long total = Math.max(0, value.size() - 1);
    for (JsonNode item : value) {
      total += item.isTextual() ? item.asText().length() : 0;
    }
    if (max > 0 && total > max) {
      errors.add(
          new FieldError(
              path, "the strings with their separators must not exceed " + max + " characters"));
    }
  }

  /**
   * Numbers must be finite and integers fit in 64 bits (issue 13, fault 7): JSON Schema alone
   * accepts 1e309 (read as infinity) and integers of any size.
   */
  private static void checkNumbers(String path, JsonNode value, List<FieldError> errors) {
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        checkNumbers(path + "[" + i + "]", value.get(i), errors);
      }
    } else if (value.isIntegralNumber() && !value.canConvertToLong()) {
      errors.add(new FieldError(path, "must be an integer of at most 64 bits"));
    } else if (value.isNumber() && !Double.isFinite(value.asDouble())) {
      errors.add(new FieldError(path, "must be a finite number"));
    }
  }

  private static String path(Error e) {
    StringBuilder sb = new StringBuilder("extended");
    var at = e.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      Object el = at.getElement(i);
      if (el instanceof Integer n) {
        sb.append('[').append(n).append(']');
      } else {
        sb.append('.').append(el);
      }
    }
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      sb.append('.').append(e.getProperty());
    }
    return sb.toString();
  }

  private static String rule(Error e) {
    String keyword = e.getKeyword();
    if ("additionalProperties".equals(keyword)) {
      return "is not a property of the workspace's extended-properties schema";
    }
    if ("maxLength".equals(keyword)) {
      return "must be at most " + e.getSchemaNode().asText() + " characters";
    }
    if ("type".equals(keyword)) {
      return "must be of type " + e.getSchemaNode().toString().replace("\"", "");
    }
    return e.getMessage();
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", new TreeSet<>(values));
  }
}
