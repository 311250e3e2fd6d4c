package io.customer360.stats;

import io.customer360.common.ApiException;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.customer.CustomerQueryService;
import io.customer360.event.EventContext;
import io.customer360.event.EventType;
import io.customer360.identity.IdentityService;
import io.customer360.identity.MergedCustomerException;
import io.customer360.identity.UnifiedCustomer;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.search.SearchDocuments;
import io.customer360.search.StatsAggregations;
import io.customer360.search.StatsAggregations.CustomerScope;
import io.customer360.search.StatsAggregations.EventScope;
import io.customer360.search.StatsAggregations.Histogram;
import io.customer360.search.StatsAggregations.Interval;
import io.customer360.search.StatsAggregations.MoneyGroup;
import io.customer360.search.StatsAggregations.OrderKind;
import io.customer360.source.Source;
import io.customer360.source.SourceService;
import io.customer360.stats.StatsRange.Span;
import io.customer360.stats.StatsResponses.BuyingBehavior;
import io.customer360.stats.StatsResponses.BuyingBehaviorsStats;
import io.customer360.stats.StatsResponses.ChannelStats;
import io.customer360.stats.StatsResponses.ContextParameters;
import io.customer360.stats.StatsResponses.ContextStats;
import io.customer360.stats.StatsResponses.CreationParameters;
import io.customer360.stats.StatsResponses.CreationStats;
import io.customer360.stats.StatsResponses.CustomerEventsStats;
import io.customer360.stats.StatsResponses.CustomersStats;
import io.customer360.stats.StatsResponses.EcommerceStats;
import io.customer360.stats.StatsResponses.KeyValue;
import io.customer360.stats.StatsResponses.KeyValues;
import io.customer360.stats.StatsResponses.Kpi;
import io.customer360.stats.StatsResponses.NodeParameters;
import io.customer360.stats.StatsResponses.NodeRangeParameters;
import io.customer360.stats.StatsResponses.NodeStatsPage;
import io.customer360.stats.StatsResponses.PurchaseParameters;
import io.customer360.stats.StatsResponses.PurchaseStats;
import io.customer360.stats.StatsResponses.RangeParameters;
import io.customer360.stats.StatsResponses.Series;
import io.customer360.stats.StatsResponses.SeriesParameters;
import io.customer360.stats.StatsResponses.UpdateParameters;
import io.customer360.stats.StatsResponses.UpdateStats;
import io.customer360.stats.StatsResponses.WebStats;
import io.customer360.stats.StatsResponses.WorkspaceStats;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.customer360.stream.ChangeLogStats;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The stats operations of spec §1.1 (S1–S13). Counts, histograms and money figures come from the
 * Elasticsearch indices ({@link StatsAggregations}: one aggregation per operation, routed by the
 * workspace), the UPDATED and DELETED counts of S8 and S9 from the change log ({@link
 * ChangeLogStats}: exact, one statement). No database connection is held while Elasticsearch
 * answers: the lookups that need PostgreSQL (node, customer, sources) finish first.
 *
 * <p><b>Time.</b> Buckets are calendar days, ISO weeks (Monday first) or months in the workspace's
 * time zone ({@link Workspace#timeZone()}); ranges, their defaults and maxima follow {@link
 * StatsRange}, and every bucket of the range is answered, empty ones with 0 ({@link StatsSeries}).
 * Parameters are checked in this order: the range (400), then the node or customer (404, 403).
 *
 * <p><b>Access.</b> Everyone who reaches the workspace reads its statistics, over the nodes they
 * may read: ADMIN and CLAB_OPERATOR every node, a person the nodes they hold a permission on, a
 * source token its nodes. A {@code nodeId} the caller may not read answers 403, an unknown or
 * foreign one 404 "node not found &lt;id&gt;". Without {@code nodeId}, customer figures count the
 * entry customers of the readable entry nodes (a customer unified in an aggregate node is not
 * counted twice) and event figures the events of the readable nodes. With an entry node: its entry
 * customers and events; with an ACTIVE aggregate node: its unified customers and the events of its
 * entry nodes, those the caller may read (as the event search, EV1); customer figures of an
 * aggregate node that is not ACTIVE answer 400 naming {@code nodeId}.
 *
 * <p><b>Freshness.</b> Index figures follow the indexer (typically well under a second); answers
 * are shared by identical requests through {@link StatsCache} (key: workspace, its zone and
 * currency, operation, parameters as sent and the nodes the caller may read), so a default range is
 * the one of the request that computed the answer, as its {@code parameters} say.
 */
@ApplicationScoped
public class StatsService {

  /** Categories and keys of the spec's samples (spec §6 "Stats categories and keys"). */
  static final String ADDED_CUSTOMERS = "addedCustomers";

  static final String CUSTOMERS = "customers";
  static final String SNAPSHOT = "CustomersSnapshot";
  static final String CHANNELS = "communicationChannels";
  static final String EVENTS_KPI = "eventsKPI";

  private static final String COMPLETED_ORDER = EventType.completedOrder.name();
  private static final String ABANDONED_CART = EventType.abandonedCart.name();
  private static final List<String> AMOUNTS = List.of(MoneyFigures.TOTAL, MoneyFigures.REVENUE);
  private static final List<MoneyGroup> ORDERS =
      List.of(
          new MoneyGroup(MoneyFigures.SALES, List.of(COMPLETED_ORDER), OrderKind.SALE),
          new MoneyGroup(MoneyFigures.RETURNS, List.of(COMPLETED_ORDER), OrderKind.RETURN));
  private static final List<MoneyGroup> ORDERS_AND_CARTS =
      List.of(
          ORDERS.get(0),
          ORDERS.get(1),
          new MoneyGroup(MoneyFigures.CARTS, List.of(ABANDONED_CART), OrderKind.ANY));

  private final StatsAggregations index;
  private final ChangeLogStats changes;
  private final NodeService nodes;
  private final SourceService sources;
  private final CustomerQueryService customers;
  private final IdentityService identity;
  private final StatsCache cache;

  StatsService(
      StatsAggregations index,
      ChangeLogStats changes,
      NodeService nodes,
      SourceService sources,
      CustomerQueryService customers,
      IdentityService identity,
      StatsCache cache) {
    this.index = index;
    this.changes = changes;
    this.nodes = nodes;
    this.sources = sources;
    this.customers = customers;
    this.identity = identity;
    this.cache = cache;
  }

  // ------------------------------------------------------------------------ per customer (S1, S2)

  /**
   * S1: the customer's events in the range by event type, one series per type that has events in
   * the range (by type name), bucketed by {@code mode} (default DAILY) on the events' {@code date};
   * default range the last year, at most one year. A unified customer's events are its members'
   * events; events of nodes the caller may not read are left out. 404 for an unknown customer, 403
   * for one of a node the caller may not read, 301 to the survivor's statistics for a unified
   * customer merged away.
   */
  public Uni<CustomerEventsStats> customerEvents(
      Tenant tenant, UUID customerId, String start, String end, StatsMode mode) {
    StatsMode m = mode == null ? StatsMode.DAILY : mode;
    return answer(
        tenant,
        new Window("S1", start, end, Span.YEAR, Span.YEAR),
        () -> owners(tenant, customerId, "/stats/events"),
        List.of(m),
        (w, owners, range) -> customerEvents(w, owners, range, m));
  }

  private Uni<CustomerEventsStats> customerEvents(
      Workspace w, Owners owners, StatsRange range, StatsMode m) {
    return index
        .eventHistogram(
            new EventScope(w.id(), owners.readable(), owners.customers(), null, null),
            histogram("date", range, w, m),
            List.of("type"))
        .map(counts -> StatsSeries.byType(counts, range, w.timeZone(), m))
        .map(
            data ->
                new CustomerEventsStats(new SeriesParameters(range.start(), range.end(), m), data));
  }

  /**
   * S2: the customer's buying behaviours from its completed orders whose {@code date} lies in the
   * range (default the last year, at most one year), per currency ({@link MoneyFigures}): {@code
   * totalSpending}, {@code averageOrderValue}, {@code totalReturns}. Same customer rules as S1.
   */
  public Uni<BuyingBehaviorsStats> buyingBehaviors(
      Tenant tenant, UUID customerId, String start, String end) {
    return answer(
        tenant,
        new Window("S2", start, end, Span.YEAR, Span.YEAR),
        () -> owners(tenant, customerId, "/stats/buying-behaviors"),
        List.of(),
        this::buyingBehaviors);
  }

  private Uni<BuyingBehaviorsStats> buyingBehaviors(Workspace w, Owners owners, StatsRange range) {
    EventScope scope =
        new EventScope(
            w.id(), owners.readable(), owners.customers(), List.of(COMPLETED_ORDER), null);
    return index
        .money(scope, range.start(), range.end(), ORDERS, AMOUNTS)
        .map(found -> buyingBehaviors(found, w.currency()))
        .map(
            data ->
                new BuyingBehaviorsStats(new RangeParameters(range.start(), range.end()), data));
  }

  private static List<BuyingBehavior> buyingBehaviors(
      List<StatsAggregations.Money> found, String workspaceCurrency) {
    var byCurrency = MoneyFigures.byCurrency(found, workspaceCurrency);
    List<BuyingBehavior> data = new ArrayList<>();
    for (String c : MoneyFigures.currencies(byCurrency, workspaceCurrency)) {
      data.addAll(MoneyFigures.buyingBehaviors(byCurrency.get(c), c));
    }
    return data;
  }

  /**
   * The entry customers whose events {@code customerId} stands for: an entry customer itself (one
   * query), else the members of a unified customer. 404/403 like a customer read (CU3); a unified
   * customer merged away answers 301 to the survivor's {@code suffix}.
   */
  private Uni<Owners> owners(Tenant tenant, UUID customerId, String suffix) {
    return customers
        .findEntry(tenant, customerId)
        .map(entry -> List.of(customerId))
        .onFailure(StatsService::isNotFound)
        .recoverWithUni(() -> members(tenant, customerId, suffix))
        .map(found -> new Owners(tenant.readableNodes(), Set.copyOf(found)));
  }

  /**
   * The entry customers whose events a per-customer figure counts, and the nodes the caller may
   * read (null: every node).
   */
  private record Owners(Set<UUID> readable, Set<UUID> customers) {}

  private Uni<List<UUID>> members(Tenant tenant, UUID unifiedId, String suffix) {
    UUID ws = tenant.workspaceId();
    return identity
        .findUnified(ws, unifiedId)
        .onFailure(MergedCustomerException.class)
        .transform(e -> moved(ws, (MergedCustomerException) e, suffix))
        .invoke(unified -> readable(tenant, unified))
        .chain(unified -> identity.memberIds(ws, unifiedId))
        .map(List::copyOf);
  }

  private static void readable(Tenant tenant, UnifiedCustomer unified) {
    if (unified == null) {
      throw ApiException.notFound("Customer");
    }
    tenant.requireRead(unified.nodeId());
  }

  private static boolean isNotFound(Throwable e) {
    return e instanceof ApiException a && a.status() == 404;
  }

  private static MergedCustomerException moved(
      UUID workspaceId, MergedCustomerException e, String suffix) {
    UUID survivor = e.survivorId();
    return new MergedCustomerException(
        survivor, "/hub/v1/workspaces/" + workspaceId + "/customers/" + survivor + suffix);
  }

  // --------------------------------------------------------------------- counts (S3, S4, S5, S7)

  /**
   * S3: the workspace's id, name, status and number of customers: its entry customers in the entry
   * nodes the caller may read.
   */
  public Uni<WorkspaceStats> workspace(Tenant tenant) {
    Workspace w = tenant.workspace();
    CustomerScope scope = new CustomerScope(w.id(), SearchDocuments.ENTRY, tenant.readableNodes());
    return cache.get(
        key("S3", w, scope.nodeIds()),
        () ->
            index
                .countCustomers(scope)
                .map(n -> new WorkspaceStats(w.id(), w.name(), w.status(), n)));
  }

  /**
   * S4: a page of the nodes the caller may read (creation order), each with its number of customers
   * (entry customers of an entry node, unified customers of an aggregate node), whether an enabled
   * Contactplan source serves it ({@code plan}) and the Contactsend source serving it ({@code
   * send}); {@code page.maxElements} is every node the caller may read: nothing is capped.
   */
  public Uni<NodeStatsPage> nodes(Tenant tenant, PageRequest page) {
    Workspace w = tenant.workspace();
    Set<UUID> readable = tenant.readableNodes();
    return cache.get(key("S4", w, readable, page), () -> nodes(w.id(), readable, page));
  }

  private Uni<NodeStatsPage> nodes(UUID workspaceId, Set<UUID> readable, PageRequest page) {
    return nodes
        .findByWorkspaces(List.of(workspaceId))
        .map(
            all -> all.stream().filter(n -> readable == null || readable.contains(n.id())).toList())
        .chain(visible -> sources.list(workspaceId).map(found -> new Visible(visible, found)))
        .chain(v -> index.customersByNode(workspaceId).map(counts -> v.page(counts, page)));
  }

  /** The nodes a caller may read and the workspace's sources. */
  private record Visible(List<Node> nodes, List<Source> sources) {

    NodeStatsPage page(Map<UUID, Long> counts, PageRequest page) {
      int from = (int) Math.min(page.offset(), nodes.size());
      int to = (int) Math.min(page.offset() + page.size(), nodes.size());
      return new NodeStatsPage(
          nodes.subList(from, to).stream().map(n -> NodeFigures.of(n, sources, counts)).toList(),
          PageInfo.capped(page, nodes.size(), nodes.size(), nodes.size()));
    }
  }

  /**
   * S5: the number of customers ({@code CustomersSnapshot}, key {@code total}) of the node, or of
   * the readable entry nodes without {@code nodeId}.
   */
  public Uni<CustomersStats> customers(Tenant tenant, UUID nodeId) {
    return answer(
        tenant,
        Window.none("S5"),
        () -> customerNodes(tenant, nodeId),
        Arrays.asList(nodeId),
        (w, scope, range) -> customers(scope.customers(), nodeId));
  }

  private Uni<CustomersStats> customers(CustomerScope scope, UUID nodeId) {
    return index
        .countCustomers(scope)
        .map(n -> KeyValues.of(SNAPSHOT, List.of(new KeyValue("total", n))))
        .map(data -> new CustomersStats(new NodeParameters(nodeId), data));
  }

  /**
   * S7: the customers by reachable communication channel ({@link StatsAggregations#channels}): keys
   * {@code emailMobile}, {@code emailOnly}, {@code mobileOnly}, {@code notReachable}, which add up
   * to the S5 total.
   */
  public Uni<ChannelStats> customersByChannel(Tenant tenant, UUID nodeId) {
    return answer(
        tenant,
        Window.none("S7"),
        () -> customerNodes(tenant, nodeId),
        Arrays.asList(nodeId),
        (w, scope, range) -> customersByChannel(scope.customers(), nodeId));
  }

  private Uni<ChannelStats> customersByChannel(CustomerScope scope, UUID nodeId) {
    return index
        .channels(scope)
        .map(StatsService::channels)
        .map(data -> new ChannelStats(new NodeParameters(nodeId), data));
  }

  private static KeyValues channels(StatsAggregations.Channels c) {
    return KeyValues.of(
        CHANNELS,
        List.of(
            new KeyValue("emailMobile", c.emailMobile()),
            new KeyValue("emailOnly", c.emailOnly()),
            new KeyValue("mobileOnly", c.mobileOnly()),
            new KeyValue("notReachable", c.notReachable())));
  }

  // ------------------------------------------------------------------------- series (S6, S8–S10)

  /**
   * S6: customers by {@code registeredAt} (category {@code addedCustomers}), bucketed by {@code
   * mode} (default MONTHLY); default range the last year, at most one year. Customers deleted since
   * are not counted (they are in S8 DELETED).
   */
  public Uni<CreationStats> customersByCreationDate(
      Tenant tenant, String start, String end, StatsMode mode, UUID nodeId) {
    StatsMode m = mode == null ? StatsMode.MONTHLY : mode;
    return answer(
        tenant,
        new Window("S6", start, end, Span.YEAR, Span.YEAR),
        () -> customerNodes(tenant, nodeId),
        Arrays.asList(m, nodeId),
        (w, scope, range) -> customersByCreationDate(w, scope.customers(), range, m, nodeId));
  }

  private Uni<CreationStats> customersByCreationDate(
      Workspace w, CustomerScope scope, StatsRange range, StatsMode m, UUID nodeId) {
    return index
        .customerHistogram(scope, histogram("registeredAt", range, w, m))
        .map(
            counts ->
                Series.of(ADDED_CUSTOMERS, StatsSeries.points(counts, range, w.timeZone(), m)))
        .map(
            series ->
                new CreationStats(
                    new CreationParameters(range.start(), range.end(), m, nodeId),
                    List.of(series)));
  }

  /**
   * S8: customers added, updated or deleted per day (category {@code customers}); default range the
   * last month, at most one year (one month for DELETED). ADDED counts the customers registered
   * that day that still exist (customer index, {@code registeredAt}); UPDATED the distinct
   * customers changed that day and DELETED those deleted that day, both from the change log (exact;
   * a create that merges into an existing customer updates it; an aggregate node's unified customer
   * is updated whenever one of its members changes).
   */
  public Uni<UpdateStats> customersByUpdateDate(
      Tenant tenant, String start, String end, UpdateType type, UUID nodeId) {
    UpdateType t = type == null ? UpdateType.ADDED : type;
    return answer(
        tenant,
        new Window("S8", start, end, Span.MONTH, maximum(t)),
        () -> customerNodes(tenant, nodeId),
        Arrays.asList(t, nodeId),
        (w, scope, range) -> customersByUpdateDate(w, scope, range, t, nodeId));
  }

  private Uni<UpdateStats> customersByUpdateDate(
      Workspace w, CustomerNodes scope, StatsRange range, UpdateType t, UUID nodeId) {
    ZoneId zone = w.timeZone();
    Uni<List<StatsResponses.Point>> points =
        t == UpdateType.ADDED
            ? index
                .customerHistogram(
                    scope.customers(), histogram("registeredAt", range, w, StatsMode.DAILY))
                .map(c -> StatsSeries.points(c, range, zone, StatsMode.DAILY))
            : changes
                .counts(
                    w.id(),
                    scope.entity(),
                    operation(t),
                    scope.customers().nodeIds(),
                    range.start(),
                    range.until(),
                    zone,
                    ChangeLogStats.Unit.DAY,
                    false)
                .map(c -> StatsSeries.changePoints(c, range, zone));
    return points.map(
        p ->
            new UpdateStats(
                new UpdateParameters(range.start(), range.end(), nodeId, t),
                List.of(Series.of(CUSTOMERS, p))));
  }

  /**
   * S9: events added, updated or deleted per day, one series per event type (category: the type)
   * that has any in the range; default range the last month, at most one year (one month for
   * DELETED). ADDED counts the events registered that day that still exist (event index, {@code
   * registeredAt}); UPDATED (distinct events changed that day) and DELETED come from the change log
   * (exact).
   */
  public Uni<UpdateStats> eventsByUpdateDate(
      Tenant tenant, String start, String end, UpdateType type, UUID nodeId) {
    UpdateType t = type == null ? UpdateType.ADDED : type;
    return answer(
        tenant,
        new Window("S9", start, end, Span.MONTH, maximum(t)),
        () -> eventNodes(tenant, nodeId),
        Arrays.asList(t, nodeId),
        (w, nodeIds, range) -> eventsByUpdateDate(w, nodeIds, range, t, nodeId));
  }

  private Uni<UpdateStats> eventsByUpdateDate(
      Workspace w, Collection<UUID> nodeIds, StatsRange range, UpdateType t, UUID nodeId) {
    ZoneId zone = w.timeZone();
    Uni<List<Series>> series =
        t == UpdateType.ADDED
            ? index
                .eventHistogram(
                    new EventScope(w.id(), nodeIds, null, null, null),
                    histogram("registeredAt", range, w, StatsMode.DAILY),
                    List.of("type"))
                .map(c -> StatsSeries.byType(c, range, zone, StatsMode.DAILY))
            : changes
                .counts(
                    w.id(),
                    Entity.EVENT,
                    operation(t),
                    nodeIds,
                    range.start(),
                    range.until(),
                    zone,
                    ChangeLogStats.Unit.DAY,
                    true)
                .map(c -> StatsSeries.changesByType(c, range, zone));
    return series.map(
        s -> new UpdateStats(new UpdateParameters(range.start(), range.end(), nodeId, t), s));
  }

  /**
   * S10: events by type and context per day of their {@code date}, one series per type and context
   * that has events in the range (by type, then context); {@code context} keeps one context
   * (default ALL); default range the last month, at most one year.
   */
  public Uni<ContextStats> eventsByTypeAndContext(
      Tenant tenant, String start, String end, StatsContext context, UUID nodeId) {
    StatsContext c = context == null ? StatsContext.ALL : context;
    return answer(
        tenant,
        new Window("S10", start, end, Span.MONTH, Span.YEAR),
        () -> eventNodes(tenant, nodeId),
        Arrays.asList(c, nodeId),
        (w, nodeIds, range) -> eventsByTypeAndContext(w, nodeIds, range, c, nodeId));
  }

  private Uni<ContextStats> eventsByTypeAndContext(
      Workspace w, Collection<UUID> nodeIds, StatsRange range, StatsContext c, UUID nodeId) {
    List<String> contexts = c == StatsContext.ALL ? null : List.of(c.name());
    return index
        .eventHistogram(
            new EventScope(w.id(), nodeIds, null, null, contexts),
            histogram("date", range, w, StatsMode.DAILY),
            List.of("type", "context"))
        .map(counts -> StatsSeries.byTypeAndContext(counts, range, w.timeZone()))
        .map(
            data ->
                new ContextStats(
                    new ContextParameters(range.start(), range.end(), nodeId, c), data));
  }

  // ---------------------------------------------------------------------------- KPIs (S11–S13)

  /**
   * S11: purchase figures of the completed orders whose {@code date} lies in the range (default the
   * last month, at most one year), of the ECOMMERCE or RETAIL context or ALL (default), per
   * currency ({@link MoneyFigures#purchases}).
   */
  public Uni<PurchaseStats> purchases(
      Tenant tenant, String start, String end, PurchaseType type, UUID nodeId) {
    PurchaseType t = type == null ? PurchaseType.ALL : type;
    return answer(
        tenant,
        new Window("S11", start, end, Span.MONTH, Span.YEAR),
        () -> eventNodes(tenant, nodeId),
        Arrays.asList(t, nodeId),
        (w, nodeIds, range) -> purchases(w, nodeIds, range, t, nodeId));
  }

  private Uni<PurchaseStats> purchases(
      Workspace w, Collection<UUID> nodeIds, StatsRange range, PurchaseType t, UUID nodeId) {
    List<String> contexts = t == PurchaseType.ALL ? null : List.of(t.name());
    EventScope scope = new EventScope(w.id(), nodeIds, null, List.of(COMPLETED_ORDER), contexts);
    return index
        .money(scope, range.start(), range.end(), ORDERS, AMOUNTS)
        .map(found -> MoneyFigures.purchases(found, w.currency(), false))
        .map(
            data ->
                new PurchaseStats(
                    new PurchaseParameters(range.start(), range.end(), nodeId, t), data));
  }

  /**
   * S12: e-commerce figures of the events of the ECOMMERCE context whose {@code date} lies in the
   * range (default the last month, at most one year), per currency ({@link MoneyFigures#purchases}
   * with carts).
   */
  public Uni<EcommerceStats> ecommerce(Tenant tenant, String start, String end, UUID nodeId) {
    return answer(
        tenant,
        new Window("S12", start, end, Span.MONTH, Span.YEAR),
        () -> eventNodes(tenant, nodeId),
        Arrays.asList(nodeId),
        (w, nodeIds, range) -> ecommerce(w, nodeIds, range, nodeId));
  }

  private Uni<EcommerceStats> ecommerce(
      Workspace w, Collection<UUID> nodeIds, StatsRange range, UUID nodeId) {
    EventScope scope =
        new EventScope(
            w.id(),
            nodeIds,
            null,
            List.of(COMPLETED_ORDER, ABANDONED_CART),
            List.of(EventContext.ECOMMERCE.name()));
    return index
        .money(scope, range.start(), range.end(), ORDERS_AND_CARTS, List.of(MoneyFigures.TOTAL))
        .map(found -> MoneyFigures.purchases(found, w.currency(), true))
        .map(
            data ->
                new EcommerceStats(
                    new NodeRangeParameters(range.start(), range.end(), nodeId), data));
  }

  /**
   * S13: web figures of the viewedPage events of the WEB context whose {@code date} lies in the
   * range (default the last month, at most one year): one entry {@code pageViews} (category {@code
   * eventsKPI}) with the keys {@code pageViews} (how many), {@code visitors} (distinct customers
   * among them: exact up to {@value StatsAggregations#EXACT_DISTINCT}, HyperLogLog++ beyond,
   * typically within 1 %) and {@code anonymousPageViews} (those of no customer yet: anonymous
   * sessions).
   */
  public Uni<WebStats> web(Tenant tenant, String start, String end, UUID nodeId) {
    return answer(
        tenant,
        new Window("S13", start, end, Span.MONTH, Span.YEAR),
        () -> eventNodes(tenant, nodeId),
        Arrays.asList(nodeId),
        (w, nodeIds, range) -> web(w, nodeIds, range, nodeId));
  }

  private Uni<WebStats> web(Workspace w, Collection<UUID> nodeIds, StatsRange range, UUID nodeId) {
    EventScope scope =
        new EventScope(
            w.id(),
            nodeIds,
            null,
            List.of(EventType.viewedPage.name()),
            List.of(EventContext.WEB.name()));
    return index
        .eventTotals(scope, range.start(), range.end())
        .map(
            totals ->
                List.of(
                    new KeyValue("pageViews", totals.events()),
                    new KeyValue("visitors", totals.customers()),
                    new KeyValue("anonymousPageViews", totals.anonymous())))
        .map(
            values ->
                new WebStats(
                    new NodeRangeParameters(range.start(), range.end(), nodeId),
                    List.of(new Kpi("pageViews", EVENTS_KPI, StatsResponses.KEY_VALUE, values))));
  }

  // ------------------------------------------------------------------------------ scopes

  /** The customers of a request: index documents and change-log rows. */
  record CustomerNodes(CustomerScope customers, Entity entity) {}

  /**
   * Without {@code nodeId}: the entry customers of the readable entry nodes. An entry node: its
   * entry customers; an ACTIVE aggregate node: its unified customers; another aggregate node 400
   * naming {@code nodeId}. 403 when the caller may not read the node, 404 when it is unknown.
   */
  private Uni<CustomerNodes> customerNodes(Tenant tenant, UUID nodeId) {
    UUID ws = tenant.workspaceId();
    if (nodeId == null) {
      return Uni.createFrom()
          .item(
              new CustomerNodes(
                  new CustomerScope(ws, SearchDocuments.ENTRY, tenant.readableNodes()),
                  Entity.CUSTOMER));
    }
    return nodes.find(ws, nodeId).map(node -> customerNodes(tenant, node));
  }

  private static CustomerNodes customerNodes(Tenant tenant, Node node) {
    tenant.requireRead(node.id());
    UUID ws = tenant.workspaceId();
    if (node.isEntry()) {
      return new CustomerNodes(
          new CustomerScope(ws, SearchDocuments.ENTRY, List.of(node.id())), Entity.CUSTOMER);
    }
    if (node.isActiveAggregate()) {
      return new CustomerNodes(
          new CustomerScope(ws, SearchDocuments.UNIFIED, List.of(node.id())),
          Entity.UNIFIED_CUSTOMER);
    }
    throw ApiException.badRequest("nodeId", "must be an entry node or an ACTIVE aggregate node");
  }

  /**
   * The entry nodes whose events a request covers: the readable nodes without {@code nodeId} (null:
   * every node), the node, or an ACTIVE aggregate node's entry nodes; always within the nodes the
   * caller may read (as the event search, EV1). 403/404 like {@link #customerNodes}.
   */
  private Uni<Collection<UUID>> eventNodes(Tenant tenant, UUID nodeId) {
    Set<UUID> readable = tenant.readableNodes();
    if (nodeId == null) {
      return Uni.createFrom().item(readable);
    }
    return nodes.find(tenant.workspaceId(), nodeId).map(node -> eventNodes(tenant, node, readable));
  }

  private static Collection<UUID> eventNodes(Tenant tenant, Node node, Set<UUID> readable) {
    tenant.requireRead(node.id());
    List<UUID> entries = node.isActiveAggregate() ? node.entryNodes() : List.of(node.id());
    return readable == null ? entries : entries.stream().filter(readable::contains).toList();
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * The one path of the operations S1, S2 and S5–S13: checks the range parameters (400 naming the
   * parameter) before any lookup, resolves the request's scope (the customers or nodes it covers;
   * 403/404 there), then answers from {@link StatsCache} under the key of the operation, the
   * workspace, the scope, the range as sent and {@code parameters} (the other request parameters,
   * defaults applied; nulls allowed); on a miss {@code computation} runs with the range resolved at
   * that moment.
   */
  private <S, T> Uni<T> answer(
      Tenant tenant,
      Window window,
      Supplier<Uni<S>> scope,
      List<Object> parameters,
      Computation<S, T> computation) {
    Workspace w = tenant.workspace();
    window.resolve(w);
    return scope
        .get()
        .chain(
            s -> {
              List<Object> inputs = new ArrayList<>(parameters.size() + 3);
              inputs.add(s);
              inputs.add(window.start());
              inputs.add(window.end());
              inputs.addAll(parameters);
              return cache.get(
                  key(window.operation(), w, inputs.toArray()),
                  () -> computation.compute(w, s, window.resolve(w)));
            });
  }

  /** Computes an answer from the workspace, the request's scope and its resolved range. */
  @FunctionalInterface
  private interface Computation<S, T> {
    Uni<T> compute(Workspace w, S scope, StatsRange range);
  }

  /**
   * An operation's range parameters as sent ({@code start}, {@code end}: null for the default) with
   * its default and maximum spans ({@link StatsRange}); spans null for an operation without a
   * range, whose range resolves to null.
   */
  private record Window(String operation, String start, String end, Span byDefault, Span max) {

    static Window none(String operation) {
      return new Window(operation, null, null, null, null);
    }

    StatsRange resolve(Workspace w) {
      return byDefault == null
          ? null
          : StatsRange.resolve(start, end, w.timeZone(), Instant.now(), byDefault, max);
    }
  }

  /** S8 and S9: at most one year, one month for DELETED. */
  private static Span maximum(UpdateType type) {
    return type == UpdateType.DELETED ? Span.MONTH : Span.YEAR;
  }

  private static Histogram histogram(String field, StatsRange range, Workspace w, StatsMode mode) {
    return new Histogram(field, range.start(), range.end(), w.timeZone(), interval(mode));
  }

  static Interval interval(StatsMode mode) {
    return switch (mode) {
      case DAILY -> Interval.DAY;
      case WEEKLY -> Interval.WEEK;
      case MONTHLY -> Interval.MONTH;
    };
  }

  private static Operation operation(UpdateType type) {
    return type == UpdateType.DELETED ? Operation.DELETE : Operation.UPDATE;
  }

  /**
   * What an answer depends on: the operation, the workspace with its zone and currency, and the
   * request's resolved scope and parameters as sent (a scope is a set, so its order does not
   * matter).
   */
  private record Key(
      String operation, UUID workspaceId, ZoneId zone, String currency, List<Object> inputs) {}

  private static Key key(String operation, Workspace w, Object... inputs) {
    List<Object> list = new ArrayList<>(inputs.length);
    for (Object i : inputs) {
      list.add(i instanceof Collection<?> c && !(i instanceof Set<?>) ? Set.copyOf(c) : i);
    }
    return new Key(operation, w.id(), w.timeZone(), w.currency(), list);
  }
}
