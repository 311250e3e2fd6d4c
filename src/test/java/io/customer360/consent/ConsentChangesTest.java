package io.customer360.consent;

import static io.customer360.consent.ConsentEventType.CONSENT_CHANGED;
import static io.customer360.consent.ConsentEventType.CONSENT_OBJECTED;
import static io.customer360.consent.ConsentEventType.CONSENT_RESTRICTED;
import static io.customer360.consent.ConsentEventType.DISCLAIMER_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.consent.ConsentChanges.Change;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The entries each change of a customer's consents produces, as a table of hand-made cases. */
class ConsentChangesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static Change change(ConsentEventType type, String property, String value) {
    return new Change(type, property, json(value));
  }

  static Stream<Arguments> cases() {
    String email = "consents.marketing.automatic.email";
    return Stream.of(
        Arguments.of("no consents before or after", null, null, List.of()),
        Arguments.of("empty consents object", null, "{}", List.of()),
        Arguments.of(
            "a new customer's consent: each value an entry, fields in name order",
            null,
            "{'marketing':{'automatic':{'email':{'status':true,'limitation':false}}}}",
            List.of(
                change(CONSENT_RESTRICTED, email + ".limitation", "false"),
                change(CONSENT_CHANGED, email + ".status", "true"))),
        Arguments.of(
            "the same values again",
            "{'marketing':{'automatic':{'email':{'status':true}}}}",
            "{'marketing':{'automatic':{'email':{'status':true}}}}",
            List.of()),
        Arguments.of(
            "status withdrawn",
            "{'marketing':{'automatic':{'email':{'status':true}}}}",
            "{'marketing':{'automatic':{'email':{'status':false}}}}",
            List.of(change(CONSENT_CHANGED, email + ".status", "false"))),
        Arguments.of(
            "limitation set",
            "{'profiling':{'online':{'status':true,'limitation':false}}}",
            "{'profiling':{'online':{'status':true,'limitation':true}}}",
            List.of(change(CONSENT_RESTRICTED, "consents.profiling.online.limitation", "true"))),
        Arguments.of(
            "objection set on a leaf that had none",
            "{'softSpam':{'email':{'status':true}}}",
            "{'softSpam':{'email':{'status':true,'objection':true}}}",
            List.of(change(CONSENT_OBJECTED, "consents.softSpam.email.objection", "true"))),
        Arguments.of(
            "a removed leaf logs each value it held as null",
            "{'thirdPartyTransfer':{'marketing':{'status':true,'objection':false}}}",
            "{'thirdPartyTransfer':{}}",
            List.of(
                change(CONSENT_OBJECTED, "consents.thirdPartyTransfer.marketing.objection", "null"),
                change(CONSENT_CHANGED, "consents.thirdPartyTransfer.marketing.status", "null"))),
        Arguments.of(
            "removed consents as a whole",
            "{'marketing':{'traditional':{'papery':{'status':true}}}}",
            null,
            List.of(
                change(CONSENT_CHANGED, "consents.marketing.traditional.papery.status", "null"))),
        Arguments.of(
            "null and missing are the same",
            "{'marketing':{'automatic':{'sms':{'status':null}}}}",
            "{'marketing':{'automatic':{'sms':null}}}",
            List.of()),
        Arguments.of(
            "a new disclaimer",
            null,
            "{'disclaimer':{'date':'2026-01-02T10:00:00Z','version':'v1'}}",
            List.of(
                change(
                    DISCLAIMER_READ,
                    "consents.disclaimer",
                    "{'date':'2026-01-02T10:00:00Z','version':'v1'}"))),
        Arguments.of(
            "a disclaimer of another version",
            "{'disclaimer':{'date':'2026-01-02T10:00:00Z','version':'v1'}}",
            "{'disclaimer':{'date':'2026-01-02T10:00:00Z','version':'v2'}}",
            List.of(
                change(
                    DISCLAIMER_READ,
                    "consents.disclaimer",
                    "{'date':'2026-01-02T10:00:00Z','version':'v2'}"))),
        Arguments.of(
            "the same disclaimer again",
            "{'disclaimer':{'version':'v1'}}",
            "{'disclaimer':{'version':'v1','date':null}}",
            List.of()),
        Arguments.of(
            "a removed disclaimer",
            "{'disclaimer':{'version':'v1'}}",
            "{'disclaimer':null}",
            List.of(change(CONSENT_CHANGED, "consents.disclaimer", "null"))),
        Arguments.of(
            "several leaves at once, in path order",
            "{'profiling':{'classic':{'status':true}},'marketing':{'automatic':{'push':{'status':true}}}}",
            "{'profiling':{'classic':{'status':false}},'marketing':{'automatic':{'push':{'status':false}}},"
                + "'disclaimer':{'version':'v3'}}",
            List.of(
                change(DISCLAIMER_READ, "consents.disclaimer", "{'version':'v3'}"),
                change(CONSENT_CHANGED, "consents.marketing.automatic.push.status", "false"),
                change(CONSENT_CHANGED, "consents.profiling.classic.status", "false"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void entriesOfAChange(String name, String before, String after, List<Change> expected) {
    assertEquals(expected, ConsentChanges.between(json(before), json(after)));
    assertEquals(!expected.isEmpty(), ConsentChanges.changes(json(before), json(after)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void undoingAChangeLogsTheOldValuesBack(
      String name, String before, String after, List<Change> forward) {
    List<Change> back = ConsentChanges.between(json(after), json(before));
    assertEquals(forward.size(), back.size(), "one entry back for each entry forward");
    if (forward.isEmpty()) {
      assertFalse(ConsentChanges.changes(json(after), json(before)));
    } else {
      assertTrue(back.stream().map(Change::property).toList().containsAll(properties(forward)));
    }
  }

  private static List<String> properties(List<Change> changes) {
    return changes.stream().map(Change::property).toList();
  }
}
