package io.customer360.connector.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure talk mapping (spec talk-connector.md), inbound and back, without the service. */
class TalkMapperTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The seed's sample payload (seed 002) with made-up personal data. */
  static ObjectNode seed() throws Exception {
    return (ObjectNode) JSON.readTree(TalkDocs.EXAMPLE);
  }

  private static ObjectNode in(JsonNode talk) {
    TalkMapper.Mapped m = TalkMapper.toCore(talk, "");
    assertTrue(m.ok(), () -> "errors: " + m.errors());
    return m.request();
  }

  /** What the native API would render for the mapped request (the parts the mapping writes). */
  private static ObjectNode stored(ObjectNode request) {
    return request.deepCopy();
  }

  @Test
  void mapsEveryFieldOfTheSeedSample() throws Exception {
    ObjectNode r = in(seed());
    assertEquals("144527", r.path("externalId").asText());
    // "JONAS" is poorer than profile_info.name "Jonas Schen": the profile's name is split.
    assertEquals("Jonas", r.at("/base/firstName").asText());
    assertEquals("Schen", r.at("/base/lastName").asText());
    assertEquals("+5551999887766", r.at("/base/contacts/mobilePhone").asText());
    assertEquals("jonas.schen@example.com", r.at("/base/contacts/email").asText());
    assertEquals("j.schen", r.at("/base/socialProfile/instagram").asText());
    JsonNode ext = r.path("extended");
    assertEquals("JONAS", ext.path("talkName").asText());
    assertEquals("95238935", ext.path("talkExternalId").asText());
    assertEquals("", ext.path("talkDocumentNumber").asText());
    assertEquals(15662, ext.path("talkOrganizationId").asLong());
    assertEquals(44290, ext.path("talkMainSms").asLong());
    assertEquals(44290, ext.path("talkMainWhatsapp").asLong());
    assertEquals(25396, ext.path("talkMainEmail").asLong());
    assertEquals(70994, ext.path("talkMobilePhoneId").asLong());
    assertEquals(49543, ext.path("talkEmailId").asLong());
    assertEquals(219, ext.path("talkProfileFollowers").asLong());
    assertTrue(ext.path("talkProfileFollowsBusiness").asBoolean());
    assertEquals("Piperun", ext.path("talkCf_Empresa").asText());
    assertEquals("(51) 99999-8888", ext.path("talkCf_Web_Whatsapp_Pessoa").asText());
    assertEquals(3, ext.path("talkCustomFieldKeys").size());
    assertFalse(ext.has("talkAgentId"), "null agent_id is not stored");
    assertFalse(ext.has("talkWhatsapp"), "no telephone has WhatsApp");
    assertFalse(r.has("tags"), "is_priority false adds no tag");
    assertFalse(r.has("consents"), "not unsubscribed: consents untouched");
    // Deprecated fields leave no trace.
    assertFalse(r.toString().contains("wildcard"));
    assertFalse(r.toString().contains("65886"), "crmv_user_id is ignored");
  }

  @Test
  void theSeedSampleComesBackUnchangedInEveryFieldTheMappingCarries() throws Exception {
    ObjectNode talk = seed();
    ObjectNode back = TalkMapper.toTalk(stored(in(talk)));
    for (String f :
        List.of(
            "id",
            "name",
            "external_id",
            "document_number",
            "created_at",
            "main_sms",
            "main_whatsapp",
            "main_email",
            "agent_id",
            "queue_id",
            "customer_group_id",
            "is_priority",
            "last_base_api",
            "customer_organization_id",
            "profile_info",
            "custom_fields")) {
      assertSame(talk.get(f), back.get(f), f);
    }
    JsonNode t = back.at("/telephones/0");
    JsonNode sent = talk.at("/telephones/0");
    for (String f :
        List.of(
            "id",
            "customer_id",
            "area_code",
            "number",
            "type",
            "has_sms",
            "has_whatsapp",
            "has_whatsapp_api",
            "country_code",
            "country_iso2",
            "full_number",
            "full_number_cc")) {
      assertSame(sent.get(f), t.get(f), "telephones[0]." + f);
    }
    JsonNode e = back.at("/emails/0");
    for (String f : List.of("id", "customer_id", "email", "unsubscribed_at")) {
      assertSame(talk.at("/emails/0").get(f), e.get(f), "emails[0]." + f);
    }
    // Deprecated fields are null on the way out.
    assertTrue(back.get("wildcard_01").isNull());
    assertTrue(back.get("crmv_user_id").isNull());
    assertTrue(back.get("is_active").isNull());
    assertEquals(1, back.get("telephones").size());
    assertEquals(1, back.get("emails").size());
  }

  @Test
  void mainSmsAndMainEmailPickTheMainContactsAndTheOthersBecomeOtherContacts() throws Exception {
    ObjectNode talk = seed();
    ArrayNode phones = talk.putArray("telephones");
    phones.add(phone(1, "11", "30303030", "f", false, false)); // landline
    phones.add(phone(2, "21", "987654321", "m", true, false));
    phones.add(phone(3, "31", "998877665", "m", false, true));
    talk.put("main_sms", 3);
    ArrayNode mails = talk.putArray("emails");
    mails.addObject().put("id", 7).put("email", "first@example.com").putNull("unsubscribed_at");
    mails
        .addObject()
        .put("id", 8)
        .put("email", "main@example.com")
        .put("unsubscribed_at", "2024-01-02T03:04:05Z");
    talk.put("main_email", 8);
    talk.put("is_priority", true);
    ObjectNode r = in(talk);
    assertEquals("+5531998877665", r.at("/base/contacts/mobilePhone").asText());
    assertEquals("main@example.com", r.at("/base/contacts/email").asText());
    JsonNode others = r.at("/base/contacts/otherContacts");
    assertEquals(3, others.size());
    assertEquals("PHONE", others.get(0).path("type").asText());
    assertEquals("+551130303030", others.get(0).path("value").asText());
    assertEquals("talk:1", others.get(0).path("name").asText());
    assertEquals("MOBILE", others.get(1).path("type").asText());
    assertEquals("EMAIL", others.get(2).path("type").asText());
    assertEquals("first@example.com", others.get(2).path("value").asText());
    assertFalse(r.at("/consents/marketing/automatic/email/status").asBoolean(true));
    assertEquals("priority", r.at("/tags/manual/0").asText());
    assertEquals("+5521987654321", r.at("/extended/talkSms/0").asText());
    assertEquals("+5531998877665", r.at("/extended/talkWhatsapp/0").asText());

    ObjectNode back = TalkMapper.toTalk(r);
    assertTrue(back.get("is_priority").asBoolean());
    assertEquals(3, back.get("telephones").size());
    assertEquals(3, back.at("/telephones/0/id").asLong(), "the main one comes first");
    assertTrue(back.at("/telephones/0/has_whatsapp").asBoolean());
    assertEquals("f", back.at("/telephones/1/type").asText());
    assertEquals("11", back.at("/telephones/1/area_code").asText());
    assertEquals("30303030", back.at("/telephones/1/number").asText());
    assertTrue(back.at("/telephones/2/has_sms").asBoolean());
    assertEquals("2024-01-02T03:04:05Z", back.at("/emails/0/unsubscribed_at").asText());
    assertEquals(8, back.at("/emails/0/id").asLong());
    assertEquals(7, back.at("/emails/1/id").asLong());
    assertEquals(8, back.get("main_email").asLong());
  }

  @Test
  void withoutMainSmsTheFirstMobileIsTheMobilePhone() throws Exception {
    ObjectNode talk = seed();
    talk.putNull("main_sms");
    ArrayNode phones = talk.putArray("telephones");
    phones.add(phone(1, "11", "30303030", "f", false, false));
    phones.add(phone(2, "21", "987654321", "m", false, false));
    ObjectNode r = in(talk);
    assertEquals("+5521987654321", r.at("/base/contacts/mobilePhone").asText());
  }

  @ParameterizedTest
  @CsvSource({
    "JONAS, , JONAS, ",
    "Maria da Silva, , Maria da, Silva",
    "JONAS, Jonas Schen, Jonas, Schen",
    "Ana Lima, Ana, Ana, Lima",
  })
  void namesSplitOnTheLastSpaceFromTheRicherName(
      String name, String profileName, String first, String last) {
    String[] parts = TalkMapper.split(TalkMapper.richer(name, profileName));
    assertEquals(first, parts[0]);
    assertEquals(last, parts[1]);
  }

  @ParameterizedTest
  @CsvSource({
    "Empresa, talkCf_Empresa",
    "Web Whatsapp - Pessoa, talkCf_Web_Whatsapp_Pessoa",
    "a.b.c, talkCf_a_b_c",
    "Ação, talkCf_Acao",
  })
  void customFieldKeysAreMadeSafe(String key, String name) {
    assertEquals(name, TalkMapper.customFieldName(key));
    assertFalse(name.contains("."));
  }

  @ParameterizedTest
  @CsvSource({
    "'55', '51', '12', telephones[0].number",
    "'55', '51', '99988x7766', telephones[0].number",
    "'5x', '51', '999887766', telephones[0].country_code",
    "'', '', '999887766', telephones[0].country_code",
  })
  void malformedPhonesAreRefusedNamingTheField(String cc, String area, String number, String path)
      throws Exception {
    ObjectNode talk = seed();
    ObjectNode t = (ObjectNode) talk.at("/telephones/0");
    t.put("country_code", cc).put("area_code", area).put("number", number).putNull("country_iso2");
    TalkMapper.Mapped m = TalkMapper.toCore(talk, "");
    assertFalse(m.ok());
    assertEquals(path, m.errors().get(0).path());
    assertNull(m.request());
  }

  @Test
  void wrongTypesAreRefusedNamingEachField() throws Exception {
    ObjectNode talk = seed();
    talk.put("id", "abc").put("is_priority", "yes").put("agent_id", 1.5);
    talk.putArray("custom_fields");
    talk.at("/emails/0").isObject();
    ((ObjectNode) talk.at("/emails/0")).put("email", "not-an-email");
    TalkMapper.Mapped m = TalkMapper.toCore(talk, "[3].");
    List<String> paths = m.errors().stream().map(FieldError::path).toList();
    assertTrue(paths.contains("[3].id"), paths.toString());
    assertTrue(paths.contains("[3].is_priority"), paths.toString());
    assertTrue(paths.contains("[3].agent_id"), paths.toString());
    assertTrue(paths.contains("[3].custom_fields"), paths.toString());
    assertTrue(paths.contains("[3].emails[0].email"), paths.toString());
  }

  @Test
  void customFieldsWithTheSameSafeNameAreRefused() throws Exception {
    ObjectNode talk = seed();
    talk.putObject("custom_fields").put("a b", "1").put("a.b", "2");
    TalkMapper.Mapped m = TalkMapper.toCore(talk, "");
    assertEquals("custom_fields.a.b", m.errors().get(0).path());
  }

  @Test
  void tooManyCustomFieldsAreRefused() throws Exception {
    ObjectNode talk = seed();
    ObjectNode fields = talk.putObject("custom_fields");
    for (int i = 0; i <= TalkMapper.MAX_CUSTOM_FIELDS; i++) {
      fields.put("f" + i, "v");
    }
    TalkMapper.Mapped m = TalkMapper.toCore(talk, "");
    assertEquals("custom_fields", m.errors().get(0).path());
  }

  @Test
  void anUpdateReplacesWhatTheConnectorOwnsAndKeepsTheRest() throws Exception {
    ObjectNode current =
        (ObjectNode)
            JSON.readTree(
                """
        {"externalId":"1","base":{"firstName":"Old","lastName":"Name","title":"Dr",
          "contacts":{"email":"old@example.com","otherContacts":[{"name":"talk:9","type":"PHONE","value":"+551130303030"}]}},
         "extended":{"talkCf_Gone":"x","talkName":"Old Name","loyalty":5},
         "tags":{"manual":["priority","vip"]}}
        """);
    ObjectNode talk = seed();
    talk.putNull("custom_fields");
    ObjectNode next = TalkMapper.update(current, in(talk));
    assertEquals("Dr", next.at("/base/title").asText(), "other writers' data stays");
    assertEquals(5, next.at("/extended/loyalty").asInt());
    assertFalse(next.path("extended").has("talkCf_Gone"), "a dropped custom field goes");
    assertFalse(next.at("/base/contacts").has("otherContacts"), "contacts are replaced");
    assertEquals("jonas.schen@example.com", next.at("/base/contacts/email").asText());
    assertEquals("[\"vip\"]", next.at("/tags/manual").toString(), "priority false drops the tag");
  }

  @Test
  void coreErrorPathsMapBackToTheTalkFieldsThatFedThem() throws Exception {
    ObjectNode t = seed();
    ArrayNode mails = (ArrayNode) t.get("emails");
    mails.addObject().put("id", 7).put("email", "second@example.com");
    TalkMapper.Mapped m = TalkMapper.toCore(t, "[3].");
    assertTrue(m.ok(), () -> "errors: " + m.errors());
    assertEquals("profile_info.name", m.talkPath("base.firstName"));
    assertEquals("profile_info.username", m.talkPath("base.socialProfile.instagram"));
    assertEquals("custom_fields.Empresa", m.talkPath("extended.talkCf_Empresa"));
    assertEquals("emails[1].email", m.talkPath("base.contacts.otherContacts[0].value"));
    assertEquals("telephones[0].number", m.talkPath("base.contacts.mobilePhone"));
    assertEquals("created_at", m.talkPath("extended.talkCreatedAt"));
    assertNull(m.talkPath("base.address.city"));
    io.customer360.common.ApiException core =
        io.customer360.common.ApiException.badRequest(
            List.of(
                new FieldError("base.socialProfile.instagram", "too long"),
                new FieldError("base.address.city", "x")));
    io.customer360.common.ApiException talk = TalkService.inTalkTerms(core, m, "[3].");
    assertEquals(
        List.of("[3].profile_info.username", "[3].base.address.city"),
        talk.errors().stream().map(FieldError::path).toList());
    assertEquals("Invalid request: [3].profile_info.username too long", talk.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "2023-09-21T12: 28: 45.000000Z, true",
    "2024-05-06T07:08:09Z, true",
    "2024-05-06T07:08:09+02:00, true",
    "garbage, false",
    "yesterday, false",
    "2024-13-01T00:00:00Z, false"
  })
  void createdAtMustBeAnIsoDateTime(String value, boolean ok) throws Exception {
    ObjectNode t = seed();
    t.put("created_at", value);
    TalkMapper.Mapped m = TalkMapper.toCore(t, "");
    assertEquals(ok, m.ok(), () -> "errors: " + m.errors());
    if (!ok) {
      assertEquals(List.of("created_at"), m.errors().stream().map(FieldError::path).toList());
    }
  }

  /** Equal as JSON (numbers compared by value, whatever their Java type). */
  static void assertSame(JsonNode expected, JsonNode actual, String what) {
    try {
      assertEquals(JSON.readTree(expected.toString()), JSON.readTree(actual.toString()), what);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode phone(
      long id, String area, String number, String type, boolean sms, boolean whatsapp) {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id).put("customer_id", 144527).put("area_code", area).put("number", number);
    t.put("type", type).put("has_sms", sms).put("has_whatsapp", whatsapp);
    t.put("has_whatsapp_api", false).put("country_code", "55").put("country_iso2", "br");
    return t;
  }
}
