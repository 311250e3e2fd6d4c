package io.customer360.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.workspace.WorkspaceRequests.CreateWorkspaceRequest;
import io.customer360.workspace.WorkspaceRequests.Currency;
import io.customer360.workspace.WorkspaceRequests.Industry;
import io.customer360.workspace.WorkspaceRequests.Timezone;
import io.customer360.workspace.WorkspaceRequests.WorkspaceConfigurationRequest;
import io.customer360.workspace.WorkspaceRequests.WorkspaceConfigurationResponse;
import io.customer360.workspace.WorkspaceRequests.WorkspaceResponse;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workspaces and their settings. Lookups by id are cached for a few seconds (every request resolves
 * its workspace); writes invalidate this replica's entry at once, other replicas within the cache's
 * expiry.
 */
@ApplicationScoped
public class WorkspaceService {

  private final WorkspaceRepository repository;
  private final Db db;
  private final Cache cache;

  WorkspaceService(WorkspaceRepository repository, Db db, @CacheName("workspaces") Cache cache) {
    this.repository = repository;
    this.db = db;
    this.cache = cache;
  }

  public Uni<Workspace> find(UUID id) {
    return cache.getAsync(
        id,
        key ->
            repository
                .findById(key)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("Workspace")));
  }

  public Uni<Workspace> create(CreateWorkspaceRequest request) {
    ObjectNode config = db.mapper().createObjectNode();
    config.put(WorkspaceSettings.INDUSTRY, Industry.NotDefined.name());
    config.put(WorkspaceSettings.TIMEZONE, Timezone.EUROPE_ROME.toString());
    config.put(WorkspaceSettings.CURRENCY, Currency.EUR.name());
    config.put(WorkspaceSettings.MAX_REQUESTS_PER_MINUTE, 0);
    Workspace w =
        new Workspace(
            UUID.randomUUID(),
            request.name(),
            request.slug(),
            request.groupPk(),
            request.shard(),
            WorkspaceStatus.ENABLED,
            config);
    return repository
        .insert(w)
        .onFailure(Db::isUniqueViolation)
        .transform(e -> ApiException.conflict("slug", "a workspace with this slug already exists"))
        .invoke(created -> Log.infof("workspace %s created", created.id()));
  }

  public Uni<Paged<WorkspaceResponse>> list(
      String name, Long groupPk, List<UUID> visibleTo, PageRequest page) {
    return repository
        .page(name, groupPk, visibleTo, page)
        .map(
            rows ->
                Paged.of(
                    Db.list(rows, r -> WorkspaceResponse.of(repository.toWorkspace(r))),
                    page,
                    Db.total(rows)));
  }

  public Uni<List<Workspace>> findAll(List<UUID> ids) {
    return repository.findAll(ids);
  }

  public Uni<Workspace> changeStatus(UUID id, WorkspaceStatus status) {
    return repository.updateStatus(id, status).call(w -> cache.invalidate(id));
  }

  /** Replaces the given top-level settings (one atomic jsonb merge). */
  public Uni<Workspace> updateSettings(UUID id, Map<String, ?> settings) {
    return updateSettings(id, null, settings);
  }

  Uni<Workspace> updateSettings(UUID id, String name, Map<String, ?> settings) {
    return repository
        .mergeConfig(id, name, settings)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Workspace"))
        .call(w -> cache.invalidate(id));
  }

  WorkspaceConfigurationResponse configuration(Workspace w) {
    ObjectNode c = w.config();
    return new WorkspaceConfigurationResponse(
        w.name(),
        c.path(WorkspaceSettings.INDUSTRY).asText(Industry.NotDefined.name()),
        c.hasNonNull(WorkspaceSettings.LOGO) ? c.get(WorkspaceSettings.LOGO).asText() : null,
        c.path(WorkspaceSettings.TIMEZONE).asText(Timezone.EUROPE_ROME.toString()),
        c.path(WorkspaceSettings.CURRENCY).asText(Currency.EUR.name()),
        "MERGE",
        c.hasNonNull(WorkspaceSettings.TIER) ? c.get(WorkspaceSettings.TIER).asText() : null,
        w.isCustomer360());
  }

  /** PUT semantics: absent values fall back to the seed's defaults, the name is kept. */
  Uni<Workspace> replaceConfiguration(
      UUID id, WorkspaceConfigurationRequest r, boolean current360) {
    Map<String, Object> settings = new java.util.HashMap<>();
    settings.put(
        WorkspaceSettings.INDUSTRY,
        (r.industry() == null ? Industry.NotDefined : r.industry()).name());
    settings.put(WorkspaceSettings.LOGO, r.logo());
    settings.put(
        WorkspaceSettings.TIMEZONE,
        (r.timezone() == null ? Timezone.EUROPE_ROME : r.timezone()).toString());
    settings.put(
        WorkspaceSettings.CURRENCY, (r.currency() == null ? Currency.EUR : r.currency()).name());
    settings.put(
        WorkspaceSettings.IS_CUSTOMER_360,
        r.isCustomer360() == null ? current360 : r.isCustomer360());
    return updateSettings(id, r.name(), settings);
  }

  /**
   * Merges {@code entries} into the map-valued setting {@code key} (e.g. the disabled event types
   * or the payload sizes) in one statement: entries not named keep their value, so concurrent
   * writers of different entries never overwrite each other. Drops the cached workspace and returns
   * the updated one; fails with 404 when the workspace does not exist.
   */
  public Uni<Workspace> mergeSettingEntries(UUID id, String key, ObjectNode entries) {
    return repository
        .mergeConfigEntries(id, key, db.json(entries))
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Workspace"))
        .call(w -> cache.invalidate(id));
  }
}
