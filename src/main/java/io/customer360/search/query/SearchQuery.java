package io.customer360.search.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed customer search query of the Contacthub query language (spec §4): an immutable tree
 * built by {@link QueryParser} with every attribute resolved against the {@link AttributeCatalogue}
 * and every value checked against the attribute's type, so a translator never meets an unknown
 * attribute or a value of the wrong shape.
 *
 * @param name the query's label ({@code name}, required, may be empty)
 * @param query the simple or combined query
 */
public record SearchQuery(String name, Node query) {

  /** A simple or a combined query. */
  public sealed interface Node permits Simple, Combined {}

  /**
   * {@code {type:"simple", are:{condition}, did?}}: customers matching {@code are} (null: every
   * customer) who, when {@code did} is set, also did such an event.
   */
  public record Simple(Condition are, Did did) implements Node {}

  /** {@code {type:"combined", conjunction, queries}}: at least one query. */
  public record Combined(SetOperation conjunction, List<Node> queries) implements Node {
    public Combined {
      queries = List.copyOf(queries);
    }
  }

  /** The conjunction of a combined query. */
  public enum SetOperation {
    /** Customers in every query. */
    INTERSECT,
    /** Customers in any query. */
    UNION,
    /** Customers in the first query and in none of the others. */
    EXCEPT
  }

  /** An atomic or a composite condition. */
  public sealed interface Condition permits Atomic, Composite {}

  /**
   * {@code {type:"atomic", attribute, operator, value?}}.
   *
   * @param attribute the resolved attribute
   * @param operator the operator
   * @param value the checked value: null for IS_NULL and IS_NOT_NULL, an array of two for BETWEEN,
   *     a non-empty array for IN and NOT_IN, a scalar otherwise
   */
  public record Atomic(Attribute attribute, Operator operator, JsonNode value)
      implements Condition {}

  /** {@code {type:"composite", conjunction:"and"|"or", conditions}}: at least one condition. */
  public record Composite(boolean and, List<Condition> conditions) implements Condition {
    public Composite {
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * {@code did:{event:{name}, condition?, timeframe?}}: the customer did an event of type {@code
   * eventType} whose fields match {@code condition} and whose date matches {@code timeframe} (each
   * null: no restriction).
   */
  public record Did(String eventType, Condition condition, Condition timeframe) {}

  /** The operators of atomic conditions (spec §4; LIKE from the Java SDK). */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    BETWEEN,
    GTE,
    GT,
    LTE,
    LT,
    IS_NULL,
    IS_NOT_NULL,
    IN,
    NOT_IN,
    LIKE;

    /** Whether the operator takes no value. */
    public boolean takesNoValue() {
      return this == IS_NULL || this == IS_NOT_NULL;
    }

    /** Whether the operator takes an array of values. */
    public boolean takesArray() {
      return this == IN || this == NOT_IN || this == BETWEEN;
    }

    /** Whether the operator compares by order (numbers, dates, strings). */
    public boolean isRange() {
      return this == BETWEEN || this == GTE || this == GT || this == LTE || this == LT;
    }
  }
}
