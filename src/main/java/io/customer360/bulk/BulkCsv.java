package io.customer360.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.customer360.common.FieldError;
import io.customer360.common.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV format of bulk jobs (spec §1.2 B2), pure functions: the header, the conversion of a row
 * to the JSON the API takes, and the CSV text of stored chunks and results.
 *
 * <p>The header names one dotted JSON path per column ({@code externalId,base.firstName,
 * base.contacts.email,extended.card}), each resolved against the JSON Schema the API validates by
 * (the customer schema with the workspace's extended properties, or the event type's properties
 * schema); an unknown, read-only, duplicated or overlapping column, or one that reaches inside an
 * array, fails the whole job at the header with a message naming the column.
 *
 * <p>Cells: an empty cell leaves the property out. A column whose schema type is a number, an
 * integer or a boolean is converted to that JSON type ({@code 12.5}, {@code 3}, {@code true}/{@code
 * false}, any case); one whose type is an array or an object takes a JSON literal ({@code
 * ["vip","gold"]}, {@code {"key":"value"}}); string columns keep the cell exactly as written (never
 * trimmed); a column whose schema gives no type takes a JSON literal when the cell is one and the
 * text otherwise. A cell that does not convert is a row error naming the column.
 */
final class BulkCsv {

  /** How a column's cells become JSON values. */
  enum Kind {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    ARRAY,
    OBJECT,
    ANY
  }

  /** One column: its dotted path, split, and how its cells convert. */
  record Column(String path, List<String> segments, Kind kind) {}

  /** The columns of a header, in file order. */
  record Header(List<Column> columns) {

    List<String> paths() {
      return columns.stream().map(Column::path).toList();
    }

    boolean has(String path) {
      return columns.stream().anyMatch(c -> c.path().equals(path));
    }
  }

  /** A header the job cannot run with; the message names the column and the reason. */
  static final class HeaderException extends Exception {
    HeaderException(String message) {
      super(message, null, false, false);
    }
  }

  /** A row converted to JSON, or the cells that did not convert. */
  record Row(ObjectNode value, List<FieldError> errors) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  /** The header, result and chunk columns of the results file (B4). */
  static final String[] RESULT_HEADER = {"row", "outcome", "id", "path", "rule"};

  /** The columns of an EVENT job besides {@code properties.*}. */
  static final Set<String> EVENT_FIELDS =
      Set.of("customerId", "externalId", "sessionId", "date", "context");

  /** The columns that name the customer of an event row; the header needs one. */
  static final Set<String> EVENT_TARGETS = Set.of("customerId", "externalId", "sessionId");

  private static final CsvMapper CSV = csvMapper();

  /** The mapper whose parser reads uploads record by record (no wrapping array). */
  private static final CsvMapper PLAIN = plainMapper();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private BulkCsv() {}

  private static CsvMapper csvMapper() {
    CsvMapper m = new CsvMapper();
    m.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    m.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    // quote a cell only when it holds a separator, a quote or a line break
    m.enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    return m;
  }

  private static CsvMapper plainMapper() {
    CsvMapper m = new CsvMapper();
    m.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    return m;
  }

  // --- reading and writing CSV ----------------------------------------------------------------

  /**
   * A streaming reader of the records (arrays of cells) of an uploaded file, one record at a time.
   * The file must be UTF-8 (a leading byte-order mark is allowed); a byte sequence that is not
   * UTF-8 or a quote that is never closed throws a {@link FileException} naming the line (1 = the
   * header line).
   */
  static FileRecords records(InputStream in) throws IOException {
    return new FileRecords(new Utf8Reader(in));
  }

  /** The file cannot be read as CSV; the message names the line and the reason. */
  static final class FileException extends IOException {
    FileException(String message) {
      super(message);
    }
  }

  /**
   * The records of an uploaded file, read with the CSV parser token by token so that each record's
   * first line is known: a failure inside a record names the line where the record started (an
   * unclosed quote runs to the end of the file, which is not where the mistake is).
   */
  static final class FileRecords implements java.io.Closeable {
    private final CsvParser parser;
    private final Utf8Reader reader;
    private String[] next;

    FileRecords(Utf8Reader reader) throws IOException {
      this.reader = reader;
      this.parser = (CsvParser) PLAIN.createParser(reader);
      this.parser.setSchema(CsvSchema.emptySchema());
    }

    /** Whether a further record follows; throws {@link FileException} for an unreadable one. */
    boolean hasNext() throws FileException {
      if (next == null) {
        next = read();
      }
      return next != null;
    }

    /** The next record; call after {@link #hasNext()}. */
    String[] next() throws FileException {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      String[] r = next;
      next = null;
      return r;
    }

    private String[] read() throws FileException {
      long start = reader.line();
      boolean firstCell = false;
      try {
        com.fasterxml.jackson.core.JsonToken t = parser.nextToken();
        if (t == null) {
          return null;
        }
        start = parser.currentTokenLocation().getLineNr();
        List<String> cells = new ArrayList<>();
        firstCell = true;
        while ((t = parser.nextToken()) != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          if (cells.isEmpty() && t != null) {
            start = parser.currentTokenLocation().getLineNr();
            firstCell = false;
          }
          if (t == null) {
            throw new FileException(
                "line " + start + ": a quoted cell of the record starting here is never closed");
          }
          cells.add(parser.getText());
        }
        return cells.toArray(String[]::new);
      } catch (FileException e) {
        throw e;
      } catch (Utf8Exception e) {
        throw new FileException(
            "line "
                + e.line
                + ": not valid UTF-8; save the file as UTF-8 (the only encoding taken)");
      } catch (IOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Utf8Exception u) {
          throw new FileException(
              "line "
                  + u.line
                  + ": not valid UTF-8; save the file as UTF-8 (the only encoding taken)");
        }
        if (firstCell) {
          start = parser.currentTokenLocation().getLineNr();
        }
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (reason.contains("closing quote") || reason.contains("EOF")) {
          throw new FileException(
              "line " + start + ": a quoted cell of the record starting here is never closed");
        }
        int cut = reason.indexOf('\n');
        throw new FileException(
            "line " + start + ": " + (cut < 0 ? reason : reason.substring(0, cut)));
      }
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }

  /** Bytes that are not UTF-8 at {@link #line}. */
  static final class Utf8Exception extends IOException {
    final long line;

    Utf8Exception(long line) {
      super("line " + line + ": not valid UTF-8");
      this.line = line;
    }
  }

  /**
   * A strict UTF-8 decoder that counts the line feeds it has handed out: malformed or unmappable
   * input throws {@link Utf8Exception} with the line it is on, after the text before it was read.
   */
  static final class Utf8Reader extends Reader {
    private final InputStream in;
    private final java.nio.charset.CharsetDecoder decoder =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    private final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8192).flip();
    private boolean eof;
    private boolean flushed;
    private long lineFeeds;

    Utf8Reader(InputStream in) {
      this.in = in;
    }

    /** The line (1-based) the next character is on. */
    long line() {
      return lineFeeds + 1;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      java.nio.CharBuffer out = java.nio.CharBuffer.wrap(buf, off, len);
      while (true) {
        java.nio.charset.CoderResult r = decoder.decode(bytes, out, eof);
        if (r.isError()) {
          if (out.position() > off) {
            break; // hand out the text before the bad bytes first
          }
          throw new Utf8Exception(line());
        }
        if (out.position() > off || (r.isOverflow() && out.remaining() == 0)) {
          break;
        }
        if (eof) {
          if (!flushed) {
            flushed = true;
            decoder.flush(out);
            if (out.position() > off) {
              break;
            }
          }
          return -1;
        }
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
      int n = out.position() - off;
      for (int i = off; i < off + n; i++) {
        if (buf[i] == '\n') {
          lineFeeds++;
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A streaming reader of records over stored CSV text. */
  static MappingIterator<String[]> records(Reader in) throws IOException {
    return CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in);
  }

  /** The CSV text of records, one line each (RFC 4180 quoting where needed). */
  static String text(List<String[]> records) {
    StringWriter out = new StringWriter();
    try (SequenceWriter w =
        CSV.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(out)) {
      for (String[] r : records) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The header names of a file's first record: trimmed, a leading byte-order mark dropped. */
  static List<String> names(String[] first) {
    List<String> out = new ArrayList<>(first.length);
    for (int i = 0; i < first.length; i++) {
      String n = first[i] == null ? "" : first[i];
      if (i == 0 && n.startsWith("\uFEFF")) {
        n = n.substring(1);
      }
      out.add(n.trim());
    }
    return out;
  }

  // --- headers --------------------------------------------------------------------------------

  /**
   * The header of a CUSTOMER job, resolved against the customer JSON Schema of the workspace: the
   * writable properties (externalId, enabled, base, consents, extended, tags); DELETE also takes
   * {@code id}.
   */
  static Header customerHeader(List<String> names, JsonNode schema, BulkJobOperation op)
      throws HeaderException {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String path = checkedName(names, i);
      List<String> segments = Arrays.asList(path.split("\\.", -1));
      String top = segments.get(0);
      if (op == BulkJobOperation.DELETE && path.equals("id")) {
        columns.add(new Column(path, segments, Kind.STRING));
        continue;
      }
      if (top.equals("nodeId")) {
        throw new HeaderException(
            "Column '" + path + "': the node is the job's; leave the column out");
      }
      JsonNode property = schema.path("properties").get(top);
      if (property != null && property.path("readOnly").asBoolean(false)) {
        throw new HeaderException("Column '" + path + "': " + top + " is read-only");
      }
      columns.add(new Column(path, segments, kindAt(schema, segments, path, "customer")));
    }
    return checked(columns);
  }

  /**
   * The header of an EVENT job. UPSERT and INSERT: {@code customerId}, {@code externalId} or {@code
   * sessionId} (at least one: who the event is about), {@code date}, {@code context} and {@code
   * properties.*} resolved against the event type's properties schema. DELETE: {@code id} alone.
   */
  static Header eventHeader(List<String> names, JsonNode propertiesSchema, BulkJobOperation op)
      throws HeaderException {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String path = checkedName(names, i);
      List<String> segments = Arrays.asList(path.split("\\.", -1));
      if (op == BulkJobOperation.DELETE) {
        if (!path.equals("id")) {
          throw new HeaderException(
              "Unknown column '" + path + "': a DELETE of events takes the column id alone");
        }
        columns.add(new Column(path, segments, Kind.STRING));
      } else if (EVENT_FIELDS.contains(path)) {
        columns.add(new Column(path, segments, Kind.STRING));
      } else if (segments.get(0).equals("properties") && segments.size() > 1) {
        columns.add(
            new Column(
                path,
                segments,
                kindAt(propertiesSchema, segments.subList(1, segments.size()), path, "event")));
      } else {
        throw new HeaderException(
            "Unknown column '"
                + path
                + "': an event column is customerId, externalId, sessionId, date, context or"
                + " properties.<path>");
      }
    }
    Header header = checked(columns);
    if (op != BulkJobOperation.DELETE && EVENT_TARGETS.stream().noneMatch(header::has)) {
      throw new HeaderException(
          "The header needs a customerId, externalId or sessionId column: who each event is"
              + " about");
    }
    return header;
  }

  private static String checkedName(List<String> names, int i) throws HeaderException {
    String path = names.get(i);
    if (!SafeText.isSafe(path)) {
      throw new HeaderException("Column " + (i + 1) + " of the header " + SafeText.RULE);
    }
    if (path.isEmpty()) {
      throw new HeaderException("Column " + (i + 1) + " of the header has no name");
    }
    if (Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty)) {
      throw new HeaderException("Column '" + path + "' is not a dotted path");
    }
    return path;
  }

  /** No column twice, none inside another (base.address and base.address.city). */
  private static Header checked(List<Column> columns) throws HeaderException {
    if (columns.isEmpty()) {
      throw new HeaderException("The file has no header");
    }
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      if (!seen.add(c.path())) {
        throw new HeaderException("Column '" + c.path() + "' is given twice");
      }
    }
    for (Column a : columns) {
      for (Column b : columns) {
        if (b.path().startsWith(a.path() + ".")) {
          throw new HeaderException(
              "Columns '" + a.path() + "' and '" + b.path() + "' overlap: give one of them");
        }
      }
    }
    return new Header(List.copyOf(columns));
  }

  /** The kind of the property at {@code segments} in a JSON Schema; unknown paths throw. */
  static Kind kindAt(JsonNode schema, List<String> segments, String path, String what)
      throws HeaderException {
    JsonNode node = schema;
    for (int i = 0; i < segments.size(); i++) {
      String type = typeOf(node);
      String prefix = String.join(".", segments.subList(0, i));
      if ("array".equals(type)) {
        throw new HeaderException(
            "Column '"
                + path
                + "': "
                + prefix
                + " is an array; write the whole array as a JSON literal in a column '"
                + prefix
                + "'");
      }
      JsonNode properties = node.get("properties");
      JsonNode next = properties == null ? null : properties.get(segments.get(i));
      if (next == null) {
        if (properties == null
            && "object".equals(type)
            && !node.path("additionalProperties").isBoolean()) {
          return Kind.ANY; // a free object: any key
        }
        throw new HeaderException(
            "Unknown column '"
                + path
                + "': "
                + (prefix.isEmpty() ? "" : prefix + ".")
                + segments.get(i)
                + " is not a property of the "
                + what);
      }
      node = next;
    }
    return kindOf(typeOf(node));
  }

  /** The JSON type a schema node declares (the first that is not null), or null. */
  private static String typeOf(JsonNode schema) {
    JsonNode t = schema.get("type");
    if (t != null && t.isTextual()) {
      return t.asText();
    }
    if (t != null && t.isArray()) {
      for (JsonNode x : t) {
        if (!"null".equals(x.asText())) {
          return x.asText();
        }
      }
    }
    return schema.has("properties") ? "object" : null;
  }

  private static Kind kindOf(String type) {
    if (type == null) {
      return Kind.ANY;
    }
    return switch (type) {
      case "number" -> Kind.NUMBER;
      case "integer" -> Kind.INTEGER;
      case "boolean" -> Kind.BOOLEAN;
      case "array" -> Kind.ARRAY;
      case "object" -> Kind.OBJECT;
      default -> Kind.STRING;
    };
  }

  // --- rows -----------------------------------------------------------------------------------

  /**
   * The JSON object of a row: each non-empty cell at its column's path, converted by the column's
   * kind. A row whose cell count differs from the header's, or with a cell that does not convert,
   * answers its errors (path = the column, rule = what the cell must be).
   */
  static Row toObject(Header header, String[] cells) {
    List<Column> columns = header.columns();
    List<FieldError> errors = new ArrayList<>();
    ObjectNode root = F.objectNode();
    if (cells.length != columns.size()) {
      errors.add(
          new FieldError(
              "",
              "the row has " + cells.length + " cells, the header " + columns.size() + " columns"));
      return new Row(root, errors);
    }
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (cell == null || cell.isEmpty()) {
        continue;
      }
      Column c = columns.get(i);
      JsonNode value = convert(c.kind(), cell);
      if (value == null) {
        errors.add(new FieldError(c.path(), rule(c.kind())));
        continue;
      }
      if (!SafeText.isSafe(cell) || !safe(value)) {
        errors.add(new FieldError(c.path(), SafeText.RULE));
        continue;
      }
      ObjectNode parent = root;
      for (String s : c.segments().subList(0, c.segments().size() - 1)) {
        JsonNode child = parent.get(s);
        parent = child instanceof ObjectNode o ? o : parent.putObject(s);
      }
      parent.set(c.segments().get(c.segments().size() - 1), value);
    }
    return new Row(root, errors);
  }

  /**
   * Whether every string and property name in a converted cell obeys the API's text rule ({@link
   * SafeText}: no NUL, no unpaired surrogate), as the JSON API checks request bodies.
   */
  private static boolean safe(JsonNode value) {
    if (value.isTextual()) {
      return SafeText.isSafe(value.textValue());
    }
    for (var it = value.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!SafeText.isSafe(e.getKey()) || !safe(e.getValue())) {
        return false;
      }
    }
    if (value.isArray()) {
      for (JsonNode x : value) {
        if (!safe(x)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The JSON value of a cell, or null when it does not convert to the kind. */
  static JsonNode convert(Kind kind, String cell) {
    return switch (kind) {
      case STRING -> F.textNode(cell);
      case BOOLEAN -> {
        String t = cell.trim();
        yield t.equalsIgnoreCase("true")
            ? F.booleanNode(true)
            : t.equalsIgnoreCase("false") ? F.booleanNode(false) : null;
      }
      case NUMBER -> {
        JsonNode n = json(cell.trim());
        yield n != null && n.isNumber() ? n : null;
      }
      case INTEGER -> {
        JsonNode n = json(cell.trim());
        yield n != null && n.isIntegralNumber() ? n : null;
      }
      case ARRAY -> {
        JsonNode n = json(cell.trim());
        yield n != null && n.isArray() ? n : null;
      }
      case OBJECT -> {
        JsonNode n = json(cell.trim());
        yield n != null && n.isObject() ? n : null;
      }
      case ANY -> {
        JsonNode n = json(cell.trim());
        yield n != null && !n.isTextual() && !n.isNull() ? n : F.textNode(cell);
      }
    };
  }

  private static JsonNode json(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String rule(Kind kind) {
    return switch (kind) {
      case NUMBER -> "must be a number";
      case INTEGER -> "must be an integer";
      case BOOLEAN -> "must be true or false";
      case ARRAY -> "must be a JSON array, e.g. [\"a\",\"b\"]";
      case OBJECT -> "must be a JSON object, e.g. {\"key\":\"value\"}";
      default -> "is not valid";
    };
  }

  // --- results --------------------------------------------------------------------------------

  /**
   * The result line of a row: {@code row} (1 = the first data row), {@code outcome}, the id written
   * (empty when FAILED), and for a FAILED row the failing paths and rules, each joined by {@code ;}
   * in the same order.
   */
  static String[] result(int row, String outcome, Object id, List<FieldError> errors) {
    List<String> paths = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    for (FieldError e : errors) {
      paths.add(e.path() == null ? "" : e.path());
      rules.add(e.message() == null ? "" : e.message());
    }
    return new String[] {
      Integer.toString(row),
      outcome,
      id == null ? "" : id.toString(),
      String.join(";", paths),
      String.join(";", rules)
    };
  }
}
