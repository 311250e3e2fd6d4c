package io.customer360.source;

import io.customer360.common.Db;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The only writer of the {@code source} table (Hibernate Reactive Panache). Runs inside the
 * service's session or transaction and returns {@link Source} records, never managed entities.
 */
@ApplicationScoped
class SourceRepository implements PanacheRepositoryBase<SourceEntity, UUID> {

  /** How many of the given ids are nodes of the workspace (node is read, never written, here). */
  private static final String COUNT_NODES =
      """
      select count(*), count(*) filter (where type = 'ENTRY')
        from node where workspace_id = :workspaceId and id in (:ids)
      """;

  /** How many of the ids are nodes of the workspace, and how many of those are entry nodes. */
  record NodeCount(long all, long entries) {}

  /**
   * The CONTACTSEND sources of every workspace, optionally of one Contactsend customer group and
   * user DB (an empty parameter matches any), in creation order; served by the partial index {@code
   * source_send_userdb} of V19.
   */
  private static final String SEND_SOURCE_IDS =
      """
      select id from source
       where provider = 'CONTACTSEND'
         and (cast(:groupPk as text) = '' or properties ->> 'groupPk' = cast(:groupPk as text))
         and (cast(:userdbId as text) = '' or properties ->> 'userdbId' = cast(:userdbId as text))
       order by created_at, id
      """;

  private final Db db;

  SourceRepository(Db db) {
    this.db = db;
  }

  Uni<Source> insert(Source s, String tokenHash) {
    SourceEntity e = new SourceEntity();
    e.id = s.id();
    e.workspaceId = s.workspaceId();
    e.tokenHash = tokenHash;
    copy(s, e);
    return persistAndFlush(e).map(this::toSource);
  }

  Uni<Source> update(Source s) {
    return entity(s.workspaceId(), s.id()).invoke(e -> copy(s, e)).map(this::toSource);
  }

  private void copy(Source s, SourceEntity e) {
    e.provider = s.provider().name();
    e.name = s.name();
    e.description = s.description();
    e.properties = db.json(s.properties());
    e.nodes = Db.uuidArray(s.nodes());
    e.enabled = s.enabled();
    e.updatedAt = OffsetDateTime.now();
  }

  Uni<Source> replaceToken(UUID workspaceId, UUID id, String tokenHash) {
    return entity(workspaceId, id)
        .invoke(
            e -> {
              e.tokenHash = tokenHash;
              e.updatedAt = OffsetDateTime.now();
            })
        .map(this::toSource);
  }

  Uni<Source> find(UUID workspaceId, UUID id) {
    return entity(workspaceId, id).map(this::toSource);
  }

  private Uni<SourceEntity> entity(UUID workspaceId, UUID id) {
    return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResult();
  }

  Uni<List<Source>> findAll(UUID workspaceId) {
    return list("workspaceId", Sort.by("createdAt").and("id"), workspaceId)
        .map(list -> list.stream().map(this::toSource).toList());
  }

  /** Send sources across workspaces; {@code groupPk} and {@code userdbId} null for any. */
  Uni<List<Source>> findSend(Long groupPk, Long userdbId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(SEND_SOURCE_IDS, UUID.class)
                    .setParameter("groupPk", groupPk == null ? "" : groupPk.toString())
                    .setParameter("userdbId", userdbId == null ? "" : userdbId.toString())
                    .getResultList())
        .chain(
            ids ->
                ids.isEmpty()
                    ? Uni.createFrom().item(List.<SourceEntity>of())
                    : list("id in ?1", Sort.by("createdAt").and("id"), ids))
        .map(list -> list.stream().map(this::toSource).toList());
  }

  /** One read ({@link #COUNT_NODES}): both counts in one row. */
  Uni<NodeCount> countNodes(UUID workspaceId, List<UUID> ids) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(COUNT_NODES, Object[].class)
                    .setParameter("workspaceId", workspaceId)
                    .setParameter("ids", ids)
                    .getSingleResult())
        .map(row -> new NodeCount(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
  }

  private Source toSource(SourceEntity e) {
    if (e == null) {
      return null;
    }
    return new Source(
        e.id,
        e.workspaceId,
        SourceProvider.valueOf(e.provider),
        e.name,
        e.description,
        db.tree(e.properties),
        e.nodes == null ? null : Arrays.asList(e.nodes),
        e.enabled);
  }
}
