package io.customer360.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The one timestamp format on the wire (issue 14 item 2, DESIGN "timestamps"): ISO-8601 in UTC with
 * millisecond precision and {@code Z}, e.g. {@code 2026-11-29T10:00:00.123Z}. Registers Jackson
 * serializers for {@link OffsetDateTime}, {@link Instant} and {@link ZonedDateTime} writing {@link
 * #PATTERN}, and offers the same format to code that builds JSON by hand. SQL that renders a
 * timestamp into JSON uses {@link #SQL_FORMAT} with {@code to_char(ts at time zone 'UTC', ...)}.
 */
@Singleton
public class WireTime implements ObjectMapperCustomizer {

  /** The wire format, as a {@link DateTimeFormatter} pattern (always in UTC). */
  public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  /** The same format for PostgreSQL's {@code to_char} over a UTC {@code timestamp}. */
  public static final String SQL_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"";

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern(PATTERN).withZone(ZoneOffset.UTC);

  /**
   * Runs after Quarkus registers the Java time module, so these serializers are the ones used
   * (Jackson consults the latest registered serializers first).
   */
  @Override
  public int priority() {
    return MINIMUM_PRIORITY;
  }

  @Override
  public void customize(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("customer360-wire-time");
    module.addSerializer(new Writer<>(Instant.class, i -> i));
    module.addSerializer(new Writer<>(OffsetDateTime.class, OffsetDateTime::toInstant));
    module.addSerializer(new Writer<>(ZonedDateTime.class, ZonedDateTime::toInstant));
    mapper.registerModule(module);
  }

  /** {@code instant} in the wire format. */
  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** The current time in the wire format. */
  public static String now() {
    return format(Instant.now());
  }

  /**
   * An ISO-8601 date-time text with any offset and precision, in the wire format; text that is not
   * a date-time is returned unchanged.
   */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    try {
      return format(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /**
   * Rewrites the named top-level text fields of a JSON object (e.g. a build state's {@code
   * requestedAt}) into the wire format; other values and non-objects are left as they are. Returns
   * a copy, never the given node.
   */
  public static JsonNode normalizeFields(JsonNode node, String... fields) {
    if (node == null || !node.isObject()) {
      return node;
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    for (String field : fields) {
      JsonNode value = copy.get(field);
      if (value != null && value.isTextual()) {
        copy.put(field, normalize(value.textValue()));
      }
    }
    return copy;
  }

  private static final class Writer<T> extends StdSerializer<T> {

    private final transient Function<T, Instant> instant;

    Writer(Class<T> type, Function<T, Instant> instant) {
      super(type);
      this.instant = instant;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format(instant.apply(value)));
    }
  }
}
