package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.workspace.BaseProperties;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Customer properties configuration (P1-P6): which base properties are enabled (workspace setting
 * DISABLED_BASE_PROPERTIES, a list of paths) and the extended-properties schema (setting
 * CUSTOMER_EXTENDED_PROPERTIES).
 */
@ApplicationScoped
public class CustomerPropertiesService {

  public record BaseProperty(String name, String description, Boolean enabled) {}

  private final WorkspaceService workspaces;

  private final CustomerSearchIndex searchIndex;

  CustomerPropertiesService(WorkspaceService workspaces, CustomerSearchIndex searchIndex) {
    this.workspaces = workspaces;
    this.searchIndex = searchIndex;
  }

  public List<BaseProperty> baseProperties(Workspace ws) {
    Set<String> disabled = CustomerService.disabledBase(ws);
    List<BaseProperty> out = new ArrayList<>();
    all().forEach((name, d) -> out.add(new BaseProperty(name, d, !disabled.contains(name))));
    return out;
  }

  /**
   * P2: switches a base property on or off from {@code {name, description, enabled}}. {@code
   * enabled} is a required boolean; {@code name}, when given, equals the path's; {@code
   * description}, when given, equals the platform's description of the property (it is not
   * writable: spec §1.7 P2 modifies the property's state). Each violation is a 400 naming its
   * field.
   */
  public Uni<BaseProperty> setBase(Tenant tenant, String name, ObjectNode body) {
    boolean enabled = requiredBoolean(body, "enabled");
    JsonNode given = body.path("name");
    if (!given.isMissingNode() && !given.isNull() && !given.asText().equals(name)) {
      throw ApiException.badRequest("name", "must equal the property of the path");
    }
    JsonNode description = body.path("description");
    String fixed = all().get(name);
    if (fixed != null
        && !description.isMissingNode()
        && !description.isNull()
        && !(description.isTextual() && description.asText().equals(fixed))) {
      throw ApiException.badRequest(
          "description",
          "is set by the platform and cannot be changed; omit it or send \"" + fixed + "\"");
    }
    return setBaseEnabled(tenant, name, enabled);
  }

  /** The boolean at {@code field}; 400 naming it when absent or not a JSON boolean. */
  static boolean requiredBoolean(ObjectNode body, String field) {
    JsonNode v = body.path(field);
    if (!v.isBoolean()) {
      throw ApiException.badRequest(field, "is required and must be a boolean");
    }
    return v.asBoolean();
  }

  /** P6 (and P2): switches a base property on or off; 404 for an unknown property. */
  public Uni<BaseProperty> setBaseEnabled(Tenant tenant, String name, boolean enabled) {
    tenant.requireConfigurationWrite();
    String description = all().get(name);
    if (description == null) {
      throw ApiException.notFound("Base property " + name);
    }
    Set<String> disabled = new TreeSet<>(CustomerService.disabledBase(tenant.workspace()));
    if (enabled) {
      disabled.remove(name);
    } else {
      disabled.add(name);
    }
    return workspaces
        .updateSettings(
            tenant.workspaceId(),
            Map.of(WorkspaceSettings.DISABLED_BASE_PROPERTIES, List.copyOf(disabled)))
        .map(w -> new BaseProperty(name, description, enabled));
  }

  public JsonNode extended(Workspace ws) {
    JsonNode s = CustomerService.extendedSchema(ws);
    return s.isObject() ? s : ws.config().objectNode();
  }

  /**
   * P5: replaces the extended-properties schema, checked by the rules shared with event types and
   * products ({@link ExtendedSchema#replacement}: configuration writers only, 400 naming each
   * failing path, only CLAB_OPERATOR changes {@code indexed}). A change of the searchable set asks
   * the search index for a reindex once the new schema is stored.
   */
  public Uni<JsonNode> replaceExtended(Tenant tenant, JsonNode body) {
    JsonNode stored = extended(tenant.workspace());
    ObjectNode schema = ExtendedSchema.replacement(tenant, stored, body);
    boolean reindex = !searchable(stored).equals(searchable(schema));
    return workspaces
        .updateSettings(
            tenant.workspaceId(), Map.of(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES, schema))
        .call(
            w ->
                reindex
                    ? searchIndex.indexedPropertiesChanged(tenant.workspaceId())
                    : Uni.createFrom().voidItem())
        .map(w -> schema);
  }

  /**
   * Declares extended properties a feature or connector needs (e.g. the talk connector) on its
   * first use: the definitions of {@code wanted} (the P4 shape, checked and completed by {@link
   * ExtendedSchema#normalise}; never {@code indexed}) that the workspace's schema lacks are added
   * in one atomic statement; properties already declared keep their definition. Any caller that may
   * write customers may trigger it: it only adds, never changes or removes a property. Answers the
   * workspace as it is afterwards (unchanged, without a write, when nothing was missing).
   *
   * @throws ApiException 400 when a definition is malformed or asks for {@code indexed}
   */
  public Uni<Workspace> declareExtended(Workspace ws, ObjectNode wanted) {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode normalised = ExtendedSchema.normalise(wanted, errors);
    normalised
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("contactlabProperties").path("indexed").asBoolean()) {
                errors.add(new FieldError(e.getKey(), "a declared property cannot be indexed"));
              }
            });
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    JsonNode stored = extended(ws);
    ObjectNode missing = JsonNodeFactory.instance.objectNode();
    normalised
        .properties()
        .forEach(
            e -> {
              if (!stored.has(e.getKey())) {
                missing.set(e.getKey(), e.getValue());
              }
            });
    if (missing.isEmpty()) {
      return Uni.createFrom().item(ws);
    }
    return workspaces.addMissingSettingEntries(
        ws.id(), WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES, missing);
  }

  /** The indexed extended properties of a schema with their types (type, items). */
  private static Map<String, JsonNode> searchable(JsonNode schema) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    schema
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("contactlabProperties").path("indexed").asBoolean()) {
                ObjectNode definition = JsonNodeFactory.instance.objectNode();
                definition.set("type", e.getValue().path("type"));
                definition.set("items", e.getValue().path("items"));
                out.put(e.getKey(), definition);
              }
            });
    return out;
  }

  public ObjectNode jsonSchema(Workspace ws, boolean resolveReferences) {
    return CustomerJsonSchema.of(extended(ws), resolveReferences);
  }

  private static Map<String, String> all() {
    Map<String, String> all = new java.util.LinkedHashMap<>(BaseProperties.SCALARS);
    all.putAll(BaseProperties.COMPOSITES);
    return all;
  }
}
