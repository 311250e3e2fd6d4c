package io.customer360.workspace;

import io.customer360.common.Db;
import io.customer360.common.Like;
import io.customer360.common.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The only writer of the {@code workspace} table (Hibernate Reactive Panache). Every method returns
 * {@link Workspace} records, never the managed entity; callers run it inside the service's
 * {@code @WithSession}/{@code @WithTransaction}, except {@link #load} which opens its own
 * short-lived session for the workspace cache.
 */
@ApplicationScoped
class WorkspaceRepository implements PanacheRepositoryBase<WorkspaceEntity, UUID> {

  /**
   * Sets top-level settings atomically (jsonb ||): concurrent writers of other keys keep theirs.
   */
  private static final String MERGE_CONFIG =
      """
      update workspace
         set config = config || cast(cast(:settings as text) as jsonb),
             name = coalesce(cast(:name as text), name),
             updated_at = now()
       where id = :id
      """;

  private final Db db;
  private final Mutiny.SessionFactory sessions;

  WorkspaceRepository(Db db, Mutiny.SessionFactory sessions) {
    this.db = db;
    this.sessions = sessions;
  }

  /** A page of workspaces and the counts of matches and of all visible workspaces. */
  record Page(List<Workspace> elements, long total, long unfiltered) {}

  Uni<Workspace> insert(Workspace w) {
    WorkspaceEntity e = new WorkspaceEntity();
    e.id = w.id();
    e.name = w.name();
    e.slug = w.slug();
    e.groupPk = w.groupPk();
    e.shard = w.shard();
    e.status = w.status().name();
    e.config = db.json(w.config());
    return persistAndFlush(e).map(this::toWorkspace);
  }

  Uni<Workspace> findWorkspace(UUID id) {
    return findById(id).map(this::toWorkspace);
  }

  /**
   * One workspace in a session of its own, closed at once: the cache loader may run on hot paths,
   * concurrently and outside any unit of work of this feature.
   */
  Uni<Workspace> load(UUID id) {
    return sessions
        .openStatelessSession()
        .chain(s -> s.get(WorkspaceEntity.class, id).map(this::toWorkspace).eventually(s::close));
  }

  /** A page of workspaces, optionally limited to {@code visibleTo} (null = all). */
  Uni<Page> page(String name, Long groupPk, List<UUID> visibleTo, PageRequest page) {
    List<String> where = new ArrayList<>();
    Parameters filters = new Parameters();
    if (visibleTo != null) {
      where.add("id in :visible");
      filters.and("visible", visibleTo.isEmpty() ? List.of(new UUID(0, 0)) : visibleTo);
    }
    String visible = String.join(" and ", where);
    Parameters unfilteredParameters = copy(filters);
    if (name != null) {
      where.add("lower(name) like :name" + Like.ESCAPE);
      filters.and("name", Like.containsIgnoringCase(name));
    }
    if (groupPk != null) {
      where.add("groupPk = :groupPk");
      filters.and("groupPk", groupPk);
    }
    String query = String.join(" and ", where);
    // Panache refuses a page of size 0: size=0 asks for the counts only.
    Uni<List<Workspace>> elements =
        page.size() == 0
            ? Uni.createFrom().item(List.of())
            : find(query, Sort.by("createdAt").and("id"), filters)
                .page(page.page(), page.size())
                .list()
                .map(list -> list.stream().map(this::toWorkspace).toList());
    return elements.chain(
        list ->
            count(query, filters)
                .chain(
                    total ->
                        count(visible, unfilteredParameters)
                            .map(unfiltered -> new Page(list, total, unfiltered))));
  }

  private static Parameters copy(Parameters p) {
    Parameters out = new Parameters();
    p.map().forEach(out::and);
    return out;
  }

  Uni<List<Workspace>> findAll(List<UUID> ids) {
    Uni<List<WorkspaceEntity>> found =
        ids == null
            ? listAll(Sort.by("groupPk").and("name"))
            : list("id in ?1", Sort.by("groupPk").and("name"), ids.isEmpty() ? List.of() : ids);
    return found.map(list -> list.stream().map(this::toWorkspace).toList());
  }

  Uni<Workspace> updateStatus(UUID id, WorkspaceStatus status) {
    return findById(id)
        .onItem()
        .ifNotNull()
        .invoke(
            e -> {
              e.status = status.name();
              e.updatedAt = OffsetDateTime.now();
            })
        .map(this::toWorkspace);
  }

  /** Merges top-level settings (and renames when {@code name} is set); null when unknown. */
  Uni<Workspace> mergeConfig(UUID id, String name, Object settings) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(MERGE_CONFIG)
                    .setParameter("settings", db.json(settings))
                    .setParameter("name", name)
                    .setParameter("id", id)
                    .executeUpdate())
        .chain(updated -> updated == 0 ? Uni.createFrom().nullItem() : findWorkspace(id));
  }

  Workspace toWorkspace(WorkspaceEntity e) {
    if (e == null) {
      return null;
    }
    return new Workspace(
        e.id,
        e.name,
        e.slug,
        e.groupPk,
        e.shard,
        WorkspaceStatus.valueOf(e.status),
        db.object(e.config));
  }

  /** Merges entries into one map-valued top-level setting atomically (jsonb ||). */
  private static final String MERGE_CONFIG_ENTRIES =
      """
      update workspace
         set config = jsonb_set(config, array[cast(:key as text)],
                                coalesce(config -> cast(:key as text), '{}'::jsonb)
                                || cast(cast(:entries as text) as jsonb)),
             updated_at = now()
       where id = :id
      """;

  /**
   * Adds to one map-valued top-level setting the entries it does not hold yet; entries it holds
   * keep their value. One statement under the row lock, so concurrent declarations never lose each
   * other's entries.
   */
  private static final String ADD_MISSING_CONFIG_ENTRIES =
      """
      update workspace
         set config = jsonb_set(config, array[cast(:key as text)],
                                cast(cast(:entries as text) as jsonb)
                                || coalesce(config -> cast(:key as text), '{}'::jsonb)),
             updated_at = now()
       where id = :id
      """;

  /**
   * Adds the entries a map-valued setting lacks (held ones win); null when the workspace is
   * unknown.
   */
  Uni<Workspace> addMissingConfigEntries(UUID id, String key, String entriesJson) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(ADD_MISSING_CONFIG_ENTRIES)
                    .setParameter("key", key)
                    .setParameter("entries", entriesJson)
                    .setParameter("id", id)
                    .executeUpdate())
        .chain(updated -> updated == 0 ? Uni.createFrom().nullItem() : findWorkspace(id));
  }

  /**
   * Merges entries into one map-valued top-level setting, so concurrent changes to different
   * entries keep each other; null when the workspace is unknown.
   */
  Uni<Workspace> mergeConfigEntries(UUID id, String key, String entriesJson) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(MERGE_CONFIG_ENTRIES)
                    .setParameter("key", key)
                    .setParameter("entries", entriesJson)
                    .setParameter("id", id)
                    .executeUpdate())
        .chain(updated -> updated == 0 ? Uni.createFrom().nullItem() : findWorkspace(id));
  }
}
