package io.customer360.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.node.ExclusionFilter;
import io.customer360.node.MatchingPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchKeysTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode doc(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void keysAreTrimmedLowercasedAndPrefixedByTheirProperty() throws Exception {
    JsonNode c =
        doc(
            "{\"externalId\": \" A1 \", \"base\": {\"contacts\": {\"email\": \"  Ann@Example.COM \","
                + " \"mobilePhone\": \"333 123 4567\"}}}");
    MatchingPolicy policy =
        new MatchingPolicy(
            List.of("base.contacts.email", "externalId", "base.contacts.mobilePhone"), false);
    assertEquals(
        List.of(
            "base.contacts.email=ann@example.com",
            "base.contacts.mobilePhone=+393331234567",
            "externalId=a1"),
        MatchKeys.of(policy, c));
  }

  @Test
  void caseSensitivePoliciesKeepTheCase() throws Exception {
    JsonNode c = doc("{\"base\": {\"contacts\": {\"email\": \" Ann@Example.COM\"}}}");
    assertEquals(
        List.of("base.contacts.email=Ann@Example.COM"),
        MatchKeys.of(new MatchingPolicy(List.of("base.contacts.email"), true), c));
  }

  @Test
  void emptyNullMissingAndCompositeValuesGiveNoKey() throws Exception {
    JsonNode c =
        doc(
            "{\"externalId\": \"   \", \"base\": {\"contacts\": {\"email\": null},"
                + " \"address\": {\"city\": {\"x\": 1}}}}");
    MatchingPolicy policy =
        new MatchingPolicy(
            List.of("externalId", "base.contacts.email", "base.firstName", "base.address.city"),
            false);
    assertEquals(List.of(), MatchKeys.of(policy, c));
  }

  @Test
  void theSameValueUnderTwoPropertiesGivesTwoDistinctKeys() throws Exception {
    JsonNode c = doc("{\"externalId\": \"a\", \"extended\": {\"loyalty\": \"a\"}}");
    assertEquals(
        List.of("extended.loyalty=a", "externalId=a"),
        MatchKeys.of(new MatchingPolicy(List.of("externalId", "extended.loyalty"), false), c));
  }

  @Test
  void exclusionFiltersMatchByExactValueOrWholePattern() throws Exception {
    List<ExclusionFilter> filters =
        List.of(
            new ExclusionFilter("externalId", "bot", null),
            new ExclusionFilter("base.contacts.email", null, ".*@test\\.invalid"));
    assertTrue(MatchKeys.excluded(filters, doc("{\"externalId\": \"bot\"}")));
    assertFalse(MatchKeys.excluded(filters, doc("{\"externalId\": \"Bot\"}")));
    assertFalse(MatchKeys.excluded(filters, doc("{\"externalId\": \"robot\"}")));
    assertTrue(
        MatchKeys.excluded(
            filters, doc("{\"base\": {\"contacts\": {\"email\": \"x@test.invalid\"}}}")));
    assertFalse(
        MatchKeys.excluded(
            filters, doc("{\"base\": {\"contacts\": {\"email\": \"x@test.invalid.com\"}}}")));
    assertFalse(MatchKeys.excluded(filters, doc("{\"base\": {}}")));
    assertFalse(MatchKeys.excluded(null, doc("{\"externalId\": \"bot\"}")));
  }

  @ParameterizedTest(name = "{0} {1} (caseSensitive={2}) -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        // canonically equal Unicode compares equal (NFC)
        "externalId | Zo\u00eb | false | externalId=zo\u00eb",
        "externalId | Zoe\u0308 | false | externalId=zo\u00eb",
        "externalId | Zoe\u0308 | true | externalId=Zo\u00eb",
        "externalId | \u212b | true | externalId=\u00c5",
        // trimmed, lowercased unless case-sensitive
        "base.contacts.email | '  Ann@Example.COM ' | false | base.contacts.email=ann@example.com",
        "base.contacts.email | ' Ann@Example.COM' | true | base.contacts.email=Ann@Example.COM",
        "base.contacts.email | '   ' | false | NULL",
        // phone numbers as E.164; national numbers in the default region; no number, no key
        "base.contacts.mobilePhone | 333 123 4567 | false | base.contacts.mobilePhone=+393331234567",
        "base.contacts.mobilePhone | +39 333-123-4567 | false | base.contacts.mobilePhone=+393331234567",
        "base.contacts.phone | 0212345678 | false | base.contacts.phone=+390212345678",
        "base.contacts.fax | +44 20 7946 0958 | false | base.contacts.fax=+442079460958",
        "base.contacts.fax | fax | false | NULL",
      })
  void valuesAreComparedInOneForm(String path, String value, boolean caseSensitive, String key)
      throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode c = JSON.createObjectNode();
    com.fasterxml.jackson.databind.node.ObjectNode at = c;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.putObject(parts[i]);
    }
    at.put(parts[parts.length - 1], unescape(value));
    assertEquals(
        key == null ? List.of() : List.of(unescape(key)),
        MatchKeys.of(new MatchingPolicy(List.of(path), caseSensitive), c));
  }

  @Test
  void theStoredDocumentKeepsTheValueAsSent() throws Exception {
    JsonNode c = doc("{\"externalId\": \" Zoe\u0308 \"}");
    MatchKeys.of(new MatchingPolicy(List.of("externalId"), false), c);
    assertEquals(" Zoe\u0308 ", c.get("externalId").asText());
  }

  @Test
  void exclusionFiltersCompareInNfc() throws Exception {
    List<ExclusionFilter> filters = List.of(new ExclusionFilter("externalId", "Zo\u00eb", null));
    assertTrue(MatchKeys.excluded(filters, doc("{\"externalId\": \"Zoe\u0308\"}")));
  }

  @Test
  void catastrophicPatternsRunInLinearTime() throws Exception {
    List<ExclusionFilter> filters =
        List.of(new ExclusionFilter("base.contacts.email", null, "(.*a){12}"));
    JsonNode c = doc("{\"base\": {\"contacts\": {\"email\": \"" + "a".repeat(30) + "@x.com\"}}}");
    long start = System.nanoTime();
    assertFalse(MatchKeys.excluded(filters, c));
    JsonNode longer =
        doc("{\"base\": {\"contacts\": {\"email\": \"" + "a".repeat(5000) + "@x.com\"}}}");
    assertFalse(MatchKeys.excluded(filters, longer));
    assertTrue((System.nanoTime() - start) < 1_000_000_000L, "matching took more than a second");
  }

  @Test
  void patternsTheMatcherCannotCompileExcludeNobody() throws Exception {
    List<ExclusionFilter> filters = List.of(new ExclusionFilter("externalId", null, "(a)\\1"));
    assertFalse(MatchKeys.excluded(filters, doc("{\"externalId\": \"aa\"}")));
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i)) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }
}
