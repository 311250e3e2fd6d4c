package io.customer360.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.customer360.common.ApiException;
import io.customer360.common.Customer360Config;
import io.customer360.common.Db;
import io.customer360.common.PageInfo;
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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.JDBCException;

/**
 * Workspaces and their settings, the only writer of the {@code workspace} table (Hibernate Reactive
 * Panache: writes under {@code @WithTransaction}, lists under {@code @WithSession}). Lookups by id
 * are cached for a few seconds as immutable {@link Workspace} records (every request resolves its
 * workspace); writes invalidate this replica's entry at once, other replicas within the cache's
 * expiry. Unknown workspaces answer 403 "workspace not found: &lt;id&gt;" (spec §5).
 */
@ApplicationScoped
public class WorkspaceService {

  private final WorkspaceRepository repository;
  private final Db db;
  private final Cache cache;
  private final EventLoop loop;
  private final String defaultPhoneRegion;
  private final WorkspaceNodes nodes;

  WorkspaceService(
      WorkspaceRepository repository,
      Db db,
      EventLoop loop,
      @CacheName("workspaces") Cache cache,
      Customer360Config config,
      WorkspaceNodes nodes) {
    this.nodes = nodes;
    this.repository = repository;
    this.db = db;
    this.cache = cache;
    this.loop = loop;
    this.defaultPhoneRegion = config.identity().defaultPhoneRegion();
  }

  /**
   * The workspace as a cached record; an unknown id fails with 403 "workspace not found:
   * &lt;id&gt;" (spec §5). Safe to call concurrently and from any feature: a miss loads in a
   * session of its own.
   */
  public Uni<Workspace> find(UUID id) {
    return cache.getAsync(id, this::load);
  }

  private Uni<Workspace> load(UUID id) {
    return loop.call(() -> repository.load(id)).onItem().ifNull().failWith(() -> notFound(id));
  }

  /** The answer to an unknown or unreachable workspace (spec §5: 403 "workspace not found: id"). */
  public static ApiException notFound(Object id) {
    return ApiException.forbidden("workspace not found: " + id);
  }

  /**
   * ISO 3166 region used to read phone numbers written without a leading {@code +}: the workspace
   * setting {@code defaultPhoneRegion}, else {@code customer360.identity.default-phone-region}.
   */
  public String defaultPhoneRegion(Workspace w) {
    JsonNode stored = w.setting(WorkspaceSettings.DEFAULT_PHONE_REGION);
    return stored.isTextual() ? stored.asText() : defaultPhoneRegion;
  }

  /** Creates an ENABLED workspace with the seed's default settings; 409 on a taken slug. */
  @WithTransaction
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
        .onFailure(WorkspaceService::isUniqueViolation)
        .transform(e -> ApiException.conflict("slug", "a workspace with this slug already exists"))
        .invoke(created -> Log.infof("workspace %s created", created.id()));
  }

  /**
   * A page of the workspaces {@code visibleTo} lists (null = all), filtered by name (substring, any
   * case) and group; {@code totalUnfilteredElements} counts the visible ones before the filters.
   */
  @WithSession
  public Uni<Paged<WorkspaceResponse>> list(
      String name, Long groupPk, List<UUID> visibleTo, PageRequest page) {
    return repository.page(name, groupPk, visibleTo, page).map(found -> paged(found, page));
  }

  private static Paged<WorkspaceResponse> paged(WorkspaceRepository.Page found, PageRequest page) {
    return new Paged<>(
        found.elements().stream().map(WorkspaceResponse::of).toList(),
        PageInfo.of(page, found.total(), found.unfiltered()));
  }

  /** The workspaces with these ids (null = all), by group and name. */
  @WithSession
  public Uni<List<Workspace>> findAll(List<UUID> ids) {
    return repository.findAll(ids);
  }

  /** Sets the status; 403 "workspace not found" for an unknown id. */
  public Uni<Workspace> changeStatus(UUID id, WorkspaceStatus status) {
    return committed(
        id,
        () -> repository.updateStatus(id, status).onItem().ifNull().failWith(() -> notFound(id)));
  }

  /**
   * Replaces the given top-level settings in one atomic jsonb merge, so writers of other keys keep
   * theirs. The one way other features (event and customer configuration) change the workspace row.
   * Runs in a Panache transaction of its own: never call it inside a raw-SQL transaction.
   */
  public Uni<Workspace> updateSettings(UUID id, Map<String, ?> settings) {
    return updateSettings(id, null, settings);
  }

  Uni<Workspace> updateSettings(UUID id, String name, Map<String, ?> settings) {
    return committed(
        id,
        () ->
            repository
                .mergeConfig(id, name, settings)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(id)));
  }

  /**
   * Runs {@code write} in a transaction and drops the cached workspace once it has committed:
   * dropped before the commit, a concurrent load (a request, the indexer) could cache the old row
   * again until the entry expires.
   */
  private Uni<Workspace> committed(UUID id, Supplier<Uni<Workspace>> write) {
    return Panache.withTransaction(write).call(() -> cache.invalidate(id));
  }

  /** Hibernate wraps the driver's error: looks for a unique violation along the causes. */
  static boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (Db.isUniqueViolation(c)
          || c instanceof JDBCException j && Db.UNIQUE_VIOLATION.equals(j.getSQLState())) {
        return true;
      }
    }
    return false;
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
        w.isCustomer360(),
        defaultPhoneRegion(w),
        w.customer360NodeId());
  }

  /**
   * PUT semantics: absent values fall back to the seed's defaults (the phone region to the
   * configured one, {@code customer360NodeId} to none: the Customer 360 view chooses its node), the
   * name is kept; a region libphonenumber does not know answers 400, a {@code customer360NodeId}
   * that is not a node of this workspace 404 "node not found &lt;id&gt;" (spec §5). The node check
   * is a cached lookup made before the transaction.
   */
  Uni<Workspace> replaceConfiguration(
      UUID id, WorkspaceConfigurationRequest r, boolean current360) {
    if (r.customer360NodeId() == null) {
      return replaceChecked(id, r, current360);
    }
    return nodes
        .requireNode(id, r.customer360NodeId())
        .chain(ignored -> replaceChecked(id, r, current360));
  }

  private Uni<Workspace> replaceChecked(
      UUID id, WorkspaceConfigurationRequest r, boolean current360) {
    if (r.defaultPhoneRegion() != null
        && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(r.defaultPhoneRegion())) {
      return Uni.createFrom()
          .failure(
              ApiException.badRequest(
                  "defaultPhoneRegion", "must be an ISO 3166 alpha-2 region with phone numbers"));
    }
    Map<String, Object> settings = new HashMap<>();
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
    settings.put(
        WorkspaceSettings.DEFAULT_PHONE_REGION,
        r.defaultPhoneRegion() == null ? defaultPhoneRegion : r.defaultPhoneRegion());
    settings.put(
        WorkspaceSettings.CUSTOMER_360_NODE_ID,
        r.customer360NodeId() == null ? null : r.customer360NodeId().toString());
    return updateSettings(id, r.name(), settings);
  }

  /**
   * Merges {@code entries} into the map-valued setting {@code key} (e.g. the disabled event types
   * or the payload sizes) in one statement: entries not named keep their value, so concurrent
   * writers of different entries never overwrite each other. Drops the cached workspace and returns
   * the updated one; fails with 404 when the workspace does not exist.
   */
  public Uni<Workspace> mergeSettingEntries(UUID id, String key, ObjectNode entries) {
    return committed(
        id,
        () ->
            repository
                .mergeConfigEntries(id, key, db.json(entries))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("Workspace")));
  }

  /**
   * Adds to the map-valued setting {@code key} the entries of {@code entries} it does not hold yet,
   * in one statement (entries already held keep their value, so a declaration never overwrites a
   * definition and concurrent declarations keep each other's). Drops the cached workspace and
   * returns the updated one; 404 when the workspace does not exist.
   */
  public Uni<Workspace> addMissingSettingEntries(UUID id, String key, ObjectNode entries) {
    return committed(
        id,
        () ->
            repository
                .addMissingConfigEntries(id, key, db.json(entries))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("Workspace")));
  }
}
