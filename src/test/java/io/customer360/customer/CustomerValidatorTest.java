package io.customer360.customer;

import static io.customer360.customer.CustomerMergerTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustomerValidatorTest {

  static List<FieldError> validate(ObjectNode doc) {
    return CustomerValidator.validate(doc, null, List.of());
  }

  static ObjectNode base(String path, Object value) {
    ObjectNode doc = json("{}");
    String[] parts = path.split("\\.");
    ObjectNode at = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
    }
    at.putPOJO(parts[parts.length - 1], value);
    return (ObjectNode) json(doc.toString());
  }

  static Stream<Arguments> stringLimits() {
    return Stream.of(
        Arguments.of("base.firstName", 255),
        Arguments.of("base.address.street", 500),
        Arguments.of("base.pictureUrl", 1000),
        Arguments.of("base.address.city", 255),
        Arguments.of("base.socialProfile.twitter", 255));
  }

  @ParameterizedTest
  @MethodSource("stringLimits")
  void stringsAreAcceptedAtTheirLimitAndRefusedJustPast(String path, int limit) {
    assertEquals(List.of(), validate(base(path, "x".repeat(limit))));
    List<FieldError> errors = validate(base(path, "x".repeat(limit + 1)));
    assertEquals(1, errors.size());
    assertEquals(path, errors.get(0).path());
    assertTrue(errors.get(0).message().contains(String.valueOf(limit)));
  }

  @Test
  void tagsAreLimitedToAThousandCharactersInTotal() {
    ObjectNode ok =
        json("{'tags':{'manual':['" + "a".repeat(500) + "','" + "b".repeat(500) + "']}}");
    assertEquals(List.of(), validate(ok));
    ObjectNode over =
        json("{'tags':{'auto':['" + "a".repeat(500) + "','" + "b".repeat(501) + "']}}");
    assertEquals("tags.auto", validate(over).get(0).path());
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("base.gender", "M"),
        Arguments.of("base.dob", "1990-13-01"),
        Arguments.of("base.dob", "1990-01-01T00:00:00Z"),
        Arguments.of("base.timezone", "Mars/Olympus"),
        Arguments.of("base.contacts.email", "not-an-email"),
        Arguments.of("base.contacts.mobilePhone", 12),
        Arguments.of("base.contacts.fax", "x".repeat(256)),
        Arguments.of("base.address.geo.lat", 90.5),
        Arguments.of("base.address.geo.lat", Double.POSITIVE_INFINITY),
        Arguments.of("base.address.geo.lon", -180.5),
        Arguments.of("base.unknown", "x"),
        Arguments.of("consents.marketing.automatic.fax", json("{'status':true}")),
        Arguments.of("base.address.geo.lat", "north"),
        Arguments.of("enabled", "yes"));
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void refusesAnInvalidValueNamingItsPath(String path, Object value) {
    List<FieldError> errors = validate(base(path, value));
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(path, errors.get(0).path());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"educations", "jobs", "likes", "subscriptions"})
  void refusesBlankItemIds(String collection) {
    ObjectNode doc = json("{'base':{'" + collection + "':[{'id':' ','subscribed':true}]}}");
    if (!collection.equals("subscriptions")) {
      ((ObjectNode) doc.at("/base/" + collection + "/0")).remove("subscribed");
    }
    List<FieldError> errors = validate(doc);
    assertEquals(
        List.of(new FieldError("base." + collection + "[0].id", "must not be blank")), errors);
  }

  @Test
  void checksEnumsOfCollections() {
    ObjectNode doc =
        json(
            "{'base':{'educations':[{'id':'e','schoolType':'KINDERGARTEN'}],"
                + "'contacts':{'otherContacts':[{'type':'PAGER','value':'1'},"
                + "{'type':'EMAIL','value':'nope'}],"
                + "'mobileDevices':[{'type':'BLACKBERRY','notificationService':'XYZ'}]},"
                + "'subscriptions':[{'id':'s','subscribed':true,'kind':'SPAM',"
                + "'startDate':'yesterday'}],'jobs':[{'id':'j','startDate':'2020-02-30'}]}}");
    List<String> paths = validate(doc).stream().map(FieldError::path).toList();
    assertEquals(
        List.of(
            "base.educations[0].schoolType",
            "base.contacts.otherContacts[0].type",
            "base.contacts.otherContacts[1].value",
            "base.contacts.mobileDevices[0].type",
            "base.contacts.mobileDevices[0].notificationService",
            "base.subscriptions[0].kind",
            "base.subscriptions[0].startDate",
            "base.jobs[0].startDate"),
        paths);
  }

  @Test
  void acceptsTheSeedSample() {
    ObjectNode doc =
        json(
            "{'externalId':'x','base':{'gender':'male','dob':'2019-08-24','timezone':'Africa/Abidjan',"
                + "'contacts':{'email':'user@example.com','otherContacts':[{'name':'n','type':'MOBILE','value':'v'}],"
                + "'mobileDevices':[{'identifier':'i','appId':'a','name':'n','type':'IOS','notificationService':'APN'}]},"
                + "'address':{'street':'s','geo':{'lat':0,'lon':0}},'educations':[{'id':'e','schoolType':'PRIMARY_SCHOOL','startYear':0,'isCurrent':true}],"
                + "'likes':[{'id':'l','createdTime':'2019-08-24T14:15:22Z'}],"
                + "'subscriptions':[{'id':'s','kind':'DIGITAL_MESSAGE','subscribed':true,'startDate':'2019-08-24T14:15:22Z',"
                + "'subscribeContext':{'ip':'1','userAgent':'u'}}]},"
                + "'consents':{'disclaimer':{'date':'2019-08-24T14:15:22Z','version':'1'},"
                + "'marketing':{'automatic':{'sms':{'status':true,'limitation':true,'objection':true}}}},"
                + "'extra':'string','tags':{'auto':['a'],'manual':['m']},'enabled':true}");
    assertEquals(List.of(), validate(doc));
  }

  @Test
  void keepsContactNumbersAsWritten() {
    ObjectNode doc =
        json(
            "{'base':{'contacts':{'mobilePhone':'333 123 4567','phone':'+44 20 7946 0958',"
                + "'fax':'fax'}}}");
    ObjectNode before = doc.deepCopy();
    assertEquals(List.of(), validate(doc));
    assertEquals(before, doc);
  }

  @Test
  void requiresTheNodesMandatoryProperties() {
    List<FieldError> errors =
        CustomerValidator.validate(
            json("{'base':{'firstName':'A'}}"), null, List.of("base.firstName", "base.lastName"));
    assertEquals(List.of(new FieldError("base.lastName", "is mandatory for this node")), errors);
  }

  @Test
  void collectsEveryViolation() {
    ObjectNode doc = json("{'base':{'gender':'x','dob':'y','firstName':1},'unknown':1}");
    assertEquals(4, validate(doc).size());
  }
}
