package io.customer360.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * What is global in the published OpenAPI document (issue 14, item 8): the two security schemes
 * (bearer JWT of people, opaque source tokens of integrations) applied to every {@code /hub}
 * operation, a description for every tag, the license and the server. Per-operation schemas and
 * statuses belong to the resources.
 */
public class OpenApiDocument implements OASFilter {

  static final String JWT = "bearerJwt";
  static final String SOURCE_TOKEN = "sourceToken";

  private static final Map<String, String> TAGS = new LinkedHashMap<>();

  static {
    TAGS.put("Workspaces provisioning", "Create workspaces and change their status (staff only).");
    TAGS.put("Workspace configuration", "Workspace-wide settings and the request budget.");
    TAGS.put("Nodes", "Entry and aggregate nodes: where customers live and how they unify.");
    TAGS.put("Matching policies", "How customers of entry nodes are matched into one.");
    TAGS.put("Sources", "Integrations and their source tokens.");
    TAGS.put("Users", "People of the workspace and their node permissions.");
    TAGS.put("Current user", "The calling person and what they may reach.");
    TAGS.put("Customer properties", "The base and extended customer property schema.");
    TAGS.put("Customers", "Customers of entry nodes: create, read, change, search, forget.");
    TAGS.put("Customer sessions", "Sessions bound to customers.");
    TAGS.put("Events", "Customer events: ingest, search, change.");
    TAGS.put("Events configuration", "Which event types are enabled and their extended schema.");
    TAGS.put("Catalog types", "The catalogues of event contexts and types.");
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    declareSecuritySchemes(openAPI);
    describeTags(openAPI);
    openAPI.setServers(List.of(OASFactory.createServer().url("/").description("This service")));
    if (openAPI.getInfo() != null && openAPI.getInfo().getLicense() == null) {
      openAPI
          .getInfo()
          .setLicense(
              OASFactory.createLicense().name("Proprietary").url("https://customer360.io/license"));
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    SecurityRequirement jwt = OASFactory.createSecurityRequirement().addScheme(JWT);
    SecurityRequirement source = OASFactory.createSecurityRequirement().addScheme(SOURCE_TOKEN);
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (!path.getKey().startsWith("/hub/")) {
        continue;
      }
      for (Operation operation : path.getValue().getOperations().values()) {
        operation.setSecurity(List.of(jwt, source));
      }
    }
  }

  private static void declareSecuritySchemes(OpenAPI openAPI) {
    Components components = openAPI.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openAPI.setComponents(components);
    }
    components.addSecurityScheme(
        JWT,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("JWT")
            .description("Access token of a person, issued by the OpenID Connect provider."));
    components.addSecurityScheme(
        SOURCE_TOKEN,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("c360s_...")
            .description(
                "Opaque token of an integration source, limited to its workspace and nodes."));
  }

  private static void describeTags(OpenAPI openAPI) {
    Map<String, Tag> existing = new LinkedHashMap<>();
    if (openAPI.getTags() != null) {
      openAPI.getTags().forEach(t -> existing.put(t.getName(), t));
    }
    TAGS.forEach(
        (name, description) ->
            existing
                .computeIfAbsent(name, n -> OASFactory.createTag().name(n))
                .setDescription(description));
    existing.values().stream()
        .filter(t -> t.getDescription() == null)
        .forEach(t -> t.setDescription(t.getName()));
    openAPI.setTags(List.copyOf(existing.values()));
  }
}
