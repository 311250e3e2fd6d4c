package io.customer360.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.customer.Customer;
import io.customer360.identity.UnifiedCustomer;
import io.customer360.search.SearchDocuments.EventRow;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The document builders and the bulk answer reader: pure functions over rows and JSON. */
class SearchDocumentsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final UUID WS = UUID.fromString("00000000-0000-4000-8000-000000000001");
  static final UUID NODE = UUID.fromString("00000000-0000-4000-8000-000000000002");
  static final OffsetDateTime T = OffsetDateTime.parse("2026-01-02T03:04:05.678Z");

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final ObjectNode SCHEMA =
      json(
          "{'tier':{'type':'string','contactlabProperties':{'indexed':true}},"
              + "'score':{'type':'number','contactlabProperties':{'indexed':true}},"
              + "'optIn':{'type':'boolean','contactlabProperties':{'indexed':true}},"
              + "'dates':{'type':'array','items':{'type':'string'},"
              + "'contactlabProperties':{'indexed':true}},"
              + "'secret':{'type':'string','contactlabProperties':{'indexed':false}}}");

  static Customer customer(ObjectNode document) {
    return new Customer(
        UUID.fromString("00000000-0000-4000-8000-0000000000c1"),
        42,
        WS,
        NODE,
        "ext-1",
        "ext-1",
        document,
        true,
        T,
        T,
        3,
        0,
        json("{'registeredBy':'s'}"));
  }

  static List<String> entries(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.toString().replace('"', '\'')));
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "Émile, emile",
    "Zoë-MÜLLER, zoe-muller",
    "Ångström, angstrom",
    "JOSÉ@Exämple.COM, jose@example.com",
    "+39 02 1234, +39 02 1234",
    "'', ''"
  })
  void foldsToLowercaseWithoutAccents(String in, String folded) {
    assertEquals(folded, SearchDocuments.fold(in));
  }

  @Test
  void foldsNullToNull() {
    assertNull(SearchDocuments.fold(null));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-02-29, true",
    "2024-02-30, false",
    "2024-01-01T10:00:00Z, true",
    "2024-01-01T10:00:00.123+02:00, true",
    "2024-01-01T10:00, true",
    "2024-01-01 10:00, false",
    "20240101, false",
    "gold, false"
  })
  void recognisesIsoDatesAndDateTimes(String value, boolean date) {
    assertEquals(date, SearchDocuments.isDate(value));
  }

  @Test
  void anEntryCustomerDocumentHasTheSystemFieldsBaseConsentsTagsAndIndexedExtendedOnly() {
    ObjectNode doc =
        SearchDocuments.entry(
            customer(
                json(
                    "{'base':{'firstName':'Émile','lastName':'Zoë',"
                        + "'contacts':{'email':'E@X.com','phone':'+39 1'},"
                        + "'credential':{'username':'emile','password':'hunter2'}},"
                        + "'consents':{'profiling':{'classic':{'status':true}}},"
                        + "'tags':{'manual':['vip']},'extra':'free text',"
                        + "'extended':{'tier':'gold','score':7.5,'optIn':false,"
                        + "'dates':['2024-01-01','soon'],'secret':'x'}}")),
            SCHEMA);
    assertEquals("00000000-0000-4000-8000-0000000000c1", doc.path("id").asText());
    assertEquals(WS.toString(), doc.path("workspaceId").asText());
    assertEquals(NODE.toString(), doc.path("nodeId").asText());
    assertEquals("ENTRY", doc.path("kind").asText());
    assertEquals(
        "['00000000-0000-4000-8000-0000000000c1']",
        doc.path("memberIds").toString().replace('"', '\''));
    assertEquals("ext-1", doc.path("externalId").asText());
    assertEquals(42, doc.path("intId").asLong());
    assertTrue(doc.path("enabled").asBoolean());
    assertEquals("2026-01-02T03:04:05.678Z", doc.path("registeredAt").asText());
    assertEquals(3, doc.path("version").asLong());
    assertEquals(0, doc.path("deleted").asInt());
    assertEquals("Émile", doc.path("base").path("firstName").asText());
    assertTrue(doc.path("base").path("jobs").isArray(), "base as the API renders it");
    assertEquals("emile", doc.path("base").path("credential").path("username").asText());
    assertFalse(doc.path("base").path("credential").has("password"), "no password");
    assertTrue(doc.path("consents").path("profiling").path("classic").path("status").asBoolean());
    assertEquals("vip", doc.path("tags").path("manual").get(0).asText());
    assertTrue(doc.path("tags").path("auto").isArray());
    assertFalse(doc.has("extra"));
    assertFalse(doc.has("sourceInfo"));
    assertEquals(
        List.of(
            "{'name':'tier','s':'gold'}",
            "{'name':'score','n':7.5}",
            "{'name':'optIn','b':false}",
            "{'name':'dates','s':'2024-01-01','d':'2024-01-01'}",
            "{'name':'dates','s':'soon'}"),
        entries(doc.path("extended")));
    assertEquals(
        "{'firstName':'emile','lastName':'zoe','email':'e@x.com','phone':'+39 1'}",
        doc.path("folded").toString().replace('"', '\''));
  }

  @Test
  void withoutASchemaNoExtendedPropertyIsIndexed() {
    ObjectNode doc = SearchDocuments.entry(customer(json("{'extended':{'tier':'gold'}}")), null);
    assertEquals(0, doc.path("extended").size());
    assertTrue(doc.path("folded").path("firstName").isNull());
  }

  @Test
  void aUnifiedCustomerDocumentNamesItsMembersAndCarriesTheGivenVersion() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID aggregate = UUID.randomUUID();
    UnifiedCustomer u =
        new UnifiedCustomer(
            UUID.randomUUID(),
            7,
            WS,
            aggregate,
            null,
            json("{'base':{'lastName':'Rossi'},'extended':{'tier':'silver'}}"),
            true,
            T,
            T,
            2,
            2);
    long version = SearchDocuments.micros(T);
    ObjectNode doc = SearchDocuments.unified(u, List.of(a, b), version, SCHEMA);
    assertEquals("UNIFIED", doc.path("kind").asText());
    assertEquals(aggregate.toString(), doc.path("nodeId").asText());
    assertEquals(2, doc.path("memberIds").size());
    assertEquals(a.toString(), doc.path("memberIds").get(0).asText());
    assertEquals(b.toString(), doc.path("memberIds").get(1).asText());
    assertEquals(1767323045678000L, doc.path("version").asLong());
    assertEquals("rossi", doc.path("folded").path("lastName").asText());
    assertEquals(List.of("{'name':'tier','s':'silver'}"), entries(doc.path("extended")));
    assertEquals("silver", doc.path("extendedSource").path("tier").asText());
    assertEquals(0, doc.path("activity").path("eventCount").asLong());
  }

  @Test
  void aCustomerDocumentKeepsTheWholeExtendedObjectAndItsActivity() {
    ObjectNode doc =
        SearchDocuments.entry(
            customer(json("{'extended':{'tier':'gold','secret':'x','nested':{'a':[1,2]}}}")),
            SCHEMA,
            new SearchDocuments.Activity(T, new java.math.BigDecimal("120.50"), 3));
    assertEquals(
        "{'tier':'gold','secret':'x','nested':{'a':[1,2]}}",
        doc.path("extendedSource").toString().replace('"', '\''));
    assertEquals(List.of("{'name':'tier','s':'gold'}"), entries(doc.path("extended")));
    assertEquals(
        "{'lastEventAt':'2026-01-02T03:04:05.678Z','lifetimeValue':120.5,'eventCount':3}",
        doc.path("activity").toString().replace('"', '\''));
  }

  @Test
  void aCustomerWithoutEventsHasAnEmptyActivityAndAnEmptyExtendedSource() {
    ObjectNode doc = SearchDocuments.entry(customer(json("{}")), SCHEMA);
    assertEquals(
        "{'lastEventAt':null,'lifetimeValue':null,'eventCount':0}",
        doc.path("activity").toString().replace('"', '\''));
    assertEquals("{}", doc.path("extendedSource").toString());
    assertFalse(doc.path("pushDevice").asBoolean());
  }

  @Test
  void activitiesOfMembersAddUp() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    OffsetDateTime later = T.plusDays(3);
    java.util.Map<UUID, SearchDocuments.Activity> byCustomer =
        java.util.Map.of(
            a,
            new SearchDocuments.Activity(later, null, 2),
            b,
            new SearchDocuments.Activity(T, new java.math.BigDecimal("10.25"), 4),
            c,
            new SearchDocuments.Activity(T.minusDays(1), new java.math.BigDecimal("0.75"), 1));
    assertEquals(
        new SearchDocuments.Activity(later, new java.math.BigDecimal("11.00"), 7),
        SearchDocuments.Activity.of(List.of(a, b, c), byCustomer));
    assertEquals(
        new SearchDocuments.Activity(later, null, 2),
        SearchDocuments.Activity.of(List.of(a, UUID.randomUUID()), byCustomer),
        "a member without events adds nothing; no completed order leaves the value null");
    assertEquals(
        SearchDocuments.Activity.NONE,
        SearchDocuments.Activity.of(List.of(UUID.randomUUID()), byCustomer));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'contacts':{'mobileDevices':[{'identifier':'t','notificationService':'APN'}]}} | true",
        "{'contacts':{'mobileDevices':[{'identifier':'t'},{'notificationService':'GCM'}]}} | false",
        "{'contacts':{'mobileDevices':[{'identifier':' ','notificationService':'APN'}]}} | false",
        "{'contacts':{'mobileDevices':[{'identifier':'t','notificationService':null}]}} | false",
        "{'contacts':{'mobileDevices':[]}} | false",
        "{} | false"
      })
  void aPushDeviceHasATokenAndANotificationServiceInOneEntry(String base, boolean push) {
    assertEquals(push, SearchDocuments.pushDevice(json(base)));
  }

  @Test
  void anEventDocumentHasEveryPropertyAsATypedValueUnderDottedNames() {
    UUID id = UUID.randomUUID();
    UUID customerId = UUID.randomUUID();
    ObjectNode doc =
        SearchDocuments.event(
            new EventRow(
                id,
                WS,
                NODE,
                customerId,
                "completedOrder",
                "ECOMMERCE",
                "ACTIVE",
                T,
                T,
                null,
                4,
                json(
                    "{'amount':{'total':12.5,'currency':'EUR'},'items':[{'sku':'a'},{'sku':'b'}],"
                        + "'when':'2024-05-01T10:00:00Z','gift':false,'note':null}")));
    assertEquals(id.toString(), doc.path("id").asText());
    assertEquals(customerId.toString(), doc.path("customerId").asText());
    assertEquals("completedOrder", doc.path("type").asText());
    assertEquals("ECOMMERCE", doc.path("context").asText());
    assertEquals("ACTIVE", doc.path("mode").asText());
    assertEquals("2026-01-02T03:04:05.678Z", doc.path("date").asText());
    assertTrue(doc.path("updatedAt").isNull());
    assertEquals(4, doc.path("version").asLong());
    assertEquals(
        List.of(
            "{'name':'amount.total','n':12.5}",
            "{'name':'amount.currency','s':'EUR'}",
            "{'name':'items.sku','s':'a'}",
            "{'name':'items.sku','s':'b'}",
            "{'name':'when','s':'2024-05-01T10:00:00Z','d':'2024-05-01T10:00:00Z'}",
            "{'name':'gift','b':false}"),
        entries(doc.path("properties")));
  }

  @Test
  void aHugeEventKeepsAtMostTheTypedValueCap() {
    StringBuilder many = new StringBuilder("{'list':[");
    for (int i = 0; i < SearchDocuments.MAX_TYPED_VALUES + 50; i++) {
      many.append(i == 0 ? "" : ",").append(i);
    }
    many.append("]}");
    ObjectNode doc =
        SearchDocuments.event(
            new EventRow(
                UUID.randomUUID(),
                WS,
                NODE,
                null,
                "t",
                "WEB",
                "ACTIVE",
                T,
                T,
                T,
                1,
                json(many.toString())));
    assertEquals(SearchDocuments.MAX_TYPED_VALUES, doc.path("properties").size());
    assertTrue(doc.path("customerId").isNull());
  }

  @Test
  void theMappingsAreExplicitAndNeverDynamic() {
    ObjectNode customers = SearchMappings.customers();
    assertFalse(customers.path("dynamic").asBoolean(true));
    assertEquals("nested", customers.at("/properties/extended/type").asText());
    assertEquals(
        "lowercase", customers.at("/properties/base/properties/firstName/normalizer").asText());
    assertEquals("date", customers.at("/properties/base/properties/dob/type").asText());
    assertEquals(
        "boolean",
        customers
            .at(
                "/properties/consents/properties/marketing/properties/automatic/properties/email"
                    + "/properties/status/type")
            .asText());
    assertTrue(customers.at("/properties/extra").isMissingNode(), "extra is not indexed");
    ObjectNode events = SearchMappings.events();
    assertEquals("nested", events.at("/properties/properties/type").asText());
    assertEquals("keyword", events.at("/properties/properties/properties/name/type").asText());
    ObjectNode body = SearchMappings.createIndex(events, "200ms");
    assertEquals(1, body.at("/settings/index/number_of_shards").asInt());
    assertEquals(0, body.at("/settings/index/number_of_replicas").asInt());
    assertEquals("200ms", body.at("/settings/index/refresh_interval").asText());
  }

  @ParameterizedTest
  @CsvSource({
    "201, 1, 0, false",
    "200, 1, 0, false",
    "409, 1, 0, false",
    "404, 1, 0, false",
    "400, 0, 1, false",
    "429, 0, 0, true",
    "503, 0, 0, true"
  })
  void readsABulkAnswerItemByItem(int status, int succeeded, int failed, boolean retry) {
    Bulk.Outcome outcome =
        Bulk.read(
            json(
                "{'errors':true,'items':[{'index':{'_index':'i','_id':'1','status':"
                    + status
                    + ",'error':{'type':'x','reason':'why'}}}]}"));
    assertEquals(succeeded, outcome.succeeded());
    assertEquals(failed, outcome.failed());
    assertEquals(retry, outcome.retry());
  }

  @Test
  void aBulkBodyRoutesByWorkspaceAndVersionsExternally() {
    Bulk bulk =
        new Bulk()
            .index("c-customers", "id1", WS, 9, json("{'a':1}"))
            .delete("c-events", "id2", WS);
    assertEquals(2, bulk.size());
    assertEquals(1, bulk.indexes());
    assertEquals(1, bulk.deletes());
    String[] lines = bulk.body().split("\n");
    assertEquals(3, lines.length);
    JsonNode index = json(lines[0]).path("index");
    assertEquals("id1", index.path("_id").asText());
    assertEquals(WS.toString(), index.path("routing").asText());
    assertEquals(9, index.path("version").asLong());
    assertEquals("external_gte", index.path("version_type").asText());
    assertEquals(WS.toString(), json(lines[2]).path("delete").path("routing").asText());
  }
}
