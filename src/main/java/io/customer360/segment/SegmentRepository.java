package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.Db;
import io.customer360.common.Like;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The only writer of the {@code segment} table (Hibernate Reactive Panache). Runs inside the
 * service's session or transaction and returns {@link Segment} records, never managed entities.
 * Every method takes the workspace first: another workspace's segment is never found.
 */
@ApplicationScoped
class SegmentRepository implements PanacheRepositoryBase<SegmentEntity, UUID> {

  /**
   * Serialises the creates of one workspace until the transaction ends, so the count that bounds a
   * workspace's segments sees every committed create ({@link SegmentService#MAX_PER_WORKSPACE}).
   */
  private static final String LOCK_WORKSPACE =
      """
      select 1 from pg_advisory_xact_lock(
          hashtextextended('customer360.segment:' || :workspaceId, 0))
      """;

  private static final Sort BY_NAME = Sort.by("nameKey").and("id");

  private final Db db;

  SegmentRepository(Db db) {
    this.db = db;
  }

  /** A page of segments, and the counts of matches and of all segments of the workspace. */
  record Page(List<Segment> elements, long total, long unfiltered) {}

  /** A segment to store: the checked name, its comparison form, the query and the flag. */
  record Draft(String name, String nameKey, JsonNode query, boolean enabled) {}

  Uni<Void> lockWorkspace(UUID workspaceId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(LOCK_WORKSPACE, Integer.class)
                    .setParameter("workspaceId", workspaceId.toString())
                    .getSingleResult())
        .replaceWithVoid();
  }

  Uni<Long> countAll(UUID workspaceId) {
    return count("workspaceId", workspaceId);
  }

  Uni<Segment> insert(UUID workspaceId, Draft d) {
    SegmentEntity e = new SegmentEntity();
    e.id = UUID.randomUUID();
    e.workspaceId = workspaceId;
    e.createdAt = now();
    copy(d, e, e.createdAt);
    return persistAndFlush(e).map(this::toSegment);
  }

  /** Replaces name, query and flag; null when the workspace has no such segment. */
  Uni<Segment> update(UUID workspaceId, UUID id, Draft d) {
    return entity(workspaceId, id)
        .onItem()
        .ifNotNull()
        .call(
            e -> {
              copy(d, e, now());
              return flush();
            })
        .map(this::toSegment);
  }

  private void copy(Draft d, SegmentEntity e, OffsetDateTime updatedAt) {
    e.name = d.name();
    e.nameKey = d.nameKey();
    e.query = db.json(d.query());
    e.enabled = d.enabled();
    e.updatedAt = updatedAt;
  }

  /** Deletes the segment; false when the workspace has no such segment. */
  Uni<Boolean> delete(UUID workspaceId, UUID id) {
    return delete("id = ?1 and workspaceId = ?2", id, workspaceId).map(n -> n > 0);
  }

  Uni<Segment> find(UUID workspaceId, UUID id) {
    return entity(workspaceId, id).map(this::toSegment);
  }

  private Uni<SegmentEntity> entity(UUID workspaceId, UUID id) {
    return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResult();
  }

  /**
   * A page of the workspace's segments by name; {@code nameKey} (null: all) keeps those whose name
   * key contains it. Size 0 answers the counts only.
   */
  Uni<Page> page(UUID workspaceId, String nameKey, int page, int size) {
    String query = "workspaceId = :workspaceId";
    Parameters filters = Parameters.with("workspaceId", workspaceId);
    if (nameKey != null) {
      query += " and nameKey like :name" + Like.ESCAPE;
      filters.and("name", "%" + Like.escape(nameKey) + "%");
    }
    String filtered = query;
    // Panache refuses a page of size 0: size=0 asks for the counts only.
    Uni<List<Segment>> elements =
        size == 0
            ? Uni.createFrom().item(List.of())
            : find(filtered, BY_NAME, filters)
                .page(page, size)
                .list()
                .map(list -> list.stream().map(this::toSegment).toList());
    return elements.chain(
        list ->
            count(filtered, filters)
                .chain(
                    total ->
                        countAll(workspaceId)
                            .map(unfiltered -> new Page(list, total, unfiltered))));
  }

  /** Every enabled segment of the workspace, by name (at most the per-workspace cap). */
  Uni<List<Segment>> findEnabled(UUID workspaceId) {
    return list("workspaceId = ?1 and enabled = true", BY_NAME, workspaceId)
        .map(list -> list.stream().map(this::toSegment).toList());
  }

  /** Timestamps at PostgreSQL's precision, so what is answered is what is stored. */
  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private Segment toSegment(SegmentEntity e) {
    if (e == null) {
      return null;
    }
    return new Segment(
        e.id, e.workspaceId, e.name, db.tree(e.query), e.enabled, e.createdAt, e.updatedAt);
  }
}
