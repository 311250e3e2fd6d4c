package io.customer360.stats;

import io.customer360.search.StatsAggregations.Money;
import io.customer360.search.StatsAggregations.Sum;
import io.customer360.stats.StatsResponses.BuyingBehavior;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The money figures of S2, S11 and S12 from the sums the event index answers (pure functions).
 *
 * <p>Amounts are the numbers of the events' {@code properties.amount.*} (plan model ORDER: {@code
 * total}, {@code revenue}) taken as they are, in the currency the event names in {@code
 * properties.amount.local.currency} (upper-cased), or in the workspace's currency when it names
 * none. Figures of different currencies are never added up: each currency found gets its own
 * figures, the workspace's currency first, then the others in alphabetical order; without any event
 * the figures are answered in the workspace's currency with value 0 (an average: null). A completed
 * order whose {@code type} is {@code return} is a return; any other completed order (also one
 * without {@code type}) is a sale. Values are rounded half-up to the currency's minor unit (ISO
 * 4217; two decimals for codes Java does not know).
 */
final class MoneyFigures {

  static final String SALES = "sales";
  static final String RETURNS = "returns";
  static final String CARTS = "carts";
  static final String TOTAL = "amount.total";
  static final String REVENUE = "amount.revenue";

  private static final Sum NONE = new Sum(0, 0);

  private MoneyFigures() {}

  /**
   * The sums of each group by currency: a currency of null becomes {@code defaultCurrency}, and the
   * entries of one group and currency are added up. The workspace's currency is always present.
   */
  static Map<String, Map<String, Money>> byCurrency(List<Money> found, String defaultCurrency) {
    Map<String, Map<String, Money>> out = new HashMap<>();
    out.put(defaultCurrency, new HashMap<>());
    for (Money m : found) {
      String currency = m.currency() == null ? defaultCurrency : m.currency();
      out.computeIfAbsent(currency, c -> new HashMap<>()).merge(m.group(), m, MoneyFigures::plus);
    }
    return out;
  }

  /** The currencies of {@link #byCurrency}: the workspace's first, then alphabetical. */
  static List<String> currencies(Map<String, ?> byCurrency, String defaultCurrency) {
    List<String> out = new ArrayList<>();
    out.add(defaultCurrency);
    TreeSet<String> others = new TreeSet<>(byCurrency.keySet());
    others.remove(defaultCurrency);
    out.addAll(others);
    return out;
  }

  private static Money plus(Money a, Money b) {
    Map<String, Sum> sums = new HashMap<>(a.sums());
    b.sums()
        .forEach(
            (k, v) ->
                sums.merge(k, v, (x, y) -> new Sum(x.value() + y.value(), x.count() + y.count())));
    return new Money(a.group(), a.currency(), a.events() + b.events(), sums);
  }

  /** The sum of {@code amount} over the group's events in this currency (zero when none). */
  static Sum sum(Map<String, Money> groups, String group, String amount) {
    Money m = groups.get(group);
    return m == null ? NONE : m.sums().getOrDefault(amount, NONE);
  }

  /** The figure {@code name}: the sum's value and how many events it covers. */
  static StatsResponses.Money total(String name, String currency, Sum sum) {
    return new StatsResponses.Money(
        name, StatsResponses.CURRENCY, currency, round(sum.value(), currency), sum.count());
  }

  /** The figure {@code name}: the average over the events holding the amount (null for none). */
  static StatsResponses.Money average(String name, String currency, Sum sum) {
    return new StatsResponses.Money(
        name, StatsResponses.CURRENCY, currency, average(sum, currency), sum.count());
  }

  /**
   * A customer's buying behaviours in one currency (S2): {@code totalSpending} (sales: the sum of
   * amount.total, and of amount.revenue), {@code averageOrderValue} (their averages over the sales
   * holding each amount) and {@code totalReturns} (returns: the sums). {@code total} counts the
   * orders holding amount.total.
   */
  static List<BuyingBehavior> buyingBehaviors(Map<String, Money> groups, String currency) {
    Sum salesTotal = sum(groups, SALES, TOTAL);
    Sum salesRevenue = sum(groups, SALES, REVENUE);
    Sum returnsTotal = sum(groups, RETURNS, TOTAL);
    Sum returnsRevenue = sum(groups, RETURNS, REVENUE);
    return List.of(
        new BuyingBehavior(
            "totalSpending",
            StatsResponses.CURRENCY,
            currency,
            round(salesTotal.value(), currency),
            salesTotal.count(),
            round(salesRevenue.value(), currency)),
        new BuyingBehavior(
            "averageOrderValue",
            StatsResponses.CURRENCY,
            currency,
            average(salesTotal, currency),
            salesTotal.count(),
            average(salesRevenue, currency)),
        new BuyingBehavior(
            "totalReturns",
            StatsResponses.CURRENCY,
            currency,
            round(returnsTotal.value(), currency),
            returnsTotal.count(),
            round(returnsRevenue.value(), currency)));
  }

  /**
   * The purchase figures in every currency (S11; S12 with {@code ecommerce}): {@code totalRevenue}
   * (S11 only: sales, sum of amount.revenue), {@code totalSales} (sales, sum of amount.total),
   * {@code averageOrderValue} (totalSales per sale holding amount.total; null without any), {@code
   * totalReturns} (returns, sum of amount.total) and {@code abandonedCartValue} (S12 only: sum of
   * amount.total of the abandoned carts). {@code total} counts the events holding the amount.
   */
  static List<StatsResponses.Money> purchases(
      List<Money> found, String workspaceCurrency, boolean ecommerce) {
    var byCurrency = byCurrency(found, workspaceCurrency);
    List<StatsResponses.Money> out = new ArrayList<>();
    for (String c : currencies(byCurrency, workspaceCurrency)) {
      Map<String, Money> groups = byCurrency.get(c);
      Sum sales = sum(groups, SALES, TOTAL);
      if (!ecommerce) {
        out.add(total("totalRevenue", c, sum(groups, SALES, REVENUE)));
      }
      out.add(total("totalSales", c, sales));
      out.add(average("averageOrderValue", c, sales));
      out.add(total("totalReturns", c, sum(groups, RETURNS, TOTAL)));
      if (ecommerce) {
        out.add(total("abandonedCartValue", c, sum(groups, CARTS, TOTAL)));
      }
    }
    return out;
  }

  private static BigDecimal average(Sum sum, String currency) {
    return sum.count() == 0 ? null : round(sum.value() / sum.count(), currency);
  }

  /** {@code value} rounded half-up to the currency's minor unit. */
  static BigDecimal round(double value, String currency) {
    return BigDecimal.valueOf(value).setScale(fractionDigits(currency), RoundingMode.HALF_UP);
  }

  static int fractionDigits(String currency) {
    try {
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      return digits < 0 ? 2 : digits;
    } catch (IllegalArgumentException | NullPointerException e) {
      return 2;
    }
  }
}
