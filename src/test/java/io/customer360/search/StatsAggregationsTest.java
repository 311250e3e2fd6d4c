package io.customer360.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.search.StatsAggregations.CustomerScope;
import io.customer360.search.StatsAggregations.EventScope;
import io.customer360.search.StatsAggregations.Histogram;
import io.customer360.search.StatsAggregations.Interval;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The request bodies of the statistics aggregations (pure), against the expected JSON. */
class StatsAggregationsTest {

  static final UUID WS = UUID.fromString("11111111-2222-3333-4444-555555555555");
  static final UUID NODE = UUID.fromString("aaaaaaaa-2222-3333-4444-555555555555");
  static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void customerScopesKeepLiveDocumentsOfTheKindAndNodes() throws Exception {
    assertEquals(
        json(
            "{'bool':{'filter':[{'term':{'workspaceId':'"
                + WS
                + "'}},{'term':{'kind':'ENTRY'}},"
                + "{'terms':{'nodeId':['"
                + NODE
                + "']}}],"
                + "'must_not':[{'range':{'deleted':{'gt':0}}}]}}"),
        StatsAggregations.customerQuery(new CustomerScope(WS, "ENTRY", List.of(NODE))));
    // no node filter at all for a caller who reads every node
    assertEquals(
        json(
            "{'bool':{'filter':[{'term':{'workspaceId':'"
                + WS
                + "'}},{'term':{'kind':'UNIFIED'}}],"
                + "'must_not':[{'range':{'deleted':{'gt':0}}}]}}"),
        StatsAggregations.customerQuery(new CustomerScope(WS, "UNIFIED", null)));
  }

  @Test
  void eventHistogramsBucketTheDateInTheZoneAfterTheGroupKeys() throws Exception {
    Instant from = Instant.parse("2024-03-29T23:00:00Z");
    Instant to = Instant.parse("2024-04-03T21:59:59.999Z");
    var query =
        StatsAggregations.eventQuery(
            new EventScope(WS, List.of(NODE), null, List.of("viewedPage"), List.of("WEB")),
            "date",
            from,
            to);
    assertEquals(
        json(
            "{'bool':{'filter':[{'term':{'workspaceId':'"
                + WS
                + "'}},"
                + "{'terms':{'nodeId':['"
                + NODE
                + "']}},{'terms':{'type':['viewedPage']}},"
                + "{'terms':{'context':['WEB']}},"
                + "{'range':{'date':{'gte':'2024-03-29T23:00:00.000Z',"
                + "'lte':'2024-04-03T21:59:59.999Z'}}}]}}"),
        query);
    JsonNode after = json("{'k0':'viewedpage','d':'2024-04-01'}");
    assertEquals(
        json(
            "{'size':0,'query':"
                + query
                + ",'aggs':{'h':{'composite':{'size':10000,'sources':["
                + "{'k0':{'terms':{'field':'type'}}},"
                + "{'d':{'date_histogram':{'field':'date','calendar_interval':'1w',"
                + "'time_zone':'Europe/Rome','format':'yyyy-MM-dd'}}}],"
                + "'after':{'k0':'viewedpage','d':'2024-04-01'}}}}}"),
        StatsAggregations.compositeSearch(
            query,
            new Histogram("date", from, to, ZoneId.of("Europe/Rome"), Interval.WEEK),
            List.of("type"),
            after));
  }
}
