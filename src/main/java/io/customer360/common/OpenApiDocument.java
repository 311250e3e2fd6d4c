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
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * What is global in the published OpenAPI document (issue 14, item 8): the two security schemes
 * (bearer JWT of people, opaque source tokens of integrations) applied to every {@code /hub}
 * operation, the error answers every operation can give (400 bad input, 401 no or a bad token, 403
 * not allowed, 429 request budget spent; each with the {@link ErrorBody} envelope, declared once as
 * shared responses), a description for every tag, the license and the server. Per-operation
 * schemas, statuses and operation-specific errors (404, 409, 413, 415, 422) belong to the
 * resources.
 */
public class OpenApiDocument implements OASFilter {

  static final String JWT = "bearerJwt";
  static final String SOURCE_TOKEN = "sourceToken";

  private static final Map<String, String> TAGS = new LinkedHashMap<>();

  /** The error answers of every operation: status, shared response name, description. */
  private static final List<List<String>> STANDARD_ERRORS =
      List.of(
          List.of(
              "400",
              "BadRequest",
              "Invalid request: a malformed body, parameter or value; each error names its field"
                  + " and rule; nothing was written"),
          List.of(
              "401",
              "Unauthorized",
              "No or a bad token: \"The client is not authorized to access the API\""),
          List.of(
              "403",
              "Forbidden",
              "An unknown or malformed workspace (\"workspace not found: <id>\"), or a caller"
                  + " without the role or node permission the operation needs"),
          List.of(
              "429",
              "TooManyRequests",
              "The workspace's request budget is spent; retry after the seconds in Retry-After"));

  static final String ERROR_SCHEMA = "ErrorBody";

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
    TAGS.put(
        "Segments",
        "Named customer queries (spec §4) of a workspace with their customers on a node.");
    TAGS.put("Events", "Customer events: ingest, search, change.");
    TAGS.put(
        "Stats",
        "Counts, time series and KPIs of customers and events, per customer and per workspace.");
    TAGS.put("Events configuration", "Which event types are enabled and their extended schema.");
    TAGS.put("Catalog types", "The catalogues of event contexts and types.");
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    declareSecuritySchemes(openAPI);
    declareStandardErrors(openAPI);
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
        addStandardErrors(operation);
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

  /** The shared error responses (and the error envelope's schema when no resource named it). */
  private static void declareStandardErrors(OpenAPI openAPI) {
    Components components = openAPI.getComponents();
    if (components.getSchemas() == null || !components.getSchemas().containsKey(ERROR_SCHEMA)) {
      components.addSchema(ERROR_SCHEMA, errorSchema());
    }
    for (List<String> e : STANDARD_ERRORS) {
      components.addResponse(
          e.get(1), OASFactory.createAPIResponse().description(e.get(2)).content(errorContent()));
    }
  }

  /**
   * The standard error answers an operation does not declare itself (or declares without a body, as
   * the framework's generic 401/403 are).
   */
  private static void addStandardErrors(Operation operation) {
    APIResponses responses = operation.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      operation.setResponses(responses);
    }
    for (List<String> e : STANDARD_ERRORS) {
      APIResponse declared = responses.getAPIResponse(e.get(0));
      if (declared == null || declared.getRef() == null && declared.getContent() == null) {
        responses.addAPIResponse(
            e.get(0), OASFactory.createAPIResponse().ref("#/components/responses/" + e.get(1)));
      }
    }
    responses.getAPIResponses().forEach(OpenApiDocument::withErrorBody);
  }

  /**
   * An error answer (4xx, 5xx) a resource declares with a description only carries the error
   * envelope, so resources need not repeat it.
   */
  private static void withErrorBody(String status, APIResponse response) {
    if (status.startsWith("4") || status.startsWith("5")) {
      if (response.getRef() == null && response.getContent() == null) {
        response.setContent(errorContent());
      }
    }
  }

  private static Content errorContent() {
    return OASFactory.createContent()
        .addMediaType(
            "application/json",
            OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + ERROR_SCHEMA)));
  }

  /** {message, logref, errors: [{path, message}], data}, as {@link ErrorBody} renders it. */
  private static Schema errorSchema() {
    Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    Schema fieldError =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.OBJECT)
            .addProperty("path", text)
            .addProperty("message", text);
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description("The error envelope")
        .addProperty("message", text)
        .addProperty("logref", text)
        .addProperty(
            "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
        .addProperty("data", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT));
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
