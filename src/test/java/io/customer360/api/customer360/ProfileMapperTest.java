package io.customer360.api.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.api.customer360.Customer360Responses.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The profile object's rules (seed 000), field by field, from profile documents. */
class ProfileMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void mapsEveryFieldOfAFullDocument() {
    JsonNode doc =
        json(
            """
            {'id':'6f1c2a8e-0000-4000-8000-000000000001','kind':'UNIFIED',
             'registeredAt':'2022-09-01T10:00:00Z',
             'base':{'firstName':'Jane','lastName':'Doe','locale':'en_AE','timezone':'Asia/Dubai',
               'contacts':{'email':'jane.doe@example.com','mobilePhone':'050 123 4567',
                           'phone':'+39 02 1234567'},
               'address':{'city':'Dubai','country':'United Arab Emirates'},
               'subscriptions':[{'id':'s1','type':'SMS','subscribed':true}]},
             'consents':{'marketing':{'automatic':{'email':{'status':true},
                                                   'push':{'status':true,'objection':true}}}},
             'tags':{'auto':['vip','high-ltv'],'manual':['vip','newsletter']},
             'extendedSource':{'loyalty_tier':'gold','total_orders':24},
             'activity':{'lastEventAt':'2025-02-18T14:30:00.000Z','lifetimeValue':4820.5,
                         'eventCount':3}}
            """);
    Profile p = ProfileMapper.profile(doc, "AE");
    assertEquals("6f1c2a8e-0000-4000-8000-000000000001", p.id());
    assertEquals("jane.doe@example.com", p.email());
    assertEquals("+971501234567", p.phone());
    assertEquals("Jane", p.firstName());
    assertEquals("Doe", p.lastName());
    assertEquals("AE", p.country());
    assertEquals("Dubai", p.city());
    assertEquals("en", p.language());
    assertEquals("Asia/Dubai", p.timezone());
    assertEquals(List.of("vip", "high-ltv", "newsletter"), p.tags());
    assertEquals("gold", p.attributes().path("loyalty_tier").asText());
    assertEquals(24, p.attributes().path("total_orders").asInt());
    assertTrue(p.isSubscribed());
    assertTrue(p.isSmsSubscribed());
    assertFalse(p.isPushSubscribed(), "an objection is an opt-out");
    assertEquals(4820.5, p.lifetimeValue());
    assertEquals("2025-02-18T14:30:00.000Z", p.lastActiveAt());
    assertEquals("2022-09-01T10:00:00.000Z", p.createdAt());
  }

  @Test
  void anEmptyDocumentGivesNullsEmptyTagsAndAttributesAndNoSubscriptions() {
    Profile p =
        ProfileMapper.profile(
            json("{'id':'x','registeredAt':'2024-01-01T00:00:00.000Z','base':null}"), "IT");
    assertNull(p.email());
    assertNull(p.phone());
    assertNull(p.country());
    assertNull(p.language());
    assertEquals(List.of(), p.tags());
    assertTrue(p.attributes().isObject() && p.attributes().isEmpty());
    assertFalse(p.isSubscribed() || p.isSmsSubscribed() || p.isPushSubscribed());
    assertNull(p.lifetimeValue());
    assertNull(p.lastActiveAt());
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "3331234567, null, IT, +393331234567",
        "not a number, 02 1234567, IT, +39021234567",
        "null, +1 650 253 0000, IT, +16502530000",
        "null, null, IT, null",
        "abc, def, IT, null"
      })
  void phoneIsTheE164OfTheMobileElseTheOtherNumber(
      String mobile, String phone, String region, String expected) {
    assertEquals(expected, ProfileMapper.phone(mobile, phone, region));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "it, IT",
        "IT, IT",
        " de , DE",
        "ITA, IT",
        "Italy, IT",
        "united states, US",
        "United Kingdom, GB",
        "UK, GB",
        "Côte d’Ivoire, CI",
        "Atlantis, null",
        "XX, null",
        "null, null"
      })
  void countryIsAnIsoAlpha2Code(String raw, String expected) {
    assertEquals(expected, ProfileMapper.country(raw));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {"it_IT, it", "en-US, en", "PT, pt", "pt_BR, pt", "klingon, null", "null, null"})
  void languageIsTheLocalesLanguage(String locale, String expected) {
    assertEquals(expected, ProfileMapper.language(locale));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                                             | []  | false",
        "{'status':true}                                                | []  | true",
        "{'status':false}                                               | [{'type':'EMAIL','subscribed':true}] | false",
        "{}                                                             | [{'type':'email','subscribed':true}] | true",
        "{}                                                             | [{'type':'MAIL','subscribed':true},{'type':'EMAIL','subscribed':false}] | false",
        "{'status':true,'objection':true}                               | []  | false",
        "{'status':true,'limitation':true}                              | []  | false",
        "{'status':true}                                                | [{'type':'SMS','subscribed':false}] | true"
      })
  void emailSubscriptionNeedsAnOptInAndNoOptOut(
      String consent, String subscriptions, boolean expected) {
    assertEquals(
        expected,
        ProfileMapper.subscribed(json(consent), json(subscriptions), "EMAIL", "E-MAIL", "MAIL"));
  }
}
