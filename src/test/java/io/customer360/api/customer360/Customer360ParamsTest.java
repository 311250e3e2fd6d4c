package io.customer360.api.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.customer360.common.PageRequest;
import io.customer360.event.EventType;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter rules of the dialect and the locale tags it accepts. */
class Customer360ParamsTest {

  @Test
  void pagingDefaultsToTheFirstPageOfTwenty() {
    assertEquals(new PageRequest(0, 20), Customer360Params.page(null, null, 10_000));
    assertEquals(new PageRequest(3, 100), Customer360Params.page("3", "100", 10_000));
    assertEquals(new PageRequest(99, 100), Customer360Params.page("99", "100", 10_000));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "-1, null, page",
        "x, null, page",
        "100, 100, page",
        "null, 0, size",
        "null, 101, size",
        "null, 1.5, size"
      })
  void badPagingAnswers400NamingTheParameter(String page, String size, String name) {
    Customer360Exception e =
        assertThrows(Customer360Exception.class, () -> Customer360Params.page(page, size, 10_000));
    assertEquals(400, e.status());
    assertEquals(
        true,
        e.message(FakeMessages.create()).startsWith("invalidParameter(" + name + ",ruleInteger"));
  }

  @Test
  void typesTakeDialectNamesCommaSeparated() {
    assertEquals(
        List.of(EventType.completedOrder, EventType.campaignOpened, EventType.viewedPage),
        Customer360Params.types(List.of("purchase, email_opened", "page_viewed", "purchase")));
    assertNull(Customer360Params.types(null));
    assertEquals(
        400,
        assertThrows(Customer360Exception.class, () -> Customer360Params.types(List.of("opened")))
            .status());
  }

  @Test
  void fromMustNotBeAfterTo() {
    OffsetDateTime from = Customer360Params.dateTime("from", "2025-02-01T00:00:00Z");
    OffsetDateTime to = Customer360Params.dateTime("to", "2025-01-01T00:00:00+01:00");
    assertEquals(
        400,
        assertThrows(Customer360Exception.class, () -> Customer360Params.requireOrdered(from, to))
            .status());
    Customer360Params.requireOrdered(to, from);
    assertThrows(Customer360Exception.class, () -> Customer360Params.dateTime("from", "yesterday"));
  }

  @Test
  void channelIsOneOfTheSeeds() {
    assertEquals("EMAIL", Customer360Params.channel("email"));
    assertNull(Customer360Params.channel(""));
    assertThrows(Customer360Exception.class, () -> Customer360Params.channel("FAX"));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "en, en",
        "es, es",
        "it, it",
        "pt, pt",
        "pt-BR, pt",
        "PT-br, pt",
        "es-419, es",
        "en-GB, en",
        "fr, null",
        "pt_BR, null",
        "pt-BR-x, null",
        "english, null",
        "null, null"
      })
  void localesAreTheFourLanguagesWithAnOptionalRegion(String tag, String language) {
    assertEquals(language, Customer360Locales.language(tag));
  }

  @ParameterizedTest
  @CsvSource({
    "6f1c2a8e-0000-4000-8000-000000000001, 6f1c2a8e-0000-4000-8000-000000000001",
    "\"6f1c2a8e-0000-4000-8000-000000000001\", 6f1c2a8e-0000-4000-8000-000000000001"
  })
  void workspaceIdsAreUuids(String raw, String expected) {
    assertEquals(expected, Customer360Filter.parse(raw).toString());
    assertThrows(Customer360Exception.class, () -> Customer360Filter.parse("1-1-1-1-1"));
    assertThrows(Customer360Exception.class, () -> Customer360Filter.parse(" "));
  }
}
