package io.customer360.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parsing and checking of the K2 parameters. */
class ConsentLogQueryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ConsentLogQuery parse(
      String customerId,
      String uniqueKey,
      String startDate,
      String endDate,
      String type,
      String property,
      String sort,
      String nodes) {
    return ConsentLogQuery.parse(
        customerId, uniqueKey, startDate, endDate, type, property, sort, nodes, JSON);
  }

  private static List<String> refused(Runnable parse) {
    ApiException e = assertThrows(ApiException.class, parse::run);
    assertEquals(400, e.status());
    return e.errors().stream().map(FieldError::path).toList();
  }

  @Test
  void noParametersMeanNoFiltersNewestFirst() {
    ConsentLogQuery q = parse(null, null, null, null, null, null, null, null);
    assertEquals(new ConsentLogQuery(null, null, null, null, null, null, null, false), q);
  }

  @Test
  void datesAreWholeUtcDaysAndDateTimesInstants() {
    ConsentLogQuery days = parse(null, null, "2026-03-01", "2026-03-01", null, null, null, null);
    assertEquals(OffsetDateTime.parse("2026-03-01T00:00Z"), days.from());
    assertEquals(OffsetDateTime.parse("2026-03-02T00:00Z"), days.until());
    ConsentLogQuery instants =
        parse(
            null,
            null,
            "2026-03-01T10:00:00.123+01:00",
            "2026-03-01T10:00:00.500Z",
            null,
            null,
            null,
            null);
    assertEquals(OffsetDateTime.parse("2026-03-01T09:00:00.123Z"), instants.from());
    assertTrue(instants.until().isEqual(OffsetDateTime.parse("2026-03-01T10:00:00.500001Z")));
  }

  @Test
  void badDatesAndAStartAfterTheEndAreNamed() {
    assertEquals(
        List.of("startDate", "endDate"),
        refused(() -> parse(null, null, "2026-13-01", "yesterday", null, null, null, null)));
    assertEquals(
        List.of("startDate"),
        refused(() -> parse(null, null, "2026-03-02", "2026-03-01", null, null, null, null)));
  }

  @Test
  void typesAreConsentEventTypes() {
    assertEquals(
        List.of(ConsentEventType.CONSENT_OBJECTED, ConsentEventType.FORCED_DELETE),
        parse(null, null, null, null, "CONSENT_OBJECTED,FORCED_DELETE", null, null, null).types());
    assertEquals(
        List.of("type"),
        refused(() -> parse(null, null, null, null, "consent_changed", null, null, null)));
  }

  @Test
  void propertiesArePathsFromTheCustomersRootStandingForTheValuesBelowThem() {
    String email = "consents.marketing.automatic.email";
    List<String> values = List.of(email + ".status", email + ".limitation", email + ".objection");
    assertEquals(values, properties(email));
    assertEquals(values, properties("marketing.automatic.email"));
    assertEquals(values, properties("$." + email));
    assertEquals(List.of(email + ".objection"), properties(email + ".objection"));
    assertEquals(List.of("consents.disclaimer"), properties("consents.disclaimer"));
    assertEquals(List.of("consents.disclaimer"), properties("disclaimer.version"));
    assertEquals(21, properties("consents.marketing").size(), "7 consents of 3 values each");
    assertEquals(40, properties("consents").size(), "13 consents of 3 values, the disclaimer");
    assertEquals(
        List.of("property"),
        refused(() -> parse(null, null, null, null, null, "consents..email", null, null)));
    assertEquals(
        List.of("property"),
        refused(() -> parse(null, null, null, null, null, "a".repeat(250), null, null)));
    assertEquals(
        List.of("property"),
        refused(() -> parse(null, null, null, null, null, "marketing.automatic.fax", null, null)));
    assertEquals(
        List.of("property"),
        refused(() -> parse(null, null, null, null, null, email + ".stat", null, null)));
  }

  private static List<String> properties(String property) {
    return parse(null, null, null, null, null, property, null, null).properties();
  }

  @Test
  void sortIsByDateInEitherDirection() {
    assertTrue(parse(null, null, null, null, null, null, "date", null).ascending());
    assertTrue(parse(null, null, null, null, null, null, "date,asc", null).ascending());
    assertFalse(parse(null, null, null, null, null, null, "date,DESC", null).ascending());
    assertEquals(
        List.of("sort"), refused(() -> parse(null, null, null, null, null, null, "id", null)));
    assertEquals(
        List.of("sort"), refused(() -> parse(null, null, null, null, null, null, "date,up", null)));
  }

  @Test
  void uniqueKeysTakeNestedOrDottedProperties() {
    assertEquals(
        "{\"base\":{\"contacts\":{\"email\":\"a@example.com\"}},\"externalId\":\"x\"}",
        parse(
                null,
                "{\"base.contacts.email\":\"a@example.com\",\"externalId\":\"x\"}",
                null,
                null,
                null,
                null,
                null,
                null)
            .uniqueKey()
            .toString());
    assertEquals(
        "{\"base\":{\"contacts\":{\"email\":\"b@example.com\"}}}",
        parse(
                null,
                "{\"base\":{\"contacts\":{\"email\":\"b@example.com\"}}}",
                null,
                null,
                null,
                null,
                null,
                null)
            .uniqueKey()
            .toString());
    for (String bad : List.of("[1]", "{}", "{\"a\":", "\"x\"")) {
      assertEquals(
          List.of("uniqueKey"),
          refused(() -> parse(null, bad, null, null, null, null, null, null)),
          bad);
    }
  }

  @Test
  void customerIdsAreUuidsAndNodeIdsAnswer404WhenMalformed() {
    UUID id = UUID.randomUUID();
    assertEquals(id, parse(id.toString(), null, null, null, null, null, null, null).customerId());
    assertEquals(
        List.of("customerId"),
        refused(() -> parse("42", null, null, null, null, null, null, null)));
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    assertEquals(
        List.of(a, b),
        parse(null, null, null, null, null, null, null, a + "," + b + "," + a).nodes());
    ApiException e =
        assertThrows(
            ApiException.class, () -> parse(null, null, null, null, null, null, null, a + ",nope"));
    assertEquals(404, e.status());
    assertNull(parse(null, null, null, null, null, null, null, "").nodes());
  }

  @Test
  void everyBadParameterIsNamedInOneAnswer() {
    assertEquals(
        List.of("customerId", "uniqueKey", "endDate", "type", "property", "sort"),
        refused(() -> parse("x", "[]", "2026-01-01", "x", "NOPE", "a b", "name", null)));
  }
}
