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
import io.customer360.security.Roles;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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

/** Per-workspace event settings: states, extended properties, payload sizes, policies. */
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
  private final Pool pool;
  private final Db db;
  private final Cache workspaceCache;

  EventConfigurationService(
      WorkspaceService workspaces,
      Pool pool,
      Db db,
      @CacheName("workspaces") Cache workspaceCache) {
    this.workspaces = workspaces;
    this.pool = pool;
    this.db = db;
    this.workspaceCache = workspaceCache;
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

  /** E4: the built-in schema with the workspace's extended properties under {@code extended}. */
  ObjectNode propertiesSchema(Workspace w, EventType t) {
    ObjectNode schema = EventSchemas.properties(t);
    JsonNode extended = EventPolicies.of(w).extendedProperties(t);
    if (extended.isObject() && !extended.isEmpty()) {
      ((ObjectNode) schema.get("properties"))
          .set("extended", EventSchemas.extendedSchema(extended));
    }
    return schema;
  }

  /** E7 (and E3): turns a built-in event type on or off. */
  Uni<Boolean> setEnabled(UUID ws, EventType t, boolean enabled) {
    return setEntry(ws, WorkspaceSettings.DISABLED_EVENTS, t.name(), String.valueOf(!enabled))
        .map(v -> enabled);
  }

  JsonNode extended(Workspace w, EventType t) {
    JsonNode e = EventPolicies.of(w).extendedProperties(t);
    return e.isObject() ? e : db.mapper().createObjectNode();
  }

  /** E6: checks and stores the extended-property schema of one event type. */
  Uni<JsonNode> modifyExtended(Tenant tenant, EventType t, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body", "must be an object of property schemas");
    }
    JsonNode current = extended(tenant.workspace(), t);
    // Event types share the customers' extended-property rules (types, maxLength, names).
    List<FieldError> errors = new ArrayList<>();
    ObjectNode stored = ExtendedSchema.normalise(body, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    boolean indexChanged = false;
    Iterator<String> names = stored.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      indexChanged |=
          current.path(name).path("contactlabProperties").path("indexed").asBoolean(false)
              != stored.path(name).path("contactlabProperties").path("indexed").asBoolean(false);
    }
    if (indexChanged && !tenant.caller().hasRole(Roles.CLAB_OPERATOR)) {
      throw ApiException.forbidden("Only CLAB_OPERATOR may change the indexed property");
    }
    return setEntry(
            tenant.workspaceId(),
            WorkspaceSettings.EVENT_EXTENDED_PROPERTIES,
            t.name(),
            db.json(stored))
        .map(v -> stored);
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
    ObjectNode sizes = objectBody(body);
    List<FieldError> errors = new ArrayList<>();
    sizes
        .fields()
        .forEachRemaining(
            e -> {
              if (EventType.parse(e.getKey()) == null) {
                errors.add(new FieldError(e.getKey(), "is not an event type"));
                return;
              }
              JsonNode max = e.getValue().path("maxBytes");
              if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > MAX_PAYLOAD_BYTES) {
                errors.add(
                    new FieldError(
                        e.getKey() + ".maxBytes",
                        "must be an integer between 1 and " + MAX_PAYLOAD_BYTES));
              } else if (e.getValue().size() != 1) {
                errors.add(new FieldError(e.getKey(), "must hold only maxBytes"));
              }
            });
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return pool.preparedQuery(
            "update workspace set config = jsonb_set(config, '{"
                + WorkspaceSettings.PAYLOAD_SIZES
                + "}', coalesce(config->'"
                + WorkspaceSettings.PAYLOAD_SIZES
                + "', '{}'::jsonb) || $2::text::jsonb), updated_at = now() where id = $1")
        .execute(Tuple.of(ws, db.json(sizes)))
        .chain(() -> workspaceCache.invalidate(ws))
        .chain(() -> workspaces.find(ws))
        .map(this::payloadSizes);
  }

  /** R4: map event type → consent paths, replaced as a whole. */
  Uni<JsonNode> modifyConsentPolicy(UUID ws, JsonNode body) {
    ObjectNode policy = objectBody(body);
    List<FieldError> errors = new ArrayList<>();
    policy
        .fields()
        .forEachRemaining(
            e -> {
              if (EventType.parse(e.getKey()) == null) {
                errors.add(new FieldError(e.getKey(), "is not an event type"));
                return;
              }
              if (!e.getValue().isArray()) {
                errors.add(new FieldError(e.getKey(), "must be an array of consent paths"));
                return;
              }
              int i = 0;
              for (JsonNode p : e.getValue()) {
                String path = p.asText("");
                String leaf = path.startsWith("consents.") ? path.substring(9) : path;
                if (!p.isTextual() || !CONSENT_PATHS.contains(leaf)) {
                  errors.add(
                      new FieldError(
                          e.getKey() + "[" + i + "]",
                          "must be a consent path such as consents.profiling.classic"));
                }
                i++;
              }
            });
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
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

  Uni<List<String>> modifyProductsUpdatePolicy(UUID ws, List<String> eventTypes) {
    Set<String> set = new LinkedHashSet<>();
    List<FieldError> errors = new ArrayList<>();
    if (eventTypes != null) {
      for (int i = 0; i < eventTypes.size(); i++) {
        String t = eventTypes.get(i);
        try {
          set.add(ProductAwareEventType.valueOf(t == null ? "" : t).name());
        } catch (IllegalArgumentException e) {
          errors.add(
              new FieldError(
                  "eventTypes[" + i + "]",
                  "must be one of " + Arrays.toString(ProductAwareEventType.values())));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    return workspaces
        .updateSettings(ws, Map.of(WorkspaceSettings.PRODUCTS_UPDATE_POLICY, List.copyOf(set)))
        .map(this::productsUpdatePolicy);
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

  private static ObjectNode objectBody(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body", "must be an object keyed by event type");
    }
    return (ObjectNode) body;
  }

  /**
   * Sets one entry of a map setting in a single statement, so concurrent changes of different event
   * types never overwrite each other; then drops the cached workspace.
   */
  private Uni<Void> setEntry(UUID ws, String setting, String key, String valueJson) {
    return pool.preparedQuery(
            "update workspace set config = jsonb_set(config, array[$2::text],"
                + " coalesce(config->$2, '{}'::jsonb) || jsonb_build_object($3::text,"
                + " $4::text::jsonb)), updated_at = now() where id = $1")
        .execute(Tuple.of(ws, setting, key, valueJson))
        .chain(() -> workspaceCache.invalidate(ws));
  }
}
