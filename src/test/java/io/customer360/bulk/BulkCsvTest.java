package io.customer360.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.bulk.BulkCsv.Kind;
import io.customer360.event.EventSchemas;
import io.customer360.event.EventType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSV format of bulk jobs: header paths, cell conversion, stored chunks and result lines. */
class BulkCsvTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A customer schema in the shape of CustomerJsonSchema: enough for the header rules. */
  private static JsonNode customerSchema() throws Exception {
    return JSON.readTree(
        """
        {"type":"object","properties":{
          "id":{"type":"string","readOnly":true},
          "nodeId":{"type":"string"},
          "externalId":{"type":["string","null"]},
          "enabled":{"type":"boolean"},
          "base":{"type":["object","null"],"properties":{
            "firstName":{"type":["string","null"]},
            "contacts":{"type":"object","properties":{"email":{"type":"string"}}},
            "jobs":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"}}}}}},
          "tags":{"type":"object","properties":{"manual":{"type":"array","items":{"type":"string"}}}},
          "extended":{"type":["object","null"],"properties":{
            "card":{"type":"integer"},"score":{"type":"number"},"prefs":{"type":"object"}}}}}
        """);
  }

  private static BulkCsv.Header customers(String header) throws Exception {
    return BulkCsv.customerHeader(
        List.of(header.split(",")), customerSchema(), BulkJobOperation.UPSERT);
  }

  @Test
  void headerPathsTakeTheirKindFromTheSchema() throws Exception {
    BulkCsv.Header h =
        customers(
            "externalId,base.firstName,base.contacts.email,extended.card,extended.score,enabled,"
                + "tags.manual,base.jobs,extended.prefs");
    assertEquals(
        List.of(
            Kind.STRING,
            Kind.STRING,
            Kind.STRING,
            Kind.INTEGER,
            Kind.NUMBER,
            Kind.BOOLEAN,
            Kind.ARRAY,
            Kind.ARRAY,
            Kind.OBJECT),
        h.columns().stream().map(BulkCsv.Column::kind).toList());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "externalId,base.nickname|Unknown column 'base.nickname': base.nickname is not a property"
            + " of the customer",
        "externalId,externalId|Column 'externalId' is given twice",
        "base.contacts,base.contacts.email|Columns 'base.contacts' and 'base.contacts.email'"
            + " overlap: give one of them",
        "base.jobs.title|Column 'base.jobs.title': base.jobs is an array; write the whole array as"
            + " a JSON literal in a column 'base.jobs'",
        "id,externalId|Column 'id': id is read-only",
        "nodeId|Column 'nodeId': the node is the job's; leave the column out",
        "externalId,,base.firstName|Column 2 of the header has no name",
        "base..firstName|Column 'base..firstName' is not a dotted path"
      })
  void badHeadersNameTheColumnAndTheReason(String header, String message) {
    BulkCsv.HeaderException e =
        assertThrows(
            BulkCsv.HeaderException.class,
            () ->
                BulkCsv.customerHeader(
                    List.of(header.split(",", -1)), customerSchema(), BulkJobOperation.UPSERT));
    assertEquals(message, e.getMessage());
  }

  @Test
  void deleteJobsMayNameCustomersById() throws Exception {
    BulkCsv.Header h =
        BulkCsv.customerHeader(List.of("id"), customerSchema(), BulkJobOperation.DELETE);
    assertEquals(List.of("id"), h.paths());
  }

  @Test
  void eventHeadersNeedTheCustomerAndKnowTheTypesProperties() throws Exception {
    JsonNode schema = EventSchemas.properties(EventType.viewedPage);
    assertEquals(
        List.of("externalId", "date", "properties.url"),
        BulkCsv.eventHeader(
                List.of("externalId", "date", "properties.url"), schema, BulkJobOperation.INSERT)
            .paths());
    assertEquals(
        "The header needs a customerId, externalId or sessionId column: who each event is about",
        assertThrows(
                BulkCsv.HeaderException.class,
                () ->
                    BulkCsv.eventHeader(
                        List.of("date", "properties.url"), schema, BulkJobOperation.UPSERT))
            .getMessage());
    assertTrue(
        assertThrows(
                BulkCsv.HeaderException.class,
                () ->
                    BulkCsv.eventHeader(
                        List.of("customerId", "properties.nope"), schema, BulkJobOperation.UPSERT))
            .getMessage()
            .startsWith("Unknown column 'properties.nope'"));
    assertEquals(
        List.of("id"), BulkCsv.eventHeader(List.of("id"), schema, BulkJobOperation.DELETE).paths());
    assertEquals(
        "Unknown column 'externalId': a DELETE of events takes the column id alone",
        assertThrows(
                BulkCsv.HeaderException.class,
                () ->
                    BulkCsv.eventHeader(
                        List.of("id", "externalId"), schema, BulkJobOperation.DELETE))
            .getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "STRING|' 12 '|'\" 12 \"'",
        "STRING|[1]|\"[1]\"",
        "NUMBER|' 12.5 '|12.5",
        "NUMBER|3|3",
        "INTEGER|42|42",
        "BOOLEAN|TRUE|true",
        "BOOLEAN|false|false",
        "ARRAY|[\"vip\",\"gold\"]|[\"vip\",\"gold\"]",
        "OBJECT|{\"a\":1}|{\"a\":1}",
        "ANY|7|7",
        "ANY|hello|\"hello\"",
        "ANY|[1,2]|[1,2]"
      })
  void cellsConvertByKind(Kind kind, String cell, String json) throws Exception {
    assertEquals(JSON.readTree(json), BulkCsv.convert(kind, cell));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "NUMBER|twelve",
        "NUMBER|1 2",
        "INTEGER|4.5",
        "BOOLEAN|yes",
        "ARRAY|{\"a\":1}",
        "ARRAY|[1",
        "OBJECT|[1]"
      })
  void cellsThatDoNotConvertAreNull(Kind kind, String cell) {
    assertNull(BulkCsv.convert(kind, cell));
  }

  @Test
  void aRowBecomesTheNestedJsonOfItsColumnsAndEmptyCellsAreLeftOut() throws Exception {
    BulkCsv.Header h = customers("externalId,base.firstName,base.contacts.email,extended.card");
    BulkCsv.Row row = BulkCsv.toObject(h, new String[] {"e1", "", "a@x.io", "12"});
    assertTrue(row.ok());
    assertEquals(
        JSON.readTree(
            "{\"externalId\":\"e1\",\"base\":{\"contacts\":{\"email\":\"a@x.io\"}},"
                + "\"extended\":{\"card\":12}}"),
        row.value());
  }

  @Test
  void cellsWithNulFailTheirRowByTheApisTextRule() throws Exception {
    BulkCsv.Header h = customers("externalId,base.firstName,tags.manual");
    BulkCsv.Row bad = BulkCsv.toObject(h, new String[] {"n2", "Bad\u0000Nul", "[\"a\\u0000\"]"});
    assertEquals(2, bad.errors().size());
    assertEquals("base.firstName", bad.errors().get(0).path());
    assertEquals(
        "must not contain NUL characters or unpaired surrogates", bad.errors().get(0).message());
    assertEquals("tags.manual", bad.errors().get(1).path());
    assertTrue(BulkCsv.toObject(h, new String[] {"n1", "Ok", "[\"a\"]"}).ok());
    assertThrows(BulkCsv.HeaderException.class, () -> customers("externalId,base.first\u0000Name"));
  }

  @Test
  void aRowNamesEveryCellThatDoesNotConvertAndAWrongCellCount() throws Exception {
    BulkCsv.Header h = customers("externalId,enabled,extended.card");
    BulkCsv.Row bad = BulkCsv.toObject(h, new String[] {"e1", "maybe", "x"});
    assertEquals(2, bad.errors().size());
    assertEquals("enabled", bad.errors().get(0).path());
    assertEquals("must be true or false", bad.errors().get(0).message());
    assertEquals("extended.card", bad.errors().get(1).path());
    assertEquals("must be an integer", bad.errors().get(1).message());
    BulkCsv.Row shortRow = BulkCsv.toObject(h, new String[] {"e1"});
    assertEquals("the row has 1 cells, the header 3 columns", shortRow.errors().get(0).message());
  }

  @Test
  void chunksRoundTripQuotedCellsAndHeadersDropAByteOrderMark() throws Exception {
    List<String[]> rows =
        List.of(
            new String[] {"a,b", "say \"hi\"", "line1\nline2"}, new String[] {"", "x", "[\"v\"]"});
    String text = BulkCsv.text(rows);
    List<String[]> back = new ArrayList<>();
    try (var it = BulkCsv.records(new java.io.StringReader(text))) {
      it.forEachRemaining(back::add);
    }
    assertEquals(2, back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(List.of(rows.get(i)), List.of(back.get(i)));
    }
    byte[] file = "\uFEFFexternalId, base.firstName\ne1,Ann\n".getBytes(StandardCharsets.UTF_8);
    try (var it = BulkCsv.records(new ByteArrayInputStream(file))) {
      assertEquals(List.of("externalId", "base.firstName"), BulkCsv.names(it.next()));
    }
  }

  private static List<String[]> readAll(byte[] file) throws Exception {
    List<String[]> out = new ArrayList<>();
    try (var it = BulkCsv.records(new ByteArrayInputStream(file))) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  @Test
  void aByteThatIsNotUtf8NamesItsLine() throws Exception {
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    file.write("externalId,base.firstName\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 2; i < 5001; i++) {
      file.write(("e" + i + ",Ren\u00e9\n").getBytes(StandardCharsets.UTF_8));
    }
    file.write("e5001,Ren".getBytes(StandardCharsets.UTF_8));
    file.write(0xe9); // Latin-1 é
    file.write("\ne5002,Zoe\n".getBytes(StandardCharsets.UTF_8));
    BulkCsv.FileException e =
        assertThrows(BulkCsv.FileException.class, () -> readAll(file.toByteArray()));
    assertEquals(
        "line 5001: not valid UTF-8; save the file as UTF-8 (the only encoding taken)",
        e.getMessage());
    assertEquals(
        5002,
        readAll(file.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).size());
  }

  @Test
  void anUnclosedQuoteNamesTheLineWhereItsRecordStarted() {
    byte[] file =
        "externalId,base.firstName\ne1,Ann\ne2,\"Bob\ne3,Cy\ne4,Dee\n"
            .getBytes(StandardCharsets.UTF_8);
    BulkCsv.FileException e = assertThrows(BulkCsv.FileException.class, () -> readAll(file));
    assertEquals(
        "line 3: a quoted cell of the record starting here is never closed", e.getMessage());
    byte[] first = "externalId\n\ne1\n\"e2\ne3\ne4\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "line 4: a quoted cell of the record starting here is never closed",
        assertThrows(BulkCsv.FileException.class, () -> readAll(first)).getMessage());
  }

  @Test
  void recordsSpanningLinesAndEmptyLinesKeepTheirCells() throws Exception {
    byte[] file = "a,b\n\n1,\"x\ny\"\n2,\"\"\"q\"\"\"\n".getBytes(StandardCharsets.UTF_8);
    List<String[]> out = readAll(file);
    assertEquals(3, out.size());
    assertEquals(List.of("1", "x\ny"), List.of(out.get(1)));
    assertEquals(List.of("2", "\"q\""), List.of(out.get(2)));
  }

  @Test
  void resultLinesJoinSeveralErrors() {
    assertEquals(
        "4,FAILED,,a;b,r1;r2\n",
        BulkCsv.text(
            List.<String[]>of(
                BulkCsv.result(
                    4,
                    "FAILED",
                    null,
                    List.of(
                        new io.customer360.common.FieldError("a", "r1"),
                        new io.customer360.common.FieldError("b", "r2"))))));
    assertEquals(JsonNodeFactory.instance.textNode("x"), BulkCsv.convert(Kind.STRING, "x"));
  }
}
