package io.customer360.search.query;

/**
 * A searchable attribute, resolved by the {@link AttributeCatalogue} from the dotted path a query
 * names.
 *
 * @param path the path as the query names it ({@code base.contacts.email}, {@code extended.tier},
 *     {@code properties.amount.total})
 * @param type the value type conditions are checked against
 * @param nestedPath null for a plain field of the document; {@code extended} or {@code properties}
 *     for an entry of the nested {name, s, n, b, d} array (the Elasticsearch contract)
 * @param field the document field ({@code base.contacts.email}); for a nested attribute the entry's
 *     {@code name} ({@code tier}, {@code amount.total})
 */
public record Attribute(String path, Type type, String nestedPath, String field) {

  /** The value types of attributes. */
  public enum Type {
    /** A keyword, lowercase-normalised: compared case-insensitively. */
    STRING,
    /** A keyword holding a UUID. */
    ID,
    /** A number (long, integer or double in the index). */
    NUMBER,
    /** A boolean. */
    BOOLEAN,
    /** A date or date-time (ISO 8601) or Elasticsearch date math from {@code now}. */
    DATE,
    /**
     * Untyped (event properties, which have no schema in the index): the value's JSON type chooses
     * the column: a string {@code s} (or {@code d} when a range compares dates), a number {@code
     * n}, a boolean {@code b}.
     */
    ANY
  }

  /** A plain field of the document. */
  static Attribute field(String path, Type type) {
    return new Attribute(path, type, null, path);
  }

  /** An entry of a nested {name, s, n, b, d} array. */
  static Attribute nested(String path, Type type, String nestedPath, String name) {
    return new Attribute(path, type, nestedPath, name);
  }

  /** Whether the attribute lives in a nested {name, s, n, b, d} array. */
  public boolean isNested() {
    return nestedPath != null;
  }
}
