package io.customer360.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.customer360.search.StatsAggregations.Money;
import io.customer360.search.StatsAggregations.Sum;
import io.customer360.stats.StatsResponses.BuyingBehavior;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Money figures per currency from the index's sums (pure). */
class MoneyFiguresTest {

  private static Money money(String group, String currency, long events, double total, long n) {
    return new Money(
        group,
        currency,
        events,
        Map.of(MoneyFigures.TOTAL, new Sum(total, n), MoneyFigures.REVENUE, new Sum(total / 2, n)));
  }

  @Test
  void eventsWithoutACurrencyAreInTheWorkspacesCurrencyAndCurrenciesAreNeverAdded() {
    List<Money> found =
        List.of(
            money(MoneyFigures.SALES, null, 2, 100.25, 2),
            money(MoneyFigures.SALES, "EUR", 1, 10, 1),
            money(MoneyFigures.SALES, "USD", 1, 30, 1),
            money(MoneyFigures.SALES, "JPY", 3, 1000.5, 3),
            money(MoneyFigures.RETURNS, null, 1, 20, 1));
    List<StatsResponses.Money> figures = MoneyFigures.purchases(found, "EUR", false);
    assertEquals(
        List.of("EUR", "EUR", "EUR", "EUR", "JPY", "JPY", "JPY", "JPY", "USD", "USD", "USD", "USD"),
        figures.stream().map(StatsResponses.Money::currency).toList());
    // EUR: 100.25 + 10 over 3 sales; revenue half of it
    assertEquals(new BigDecimal("55.13"), figures.get(0).value());
    assertEquals(new BigDecimal("110.25"), figures.get(1).value());
    assertEquals(3, figures.get(1).total());
    assertEquals(new BigDecimal("36.75"), figures.get(2).value());
    assertEquals(new BigDecimal("20.00"), figures.get(3).value());
    // JPY has no minor unit
    assertEquals(new BigDecimal("1001"), figures.get(5).value());
    assertEquals(new BigDecimal("334"), figures.get(6).value());
    assertEquals(new BigDecimal("0"), figures.get(7).value());
    assertEquals(new BigDecimal("30.00"), figures.get(9).value());
  }

  @Test
  void withoutOrdersTheFiguresAreZeroInTheWorkspacesCurrencyAndAveragesNull() {
    List<BuyingBehavior> none =
        MoneyFigures.buyingBehaviors(MoneyFigures.byCurrency(List.of(), "USD").get("USD"), "USD");
    assertEquals(
        List.of("totalSpending", "averageOrderValue", "totalReturns"),
        none.stream().map(BuyingBehavior::name).toList());
    assertEquals(new BigDecimal("0.00"), none.get(0).value());
    assertNull(none.get(1).value());
    assertNull(none.get(1).revenue());
    assertEquals(0, none.get(2).total());
    List<StatsResponses.Money> carts = MoneyFigures.purchases(List.of(), "EUR", true);
    assertEquals(
        List.of("totalSales", "averageOrderValue", "totalReturns", "abandonedCartValue"),
        carts.stream().map(StatsResponses.Money::name).toList());
  }

  @Test
  void roundingIsHalfUpToTheMinorUnitAndUnknownCodesKeepTwoDecimals() {
    assertEquals(new BigDecimal("74.88"), MoneyFigures.round(74.875, "EUR"));
    assertEquals(new BigDecimal("75"), MoneyFigures.round(74.5, "JPY"));
    assertEquals(new BigDecimal("1.235"), MoneyFigures.round(1.2345, "BHD"));
    assertEquals(new BigDecimal("0.10"), MoneyFigures.round(0.1, "XYZ"));
    assertEquals(new BigDecimal("0.30"), MoneyFigures.round(0.1 + 0.2, "EUR"));
  }
}
