package io.customer360.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.customer.ExtendedSchema;
import io.customer360.event.EventRequests.EventConfiguration;
import io.customer360.event.EventRequests.HubField;
import io.customer360.event.EventRequests.HubFields;
import io.customer360.event.EventRequests.PlanField;
import io.customer360.event.EventRequests.PlanModelResponse;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Per-workspace event settings (spec §1.4, §1.5): states (E3/E7), extended properties (E5/E6),
 * payload sizes (R5/R6), consent policy (R4), products update policy (E8/E9), plan models (E10) and
 * the products' extended properties (E11/E12). Products have no feature of their own: they exist
 * only inside events ({@code properties.products[]} of orders and carts, the properties of product
 * events), so the event feature owns their configuration. Every write goes through the workspace
 * feature's settings ({@link WorkspaceService}), which owns the workspace row; every body is
 * checked by {@link ConfigurationBodies} first (present, known properties, bounded strings), so a
 * refused body never writes.
 */
@ApplicationScoped
public class EventConfigurationService {

  static final int MAX_PAYLOAD_BYTES = 1_048_576;

  /** The consent leaves of a customer (customer schema {@code consents.*}). */
  static final Set<String> CONSENT_PATHS =
      Set.of(
          "marketing.traditional.telephonic",
          "marketing.traditional.papery",
          "marketing.automatic.sms",
          "marketing.automatic.email",
          "marketing.automatic.push",
          "marketing.automatic.im",
          "marketing.automatic.telephonic",
          "profiling.classic",
          "profiling.online",
          "softSpam.email",
          "softSpam.papery",
          "thirdPartyTransfer.profiling",
          "thirdPartyTransfer.marketing");

  private final WorkspaceService workspaces;
  private final Db db;

  EventConfigurationService(WorkspaceService workspaces, Db db) {
    this.workspaces = workspaces;
    this.db = db;
  }

  Uni<Workspace> workspace(UUID id) {
    return workspaces.find(id);
  }

  static EventType type(String raw) {
    EventType t = EventType.parse(raw);
    if (t == null) {
      throw ApiException.badRequest(
          "eventType", "must be one of " + Arrays.toString(EventType.values()));
    }
    return t;
  }

  EventConfiguration configuration(Workspace w, EventType t, boolean resolve) {
    JsonNode schema =
        resolve
            ? propertiesSchema(w, t)
            : db.mapper()
                .createObjectNode()
                .put(
                    "$ref",
                    "/hub/v1/workspaces/" + w.id() + "/configuration/events/" + t + "/properties");
    return new EventConfiguration(
        t.name(),
        t.name(),
        t.mode().name(),
        t.label(),
        t.label() + " (" + t.mode().name().toLowerCase() + " event)",
        schema,
        !EventPolicies.of(w).isDisabled(t));
  }

  /**
   * E4: the built-in schema with the workspace's extended properties under {@code extended} and,
   * for types that list products, the products' extended properties (E11/E12) under {@code
   * products.items.properties.extended}.
   */
  ObjectNode propertiesSchema(Workspace w, EventType t) {
    ObjectNode schema = EventSchemas.properties(t);
    EventPolicies policies = EventPolicies.of(w);
    JsonNode extended = policies.extendedProperties(t);
    if (extended.isObject() && !extended.isEmpty()) {
      ((ObjectNode) schema.get("properties"))
          .set("extended", EventSchemas.extendedSchema(extended));
    }
    JsonNode product = policies.productExtendedProperties();
    JsonNode products = schema.path("properties").path("products").path("items").path("properties");
    if (product.isObject() && !product.isEmpty() && products.isObject()) {
      ((ObjectNode) products).set("extended", EventSchemas.extendedSchema(product));
    }
    return schema;
  }

  /** E7 (and E3): turns a built-in event type on or off; returns the updated workspace. */
  Uni<Workspace> setEnabled(UUID ws, EventType t, boolean enabled) {
    ObjectNode entry = db.mapper().createObjectNode().put(t.name(), !enabled);
    return workspaces.mergeSettingEntries(ws, WorkspaceSettings.DISABLED_EVENTS, entry);
  }

  /**
   * E3 (deprecated): {@code {id, type, enabled}}; id and type may only repeat the type, enabled
   * defaults to true; any other property is refused.
   */
  Uni<EventConfiguration> modify(UUID ws, EventType t, JsonNode raw, boolean resolve) {
    JsonNode body = ConfigurationBodies.object(raw, Set.of("id", "type", "enabled"));
    for (String immutable : List.of("id", "type")) {
      JsonNode v = body.get(immutable);
      if (v != null && !(v.isTextual() && v.asText().equals(t.name()))) {
        throw ApiException.badRequest(immutable, "is immutable");
      }
    }
    JsonNode enabled = body.path("enabled");
    if (!enabled.isMissingNode() && !enabled.isBoolean()) {
      throw ApiException.badRequest("enabled", "must be a boolean");
    }
    return setEnabled(ws, t, enabled.asBoolean(true)).map(w -> configuration(w, t, resolve));
  }

  /** E7: {@code {"value": true|false}}, nothing else (a number is no boolean). */
  Uni<Boolean> modifyEnabled(UUID ws, EventType t, JsonNode raw) {
    JsonNode value = ConfigurationBodies.object(raw, Set.of("value")).path("value");
    if (!value.isBoolean()) {
      throw ApiException.badRequest("value", "must be true or false");
    }
    return setEnabled(ws, t, value.asBoolean()).map(w -> value.asBoolean());
  }

  JsonNode extended(Workspace w, EventType t) {
    JsonNode e = EventPolicies.of(w).extendedProperties(t);
    return e.isObject() ? e : db.mapper().createObjectNode();
  }

  /**
   * E6: replaces the extended-property schema of one event type, by the rules shared with the
   * customer and product schemas ({@link ExtendedSchema#replacement}); other types keep theirs.
   */
  Uni<JsonNode> modifyExtended(Tenant tenant, EventType t, JsonNode raw) {
    JsonNode body = ConfigurationBodies.object(raw, null);
    ObjectNode stored = ExtendedSchema.replacement(tenant, extended(tenant.workspace(), t), body);
    ObjectNode entry = db.mapper().createObjectNode().set(t.name(), stored);
    return workspaces
        .mergeSettingEntries(
            tenant.workspaceId(), WorkspaceSettings.EVENT_EXTENDED_PROPERTIES, entry)
        .map(w -> stored);
  }

  /** E11: the products' extended-property schema, {@code {}} until one is stored. */
  JsonNode productExtended(Workspace w) {
    JsonNode e = EventPolicies.of(w).productExtendedProperties();
    return e.isObject() ? e : db.mapper().createObjectNode();
  }

  /**
   * E12: replaces the products' extended-property schema as a whole, by the rules shared with the
   * customer and event-type schemas ({@link ExtendedSchema#replacement}: ADMIN or CLAB_OPERATOR,
   * 400 naming each failing path, only CLAB_OPERATOR changes {@code indexed}). Events then check
   * {@code properties.products[].extended} against it ({@link EventValidator}).
   */
  Uni<JsonNode> modifyProductExtended(Tenant tenant, JsonNode raw) {
    JsonNode body = ConfigurationBodies.object(raw, null);
    ObjectNode schema =
        ExtendedSchema.replacement(tenant, productExtended(tenant.workspace()), body);
    return workspaces
        .updateSettings(
            tenant.workspaceId(), Map.of(WorkspaceSettings.PRODUCT_EXTENDED_PROPERTIES, schema))
        .map(w -> schema);
  }

  /** R5: one entry per built-in event type, the default filled in. */
  Map<String, EventRequests.MaxBytes> payloadSizes(Workspace w) {
    EventPolicies p = EventPolicies.of(w);
    Map<String, EventRequests.MaxBytes> out = new LinkedHashMap<>();
    for (EventType t : EventType.values()) {
      out.put(t.name(), new EventRequests.MaxBytes(p.maxBytes(t)));
    }
    return out;
  }

  /** R6: replaces the limits of the given types (others keep theirs). */
  Uni<Map<String, EventRequests.MaxBytes>> modifyPayloadSizes(UUID ws, JsonNode body) {
    ObjectNode sizes = perEventType(body, EventConfigurationService::checkMaxBytes);
    return workspaces
        .mergeSettingEntries(ws, WorkspaceSettings.PAYLOAD_SIZES, sizes)
        .map(this::payloadSizes);
  }

  private static void checkMaxBytes(String type, JsonNode value, List<FieldError> errors) {
    JsonNode max = value.path("maxBytes");
    if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > MAX_PAYLOAD_BYTES) {
      errors.add(
          new FieldError(
              type + ".maxBytes", "must be an integer between 1 and " + MAX_PAYLOAD_BYTES));
    } else if (value.size() != 1) {
      errors.add(new FieldError(type, "must hold only maxBytes"));
    }
  }

  private static void checkConsentPaths(String type, JsonNode value, List<FieldError> errors) {
    if (!value.isArray()) {
      errors.add(new FieldError(type, "must be an array of consent paths"));
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode p = value.get(i);
      String path = p.asText("");
      String leaf = path.startsWith("consents.") ? path.substring(9) : path;
      if (!p.isTextual() || !CONSENT_PATHS.contains(leaf)) {
        errors.add(
            new FieldError(
                type + "[" + i + "]", "must be a consent path such as consents.profiling.classic"));
      }
    }
  }

  /** One entry's rule of a map keyed by event type. */
  private interface EntryRule {
    void check(String type, JsonNode value, List<FieldError> errors);
  }

  /**
   * A body keyed by event type (R4, R6): checked as a configuration body, every key an event type,
   * every entry by {@code rule}; else 400 naming each failing entry.
   */
  private static ObjectNode perEventType(JsonNode raw, EntryRule rule) {
    ObjectNode body = (ObjectNode) ConfigurationBodies.object(raw, null);
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (EventType.parse(e.getKey()) == null) {
        errors.add(new FieldError(e.getKey(), "is not an event type"));
      } else {
        rule.check(e.getKey(), e.getValue(), errors);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return body;
  }

  /** R4: map event type → consent paths, replaced as a whole. */
  Uni<JsonNode> modifyConsentPolicy(UUID ws, JsonNode body) {
    ObjectNode policy = perEventType(body, EventConfigurationService::checkConsentPaths);
    return workspaces
        .updateSettings(ws, Map.of(WorkspaceSettings.EVENTS_CONSENT_POLICY, policy))
        .map(w -> w.setting(WorkspaceSettings.EVENTS_CONSENT_POLICY));
  }

  /** E8: the event types that update the product registry; completedOrder until set. */
  List<String> productsUpdatePolicy(Workspace w) {
    JsonNode v = w.setting(WorkspaceSettings.PRODUCTS_UPDATE_POLICY);
    if (v.isMissingNode()) {
      return List.of(ProductAwareEventType.completedOrder.name());
    }
    List<String> out = new ArrayList<>();
    v.forEach(t -> out.add(t.asText()));
    return out;
  }

  /**
   * E9: {@code {"eventTypes": [ProductAwareEventType] or null}} (a set; null clears it). An absent
   * or null body is refused, never taken for an empty policy.
   */
  Uni<List<String>> modifyProductsUpdatePolicy(UUID ws, JsonNode raw) {
    JsonNode types = ConfigurationBodies.object(raw, Set.of("eventTypes")).path("eventTypes");
    if (types.isMissingNode()) {
      throw ApiException.badRequest("eventTypes", "must be given (an array, or null to clear)");
    }
    if (!types.isNull() && !types.isArray()) {
      throw ApiException.badRequest("eventTypes", "must be an array of event types or null");
    }
    Set<String> set = new LinkedHashSet<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      ProductAwareEventType t = productAware(types.get(i));
      if (t == null) {
        errors.add(
            new FieldError(
                "eventTypes[" + i + "]",
                "must be one of " + Arrays.toString(ProductAwareEventType.values())));
      } else {
        set.add(t.name());
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return workspaces
        .updateSettings(ws, Map.of(WorkspaceSettings.PRODUCTS_UPDATE_POLICY, List.copyOf(set)))
        .map(this::productsUpdatePolicy);
  }

  private static ProductAwareEventType productAware(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    return Arrays.stream(ProductAwareEventType.values())
        .filter(t -> t.name().equals(value.asText()))
        .findFirst()
        .orElse(null);
  }

  /**
   * E10: the Contactplan fields of a model, its events' and (per product) products' extended ones.
   */
  PlanModelResponse planModel(Workspace w, PlanModel model) {
    EventType main = model.eventTypes().get(0);
    List<PlanField> plan = new ArrayList<>();
    EventSchemas.properties(main)
        .path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              String t = e.getValue().path("type").asText("");
              if (!t.equals("object") && !t.equals("array")) {
                plan.add(new PlanField(e.getKey(), "STRING"));
              }
            });
    Map<String, HubField> event = new LinkedHashMap<>();
    for (EventType t : model.eventTypes()) {
      hubFields(EventPolicies.of(w).extendedProperties(t), event);
    }
    Map<String, HubField> product = new LinkedHashMap<>();
    if (model.products()) {
      hubFields(w.setting(WorkspaceSettings.PRODUCT_EXTENDED_PROPERTIES), product);
    }
    return new PlanModelResponse(
        plan, new HubFields(List.copyOf(event.values()), List.copyOf(product.values())));
  }

  private void hubFields(JsonNode extended, Map<String, HubField> out) {
    extended
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode d = e.getValue();
              ObjectNode cl = db.mapper().createObjectNode();
              cl.put("label", d.path("contactlabProperties").path("label").asText(e.getKey()));
              out.putIfAbsent(
                  e.getKey(),
                  new HubField(
                      e.getKey(),
                      d.path("type").asText("string"),
                      d.hasNonNull("format") ? d.get("format").asText() : null,
                      cl));
            });
  }
}
