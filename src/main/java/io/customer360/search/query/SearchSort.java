package io.customer360.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import java.util.Locale;

/**
 * The {@code sort} of a customer search (CU1): {@code field} or {@code field,asc|desc} (ascending
 * when omitted) on any searchable attribute of the {@link AttributeCatalogue} (system, base,
 * consents, tags, indexed extended properties), always tie-broken by {@code id} in the same
 * direction so pages are stable. Blank: {@code updatedAt} descending. Customers without the field
 * come last in either direction; a multi-valued field sorts by its smallest value ascending and its
 * largest descending; strings sort by their lowercased form.
 *
 * @param attribute the sorted attribute
 * @param descending the direction
 */
public record SearchSort(Attribute attribute, boolean descending) {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The default sort: updatedAt descending. */
  public static final SearchSort DEFAULT =
      new SearchSort(AttributeCatalogue.CUSTOMER.get("updatedAt"), true);

  /**
   * Parses {@code sort} with extended attributes typed by {@code extendedSchema}; a malformed sort
   * or an unknown or unindexed field is a 400 naming {@code sort}.
   */
  public static SearchSort parse(String sort, JsonNode extendedSchema) {
    if (sort == null || sort.isBlank()) {
      return DEFAULT;
    }
    String[] parts = sort.split(",", -1);
    String dir = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
    if (parts.length > 2 || !(dir.equals("asc") || dir.equals("desc"))) {
      throw ApiException.badRequest("sort", "must be field or field,asc or field,desc");
    }
    try {
      return new SearchSort(
          AttributeCatalogue.customer(parts[0].trim(), extendedSchema), dir.equals("desc"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("sort", parts[0].trim() + " " + e.getMessage());
    }
  }

  /** The Elasticsearch sort clauses: the field, then {@code id} in the same direction. */
  public ArrayNode clauses() {
    String order = descending ? "desc" : "asc";
    ArrayNode out = JSON.arrayNode();
    if (attribute.isNested()) {
      String path = attribute.nestedPath();
      ObjectNode s =
          out.addObject()
              .putObject(
                  path
                      + "."
                      + QueryTranslator.column(attribute.type(), SearchQuery.Operator.EQUALS, null))
              .put("order", order);
      ObjectNode nested = s.putObject("nested").put("path", path);
      nested.putObject("filter").putObject("term").put(path + ".name", attribute.field());
    } else if (!attribute.field().equals("id")) {
      out.addObject()
          .putObject(attribute.field())
          .put("order", order)
          .put("unmapped_type", unmappedType(attribute.type()));
    }
    out.addObject().putObject("id").put("order", order);
    return out;
  }

  private static String unmappedType(Attribute.Type type) {
    return switch (type) {
      case NUMBER -> "double";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      default -> "keyword";
    };
  }
}
