package io.customer360.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class EventRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void namesAndBoundsMonthlyPartitionsInUtc() {
    YearMonth m = EventPartitions.monthOf(OffsetDateTime.parse("2026-12-31T23:30:00-02:00"));
    assertEquals(YearMonth.of(2027, 1), m);
    assertEquals("event_y2027m01", EventPartitions.tableName(m));
    assertEquals(
        "create table if not exists event_y2027m01 partition of event for values from"
            + " ('2027-01-01 00:00:00+00') to ('2027-02-01 00:00:00+00')",
        EventPartitions.ddl(m));
  }

  @Test
  void grantsAConsentOnlyWhenItsStatusIsTrue() throws Exception {
    var consents =
        JSON.readTree(
            "{\"profiling\":{\"classic\":{\"status\":true},\"online\":{\"status\":false}}}");
    assertTrue(EventIngestService.granted(consents, "consents.profiling.classic"));
    assertTrue(EventIngestService.granted(consents, "profiling.classic"));
    assertFalse(EventIngestService.granted(consents, "consents.profiling.online"));
    assertFalse(EventIngestService.granted(consents, "consents.softSpam.email"));
    assertFalse(EventIngestService.granted(null, "consents.profiling.classic"));
  }

  @Test
  void patchesByJsonMergePatch() throws Exception {
    ObjectNode target =
        (ObjectNode) JSON.readTree("{\"properties\":{\"url\":\"a\",\"title\":\"t\"},\"x\":1}");
    EventService.mergePatch(
        target, JSON.readTree("{\"properties\":{\"title\":null,\"path\":\"/p\"},\"x\":2}"));
    assertEquals("{\"properties\":{\"url\":\"a\",\"path\":\"/p\"},\"x\":2}", target.toString());
  }
}
