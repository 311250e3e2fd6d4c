package io.customer360.api.customer360;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The error answers every operation of the dialect can give, added to each of its operations in the
 * published document (so the resources declare only their own statuses): 401 (no or a bad token),
 * 403 (refused by the admission filter), 429 (request budget spent) and 503 (search or the database
 * cannot answer), each with the dialect's error envelope {@code Customer360ErrorEnvelope}. The
 * native API's operations get theirs from {@code common.OpenApiDocument}.
 */
@OpenApiFilter
public class Customer360OpenApi implements OASFilter {

  private static final String PREFIX = "/{locale}/api/customer360";

  /** status and description of the answers every dialect operation can give. */
  private static final List<List<String>> STANDARD =
      List.of(
          List.of("401", Customer360Docs.UNAUTHORIZED),
          List.of("403", Customer360Docs.FORBIDDEN),
          List.of("429", Customer360Docs.TOO_MANY),
          List.of("503", Customer360Docs.UNAVAILABLE));

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.equals(PREFIX) || path.startsWith(PREFIX + "/")) {
                addStandard(item);
              }
            });
  }

  private static void addStandard(PathItem item) {
    item.getOperations()
        .values()
        .forEach(
            operation -> {
              APIResponses responses = operation.getResponses();
              if (responses == null) {
                responses = OASFactory.createAPIResponses();
                operation.setResponses(responses);
              }
              for (List<String> s : STANDARD) {
                if (responses.getAPIResponse(s.get(0)) == null
                    || responses.getAPIResponse(s.get(0)).getContent() == null) {
                  responses.addAPIResponse(
                      s.get(0),
                      OASFactory.createAPIResponse()
                          .description(s.get(1))
                          .content(
                              OASFactory.createContent()
                                  .addMediaType(
                                      "application/json",
                                      OASFactory.createMediaType()
                                          .schema(
                                              OASFactory.createSchema()
                                                  .ref(
                                                      "#/components/schemas/"
                                                          + "Customer360ErrorEnvelope")))));
                }
              }
            });
  }
}
