package io.customer360.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CustomerMergerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void addsPropertiesTheCustomerDoesNotHave() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'base':{'firstName':'Ann'}}"), json("{'base':{'lastName':'Lee'}}"), false);
    assertEquals(json("{'base':{'firstName':'Ann','lastName':'Lee'}}"), out);
  }

  @Test
  void replacesPropertiesTheCustomerHas() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'externalId':'a','base':{'firstName':'Ann','contacts':{'email':'a@x.io'}}}"),
            json("{'base':{'contacts':{'email':'b@x.io'}}}"),
            false);
    assertEquals("b@x.io", out.at("/base/contacts/email").asText());
    assertEquals("Ann", out.at("/base/firstName").asText());
    assertEquals("a", out.at("/externalId").asText());
  }

  @Test
  void appendsCollectionsAndDeduplicates() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'tags':{'manual':['a','b']},'extended':{'list':[1,2]}}"),
            json("{'tags':{'manual':['b','c','c']},'extended':{'list':[2,3]}}"),
            false);
    assertEquals(json("{'manual':['a','b','c']}"), out.get("tags"));
    assertEquals(json("{'list':[1,2,3]}"), out.get("extended"));
  }

  @Test
  void deduplicatesObjectItemsWithoutIdByValue() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'base':{'contacts':{'otherContacts':[{'type':'PHONE','value':'1'}]}}}"),
            json(
                "{'base':{'contacts':{'otherContacts':[{'type':'PHONE','value':'1'},"
                    + "{'type':'FAX','value':'2'}]}}}"),
            false);
    assertEquals(2, out.at("/base/contacts/otherContacts").size());
  }

  @Test
  void aSubscriptionSentAgainKeepsThePropertiesTheRequestOmits() {
    ObjectNode out =
        CustomerMerger.merge(
            json(
                "{'base':{'subscriptions':[{'id':'news','name':'News','kind':'SERVICE',"
                    + "'subscribed':true},{'id':'promo','subscribed':true}]}}"),
            json("{'base':{'subscriptions':[{'id':'news','subscribed':false}]}}"),
            false);
    JsonNode subs = out.at("/base/subscriptions");
    assertEquals(2, subs.size());
    assertEquals(
        json("{'id':'news','name':'News','kind':'SERVICE','subscribed':false}"), subs.get(0));
  }

  @Test
  void strictReplacesASubscriptionWhole() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'base':{'subscriptions':[{'id':'news','name':'News','subscribed':true}]}}"),
            json("{'base':{'subscriptions':[{'id':'news','subscribed':false}]}}"),
            true);
    assertEquals(json("{'id':'news','subscribed':false}"), out.at("/base/subscriptions/0"));
  }

  @Test
  void keyedItemsAreReplacedById() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'base':{'jobs':[{'id':'j1','jobTitle':'dev'},{'id':'j2','jobTitle':'ops'}]}}"),
            json("{'base':{'jobs':[{'id':'j1','companyName':'Acme'}]}}"),
            false);
    assertEquals(json("{'id':'j1','companyName':'Acme'}"), out.at("/base/jobs/0"));
    assertEquals(2, out.at("/base/jobs").size());
  }

  @Test
  void nullReplacesAValue() {
    ObjectNode out =
        CustomerMerger.merge(
            json("{'base':{'firstName':'Ann'}}"), json("{'base':{'firstName':null}}"), false);
    assertTrue(out.at("/base/firstName").isNull());
  }

  @Test
  void mergeLeavesItsArgumentsUnchanged() {
    ObjectNode current = json("{'tags':{'manual':['a']}}");
    ObjectNode request = json("{'tags':{'manual':['b']}}");
    CustomerMerger.merge(current, request, false);
    assertEquals(json("{'tags':{'manual':['a']}}"), current);
    assertEquals(json("{'tags':{'manual':['b']}}"), request);
  }

  @Test
  void replaceDropsWhatTheRequestOmits() {
    ObjectNode out =
        CustomerMerger.replace(
            json("{'base':{'firstName':'Ann','lastName':'Lee'},'tags':{'manual':['a']}}"),
            json("{'base':{'firstName':'Bea'}}"),
            false);
    assertEquals(json("{'base':{'firstName':'Bea'}}"), out);
    assertFalse(out.has("tags"));
  }

  @Test
  void replaceDeduplicatesCollectionsAndCompletesKnownSubscriptions() {
    ObjectNode current =
        json("{'base':{'subscriptions':[{'id':'news','name':'News','subscribed':true}]}}");
    ObjectNode request =
        json(
            "{'tags':{'manual':['x','x']},'base':{'subscriptions':[{'id':'news','subscribed':false},"
                + "{'id':'other','subscribed':true}]}}");
    ObjectNode out = CustomerMerger.replace(current, request, false);
    assertEquals(json("{'manual':['x']}"), out.get("tags"));
    assertEquals(
        json("{'id':'news','name':'News','subscribed':false}"), out.at("/base/subscriptions/0"));
    ObjectNode strict = CustomerMerger.replace(current, request, true);
    assertEquals(json("{'id':'news','subscribed':false}"), strict.at("/base/subscriptions/0"));
  }
}
