package io.customer360.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Small helpers shared by repositories: JSON columns, arrays, constraint errors. */
@ApplicationScoped
public class Db {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";

  /**
   * Runs the work in one transaction, and again (at most three tries in all) when PostgreSQL aborts
   * it for a deadlock or a serialization failure, which concurrent merges can cause: the aborted
   * attempt left nothing behind, so the work starts from scratch. The work must write only through
   * its connection.
   */
  public static <T> Uni<T> transaction(
      Pool pool, java.util.function.Function<SqlConnection, Uni<T>> work) {
    return Uni.createFrom()
        .deferred(() -> pool.withTransaction(work))
        .onFailure(Db::isTransient)
        .retry()
        .withBackOff(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(100))
        .atMost(2);
  }

  public static boolean isTransient(Throwable t) {
    return t instanceof PgException p
        && (SERIALIZATION_FAILURE.equals(p.getSqlState())
            || DEADLOCK_DETECTED.equals(p.getSqlState()));
  }

  private final ObjectMapper mapper;

  public Db(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** JSON text for a {@code $n::text::jsonb} parameter; null stays null. */
  public String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  public JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  public ObjectNode object(String text) {
    JsonNode n = tree(text);
    return n instanceof ObjectNode o ? o : mapper.createObjectNode();
  }

  public <T> T read(String text, Class<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(mapper.apply(r));
    }
    return out;
  }

  public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? mapper.apply(it.next()) : null;
  }

  public static List<UUID> uuids(Row row, String column) {
    UUID[] values = row.getArrayOfUUIDs(column);
    return values == null ? null : Arrays.asList(values);
  }

  public static List<String> strings(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? null : Arrays.asList(values);
  }

  public static UUID[] uuidArray(List<UUID> values) {
    return values == null ? null : values.toArray(new UUID[0]);
  }

  public static String[] stringArray(List<String> values) {
    return values == null ? null : values.toArray(new String[0]);
  }

  public static OffsetDateTime time(Row row, String column) {
    return row.getOffsetDateTime(column);
  }

  public static boolean isUniqueViolation(Throwable t) {
    return t instanceof PgException p && UNIQUE_VIOLATION.equals(p.getSqlState());
  }

  public static boolean isForeignKeyViolation(Throwable t) {
    return t instanceof PgException p && FOREIGN_KEY_VIOLATION.equals(p.getSqlState());
  }

  /** The window COUNT(*) OVER () column of a page query, 0 when the page is empty. */
  public static long total(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next().getLong("total") : 0L;
  }

  /** The rows of a counted page and its {@code total} and {@code unfiltered} counts. */
  public record Counted<T>(List<T> elements, long total, long unfiltered) {}

  /**
   * Reads a page query that always returns at least one row carrying the window counts {@code
   * total} (matches) and {@code unfiltered} (before the filters); a row whose {@code id} is null
   * only carries the counts (an empty page, {@code size=0}).
   */
  public static <T> Counted<T> counted(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    long total = 0;
    long unfiltered = 0;
    for (Row r : rows) {
      total = r.getLong("total");
      unfiltered = r.getLong("unfiltered");
      if (r.getUUID("id") != null) {
        out.add(mapper.apply(r));
      }
    }
    return new Counted<>(out, total, unfiltered);
  }
}
