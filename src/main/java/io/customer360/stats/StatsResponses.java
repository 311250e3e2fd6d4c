package io.customer360.stats;

import io.customer360.common.PageInfo;
import io.customer360.node.NodeType;
import io.customer360.workspace.WorkspaceStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answers of the stats operations (spec §1.1 S1–S13): {@code {parameters, data}}, where {@code
 * parameters} echoes the query with its defaults filled in and {@code data} holds series ({@code
 * type: "timeseries"}), key-value lists ({@code "keyValue"}) or money figures ({@code "currency"}).
 * Counts are JSON integers; money figures are JSON numbers rounded to the currency's minor unit
 * (two decimals for EUR and USD, none for JPY).
 */
public final class StatsResponses {

  private StatsResponses() {}

  static final String TIMESERIES = "timeseries";
  static final String KEY_VALUE = "keyValue";
  static final String CURRENCY = "currency";

  private static final String START =
      "The range's first instant (the default or the start sent, as an instant)";
  private static final String END = "The range's last instant, included";

  // ------------------------------------------------------------------------------- data shapes

  /** One bucket of a series. */
  @Schema(name = "StatsPoint", description = "One bucket of a time series")
  public record Point(
      @Schema(
              format = "date",
              example = "2024-03-31",
              description =
                  "The bucket's first day in the workspace's time zone: the day, the Monday of"
                      + " the ISO week or the first day of the month")
          String datetime,
      @Schema(description = "How many in the bucket (0 for an empty bucket)") long value) {}

  /** A time series: one value per bucket of the range, empty buckets included. */
  @Schema(name = "StatsSeries", description = "A time series over the range, every bucket present")
  public record Series(
      @Schema(description = "What is counted: an event type, addedCustomers or customers")
          String category,
      @Schema(enumeration = {TIMESERIES}) String type,
      List<Point> values) {

    static Series of(String category, List<Point> values) {
      return new Series(category, TIMESERIES, values);
    }
  }

  /** A time series of one event type in one context (S10). */
  @Schema(name = "StatsContextSeries", description = "The events of one type in one context")
  public record ContextSeries(
      @Schema(description = "The event type") String category,
      @Schema(description = "The event context") String context,
      @Schema(enumeration = {TIMESERIES}) String type,
      List<Point> values) {}

  /** One named count. */
  @Schema(name = "StatsKeyValue", description = "A named count")
  public record KeyValue(String key, long value) {}

  /** Named counts of one category (S5, S7). */
  @Schema(name = "StatsKeyValues", description = "Named counts")
  public record KeyValues(
      String category, @Schema(enumeration = {KEY_VALUE}) String type, List<KeyValue> values) {

    static KeyValues of(String category, List<KeyValue> values) {
      return new KeyValues(category, KEY_VALUE, values);
    }
  }

  /** A named set of counts (S13). */
  @Schema(name = "StatsKpi", description = "A named set of counts")
  public record Kpi(
      String name,
      String category,
      @Schema(enumeration = {KEY_VALUE}) String type,
      List<KeyValue> values) {}

  /** A money figure (S11, S12). */
  @Schema(name = "StatsMoney", description = "A money figure in one currency")
  public record Money(
      @Schema(description = "The figure's name, see the operation") String name,
      @Schema(enumeration = {CURRENCY}) String type,
      @Schema(description = "ISO 4217 code", example = "EUR") String currency,
      @Schema(
              nullable = true,
              description =
                  "The figure in the currency, rounded to its minor unit; null for an average"
                      + " over no order")
          BigDecimal value,
      @Schema(description = "How many events (orders, carts) the figure covers") long total) {}

  /** A buying-behaviour figure of a customer (S2). */
  @Schema(name = "StatsBuyingBehavior", description = "A figure of a customer's completed orders")
  public record BuyingBehavior(
      @Schema(description = "totalSpending, averageOrderValue or totalReturns") String name,
      @Schema(enumeration = {CURRENCY}) String type,
      @Schema(description = "ISO 4217 code", example = "EUR") String currency,
      @Schema(nullable = true, description = "The figure over amount.total, see the operation")
          BigDecimal value,
      @Schema(description = "How many orders the figure covers") long total,
      @Schema(
              nullable = true,
              description = "The same figure over amount.revenue; null for an average over none")
          BigDecimal revenue) {}

  // ------------------------------------------------------------------------------- parameters

  /** S1 parameters. */
  @Schema(name = "StatsSeriesParameters")
  public record SeriesParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      StatsMode mode) {}

  /** S2 parameters. */
  @Schema(name = "StatsRangeParameters")
  public record RangeParameters(
      @Schema(description = START) Instant start, @Schema(description = END) Instant end) {}

  /** S5 and S7 parameters. */
  @Schema(name = "StatsNodeParameters")
  public record NodeParameters(@Schema(nullable = true) UUID nodeId) {}

  /** S6 parameters. */
  @Schema(name = "StatsCreationParameters")
  public record CreationParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      StatsMode mode,
      @Schema(nullable = true) UUID nodeId) {}

  /** S8 and S9 parameters. */
  @Schema(name = "StatsUpdateParameters")
  public record UpdateParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      @Schema(nullable = true) UUID nodeId,
      UpdateType type) {}

  /** S10 parameters. */
  @Schema(name = "StatsContextParameters")
  public record ContextParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      @Schema(nullable = true) UUID nodeId,
      StatsContext context) {}

  /** S11 parameters. */
  @Schema(name = "StatsPurchaseParameters")
  public record PurchaseParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      @Schema(nullable = true) UUID nodeId,
      PurchaseType type) {}

  /** S12 and S13 parameters. */
  @Schema(name = "StatsNodeRangeParameters")
  public record NodeRangeParameters(
      @Schema(description = START) Instant start,
      @Schema(description = END) Instant end,
      @Schema(nullable = true) UUID nodeId) {}

  // -------------------------------------------------------------------------------- answers

  /** S1. */
  @Schema(name = "CustomerEventsStats")
  public record CustomerEventsStats(SeriesParameters parameters, List<Series> data) {}

  /** S2. */
  @Schema(name = "BuyingBehaviorsStats")
  public record BuyingBehaviorsStats(RangeParameters parameters, List<BuyingBehavior> data) {}

  /** S3. */
  @Schema(name = "WorkspaceStats")
  public record WorkspaceStats(
      UUID id,
      String name,
      WorkspaceStatus status,
      @Schema(description = "The workspace's entry customers (in the nodes the caller may read)")
          long customers) {}

  /** Where a Contactsend source of a node delivers (S4). */
  @Schema(name = "NodeStatsSend")
  public record Send(
      @Schema(nullable = true) Long groupPk, @Schema(nullable = true) Long userDbId) {}

  /** One node of S4. */
  @Schema(name = "NodeStats")
  public record NodeStats(
      UUID id,
      String name,
      NodeType type,
      @Schema(
              description =
                  "The node's customers: entry customers of an entry node, unified customers of"
                      + " an aggregate node (0 until it is ACTIVE)")
          long customers,
      @Schema(description = "Whether an enabled CONTACTPLAN source serves the node") boolean plan,
      @Schema(
              nullable = true,
              description =
                  "groupPk and userdbId of the enabled CONTACTSEND source serving the node"
                      + " (properties groupPk and userdbId); null when none does")
          Send send) {}

  /** S4. */
  @Schema(name = "NodeStatsPage")
  public record NodeStatsPage(List<NodeStats> elements, PageInfo page) {}

  /** S5. */
  @Schema(name = "CustomersStats")
  public record CustomersStats(NodeParameters parameters, KeyValues data) {}

  /** S6. */
  @Schema(name = "CreationStats")
  public record CreationStats(CreationParameters parameters, List<Series> data) {}

  /** S7. */
  @Schema(name = "ChannelStats")
  public record ChannelStats(NodeParameters parameters, KeyValues data) {}

  /** S8 and S9. */
  @Schema(name = "UpdateStats")
  public record UpdateStats(UpdateParameters parameters, List<Series> data) {}

  /** S10. */
  @Schema(name = "ContextStats")
  public record ContextStats(ContextParameters parameters, List<ContextSeries> data) {}

  /** S11. */
  @Schema(name = "PurchaseStats")
  public record PurchaseStats(PurchaseParameters parameters, List<Money> data) {}

  /** S12. */
  @Schema(name = "EcommerceStats")
  public record EcommerceStats(NodeRangeParameters parameters, List<Money> data) {}

  /** S13. */
  @Schema(name = "WebStats")
  public record WebStats(NodeRangeParameters parameters, List<Kpi> data) {}
}
