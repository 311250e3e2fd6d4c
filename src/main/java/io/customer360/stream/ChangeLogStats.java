package io.customer360.stream;

import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Counts of the change log for statistics (spec §1.1 S8, S9: entities updated or deleted per day):
 * how many distinct entities of one kind saw an UPDATE or a DELETE in each calendar bucket of the
 * rows' {@code created_at} (the writing transaction's start) in a time zone. Counts are exact:
 * every committed row counts once, whatever the indexer's lag; a change commits with its row, so no
 * change is missed or counted twice.
 *
 * <p>One statement per call, an index range on the partial index {@code change_log_changes}
 * (migration V16: {@code (workspace_id, entity, operation, created_at)} over the UPDATE and DELETE
 * rows only, so creates, the bulk of the log, cost it nothing). A DELETE row of an event carries
 * {@code {"type": ...}}; an UPDATE row of an event carries the whole event. Rows whose type is not
 * known (the data of a forgotten customer's events is redacted) are left out of counts by type.
 */
@ApplicationScoped
public class ChangeLogStats {

  /** Calendar buckets: a day, an ISO week (from Monday) or a month. */
  public enum Unit {
    DAY("day"),
    WEEK("week"),
    MONTH("month");

    private final String sql;

    Unit(String sql) {
      this.sql = sql;
    }
  }

  /**
   * Distinct entities in one bucket; {@code type} is the event type (counts by type), else null.
   */
  public record BucketCount(LocalDate bucket, String type, long count) {}

  /**
   * $1 workspace, $2 entity, $3 operation (UPDATE or DELETE), $4 from (included), $5 until
   * (excluded), $6 nodes (null: any), $7 time zone, $8 unit, $9 by event type. The literal {@code
   * operation in ('UPDATE', 'DELETE')} lets the planner use the partial index for every value of
   * $3, generic plans included.
   */
  private static final String COUNTS =
      """
      select to_char(date_trunc($8, l.created_at at time zone $7), 'YYYY-MM-DD') as bucket,
             case when $9 then l.data ->> 'type' end as type,
             count(distinct l.entity_id) as n
        from change_log l
       where l.workspace_id = $1
         and l.entity = $2
         and l.operation in ('UPDATE', 'DELETE')
         and l.operation = $3
         and l.created_at >= $4 and l.created_at < $5
         and ($6::uuid[] is null or l.node_id = any($6::uuid[]))
         and (not $9 or l.data ->> 'type' is not null)
       group by 1, 2
       order by 1, 2""";

  private final Pool pool;

  ChangeLogStats(Pool pool) {
    this.pool = pool;
  }

  /**
   * How many distinct entities of kind {@code entity} of the workspace were updated ({@code
   * UPDATE}) or deleted ({@code DELETE}) in each {@code unit} of {@code zone} between {@code from}
   * (included) and {@code until} (excluded), by bucket (and by event type when {@code byType});
   * buckets without changes are absent. {@code nodes} keeps the rows of these nodes (null: every
   * node). {@code CREATE} is refused (IllegalArgumentException): creates are counted from the
   * search indices, which hold the registration dates.
   */
  public Uni<List<BucketCount>> counts(
      UUID workspaceId,
      Entity entity,
      Operation operation,
      Collection<UUID> nodes,
      Instant from,
      Instant until,
      ZoneId zone,
      Unit unit,
      boolean byType) {
    if (operation == Operation.CREATE) {
      throw new IllegalArgumentException("creates are not counted from the change log");
    }
    Tuple params =
        Tuple.from(
            Arrays.asList(
                workspaceId,
                entity.name(),
                operation.name(),
                OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(until, ZoneOffset.UTC),
                nodes == null ? null : nodes.toArray(new UUID[0]),
                zone.getId(),
                unit.sql,
                byType));
    return pool.preparedQuery(COUNTS)
        .execute(params)
        .map(
            rows -> {
              List<BucketCount> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new BucketCount(
                        LocalDate.parse(r.getString("bucket")),
                        r.getString("type"),
                        r.getLong("n")));
              }
              return out;
            });
  }
}
