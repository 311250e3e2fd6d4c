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
}
