package io.customer360.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.workspace.BaseProperties;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of a CONTACTSEND source, stored as its {@code properties} (spec §1.17,
 * SendSourceConfiguration's {@code contactSendSource.properties}): {@code {userdbId:int,
 * groupPk:int, mappedColumns:[{hub,send}], options:{syncCustomer, importEvent:bool},
 * subscriptions:[{sendWfc,hub,send}]}} plus the Contactsend catalogue of the user DB that SS1 and
 * SS2 answer: {@code sendSubscriptions:[{id:int, name, registrationField}]} and {@code
 * subscriberFields:[{name, type}]}. {@link #check} refuses anything else with a 400 naming the
 * field ({@code properties.mappedColumns[0].hub}); {@code userdbId} and {@code groupPk} are
 * required non-negative integers (a string of digits is taken as its number), the lists default to
 * empty and {@code options} to {@code {syncCustomer: IN_OUT, importEvent: false}}.
 */
public final class SendSourceProperties {

  /** The values of {@code options.syncCustomer} (the seed's sample shows IN_OUT). */
  public static final Set<String> SYNC_MODES = Set.of("IN_OUT", "IN", "OUT", "NONE");

  /**
   * The keys of the configuration as SendSourceConfiguration renders it (the catalogue excluded).
   */
  public static final List<String> CONFIGURATION_KEYS =
      List.of("userdbId", "mappedColumns", "options", "subscriptions", "groupPk");

  static final Set<String> KEYS =
      Set.of(
          "userdbId",
          "groupPk",
          "mappedColumns",
          "options",
          "subscriptions",
          "sendSubscriptions",
          "subscriberFields");

  /**
   * The form of {@code subscriberFields[i].type}: spec §1.17 and the seeds name no list of types
   * (the user DB defines them), so any type name is taken: a letter, then letters, digits or
   * underscores, at most 50 (README, send sources).
   */
  static final java.util.regex.Pattern SUBSCRIBER_FIELD_TYPE =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}");

  /** Most items of each list. */
  static final int MAX_ITEMS = 200;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SendSourceProperties() {}

  /**
   * The checked and completed properties of a CONTACTSEND source of workspace {@code ws}; 400
   * naming each bad field. Beyond the shape: {@code groupPk} must be the workspace's {@code
   * groupPk} (a workspace belongs to one Contactsend customer group, its portfolio in
   * SendSourceConfiguration); each {@code mappedColumns[i].hub} must name a customer property
   * ({@code externalId}, a base path of {@link BaseProperties}, or {@code extended.<name>} of the
   * workspace's extended schema) and each {@code send} a column of {@code subscriberFields}; {@code
   * sendSubscriptions} ids must be positive and not repeat; {@code subscriberFields} names must not
   * repeat and their {@code type} must be a type name ({@link #SUBSCRIBER_FIELD_TYPE}).
   */
  public static ObjectNode check(JsonNode properties, Workspace ws) {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode out = JSON.objectNode();
    if (properties == null || !properties.isObject()) {
      throw ApiException.badRequest(
          "properties", "a CONTACTSEND source needs an object with userdbId and groupPk");
    }
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        errors.add(new FieldError("properties." + k, "is not a property of a CONTACTSEND source"));
      }
    }
    out.set("userdbId", integer(properties, "userdbId", errors));
    out.set("groupPk", integer(properties, "groupPk", errors));
    out.set(
        "mappedColumns",
        list(properties, "mappedColumns", ordered("hub", true, "send", true), errors));
    out.set("options", options(properties.get("options"), errors));
    out.set(
        "subscriptions",
        list(
            properties,
            "subscriptions",
            ordered("sendWfc", false, "hub", true, "send", true),
            errors));
    out.set(
        "sendSubscriptions",
        list(
            properties,
            "sendSubscriptions",
            ordered("id", true, "name", true, "registrationField", false),
            errors));
    out.set(
        "subscriberFields",
        list(properties, "subscriberFields", ordered("name", true, "type", true), errors));
    JsonNode groupPk = out.get("groupPk");
    if (groupPk.isIntegralNumber() && groupPk.asLong() != ws.groupPk()) {
      errors.add(
          new FieldError("properties.groupPk", "must be the workspace's groupPk " + ws.groupPk()));
    }
    crossCheck(out, ws, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return out;
  }

  /**
   * The rules between the lists: known hub properties, known send columns, unique subscriber field
   * names with a type name, unique positive ids.
   */
  private static void crossCheck(ObjectNode out, Workspace ws, List<FieldError> errors) {
    Set<String> columns = new HashSet<>();
    out.path("subscriberFields").forEach(f -> columns.add(f.path("name").asText(null)));
    JsonNode extended = ws.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES);
    JsonNode mapped = out.path("mappedColumns");
    for (int i = 0; i < mapped.size(); i++) {
      String at = "properties.mappedColumns[" + i + "]";
      JsonNode hub = mapped.get(i).path("hub");
      if (hub.isTextual() && !isCustomerProperty(hub.asText(), extended)) {
        errors.add(
            new FieldError(
                at + ".hub",
                "must name a customer property (externalId, a base property such as"
                    + " base.firstName, or extended.<name> of the workspace's extended"
                    + " properties)"));
      }
      JsonNode send = mapped.get(i).path("send");
      if (send.isTextual() && !columns.contains(send.asText())) {
        errors.add(
            new FieldError(at + ".send", "must be the name of one of properties.subscriberFields"));
      }
    }
    Map<String, Integer> names = new HashMap<>();
    JsonNode fields = out.path("subscriberFields");
    for (int i = 0; i < fields.size(); i++) {
      String at = "properties.subscriberFields[" + i + "]";
      JsonNode name = fields.get(i).path("name");
      if (name.isTextual()) {
        Integer first = names.putIfAbsent(name.asText(), i);
        if (first != null) {
          errors.add(
              new FieldError(
                  at + ".name",
                  "must be unique (duplicates properties.subscriberFields[" + first + "].name)"));
        }
      }
      JsonNode type = fields.get(i).path("type");
      if (type.isTextual() && !SUBSCRIBER_FIELD_TYPE.matcher(type.asText()).matches()) {
        errors.add(
            new FieldError(
                at + ".type",
                "must be a type name: a letter, then letters, digits or underscores, at most 50"));
      }
    }
    Map<Long, Integer> ids = new HashMap<>();
    JsonNode subs = out.path("sendSubscriptions");
    for (int i = 0; i < subs.size(); i++) {
      JsonNode id = subs.get(i).path("id");
      if (id.isIntegralNumber() && id.asLong() <= 0) {
        errors.add(
            new FieldError(
                "properties.sendSubscriptions[" + i + "].id", "must be a positive integer"));
      } else if (id.isIntegralNumber()) {
        Integer first = ids.putIfAbsent(id.asLong(), i);
        if (first != null) {
          errors.add(
              new FieldError(
                  "properties.sendSubscriptions[" + i + "].id",
                  "duplicates properties.sendSubscriptions["
                      + first
                      + "].id ("
                      + id.asLong()
                      + ")"));
        }
      }
    }
  }

  /**
   * Whether {@code path} names a customer property: {@code externalId}, a base path of the
   * catalogue (or a field below one, e.g. {@code base.address.geo.lat}), or {@code extended.<name>}
   * (or below it) with {@code <name>} in the workspace's extended schema.
   */
  static boolean isCustomerProperty(String path, JsonNode extendedSchema) {
    if (path.equals("externalId")) {
      return true;
    }
    if (path.startsWith("extended.")) {
      String name = path.substring("extended.".length()).split("[.\\[]", 2)[0];
      return !name.isEmpty() && extendedSchema.has(name);
    }
    for (String p = path; !p.isEmpty(); ) {
      if (BaseProperties.SCALARS.containsKey(p) || BaseProperties.COMPOSITES.containsKey(p)) {
        return true;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut <= 0 ? "" : p.substring(0, cut);
    }
    return false;
  }

  /** Field name → required, in the given order. */
  private static Map<String, Boolean> ordered(Object... pairs) {
    Map<String, Boolean> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Boolean) pairs[i + 1]);
    }
    return out;
  }

  private static JsonNode integer(JsonNode p, String key, List<FieldError> errors) {
    JsonNode v = p.get(key);
    if (v == null || v.isNull()) {
      errors.add(new FieldError("properties." + key, "is required"));
      return JSON.nullNode();
    }
    if (v.isTextual() && v.asText().matches("[0-9]{1,18}")) {
      return JSON.numberNode(Long.parseLong(v.asText()));
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      errors.add(new FieldError("properties." + key, "must be a non-negative integer"));
      return JSON.nullNode();
    }
    return JSON.numberNode(v.asLong());
  }

  private static JsonNode options(JsonNode o, List<FieldError> errors) {
    ObjectNode out = JSON.objectNode().put("syncCustomer", "IN_OUT").put("importEvent", false);
    if (o == null || o.isNull()) {
      return out;
    }
    if (!o.isObject()) {
      errors.add(new FieldError("properties.options", "must be an object"));
      return out;
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("syncCustomer") && !k.equals("importEvent")) {
        errors.add(new FieldError("properties.options." + k, "is not an option"));
      }
    }
    JsonNode sync = o.get("syncCustomer");
    if (sync != null && !sync.isNull()) {
      if (!sync.isTextual() || !SYNC_MODES.contains(sync.asText())) {
        errors.add(
            new FieldError(
                "properties.options.syncCustomer",
                "must be one of " + String.join(", ", SYNC_MODES)));
      } else {
        out.put("syncCustomer", sync.asText());
      }
    }
    JsonNode importEvent = o.get("importEvent");
    if (importEvent != null && !importEvent.isNull()) {
      if (!importEvent.isBoolean()) {
        errors.add(new FieldError("properties.options.importEvent", "must be a boolean"));
      } else {
        out.put("importEvent", importEvent.asBoolean());
      }
    }
    return out;
  }

  /**
   * A list of objects whose fields are strings ({@code id}: an integer); {@code fields} says which
   * are required.
   */
  private static ArrayNode list(
      JsonNode p, String key, Map<String, Boolean> fields, List<FieldError> errors) {
    ArrayNode out = JSON.arrayNode();
    JsonNode v = p.get(key);
    String at = "properties." + key;
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray() || v.size() > MAX_ITEMS) {
      errors.add(new FieldError(at, "must be an array of at most " + MAX_ITEMS + " objects"));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemAt = at + "[" + i + "]";
      if (!item.isObject()) {
        errors.add(new FieldError(itemAt, "must be an object"));
        continue;
      }
      ObjectNode o = out.addObject();
      for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!fields.containsKey(k)) {
          errors.add(new FieldError(itemAt + "." + k, "is not a known property"));
        }
      }
      fields.forEach(
          (name, required) -> {
            JsonNode f = item.get(name);
            if (f == null || f.isNull()) {
              if (required) {
                errors.add(new FieldError(itemAt + "." + name, "is required"));
              }
              o.putNull(name);
            } else if (name.equals("id")) {
              if (!f.isIntegralNumber() || !f.canConvertToLong()) {
                errors.add(new FieldError(itemAt + ".id", "must be an integer"));
              } else {
                o.put(name, f.asLong());
              }
            } else if (!f.isTextual() || f.asText().isBlank()) {
              errors.add(new FieldError(itemAt + "." + name, "must be a non-blank string"));
            } else {
              o.put(name, f.asText());
            }
          });
    }
    return out;
  }
}
