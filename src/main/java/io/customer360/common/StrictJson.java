package io.customer360.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Makes every JSON body strict, for typed records and for {@link JsonNode} bodies alike (issue 13,
 * faults 4, 6, 7 and 8):
 *
 * <ul>
 *   <li>data after the JSON document is refused ({@code FAIL_ON_TRAILING_TOKENS});
 *   <li>a property given twice in one object is refused ({@code STRICT_DUPLICATE_DETECTION});
 *   <li>no lenient coercion: no enum ordinals, no numbers as booleans, no fractions into integers,
 *       no strings into numbers or booleans, no scalars into strings;
 *   <li>numbers must be finite ({@code 1e309} overflows to Infinity) and below 2^63 in magnitude
 *       ({@code 1e19} would come back from PostgreSQL as an integer beyond 64 bits), and integers
 *       fit in 64 bits;
 *   <li>strings and property names obey {@link SafeText}.
 * </ul>
 *
 * A refused value answers 400 naming its JSON path ({@link ErrorMappers}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  static final String FINITE_RULE = "must be a finite number between -9.2e18 and 9.2e18";

  /**
   * Magnitude limit of fractional-notation numbers: PostgreSQL's jsonb keeps a number as an exact
   * decimal and renders {@code 1e19} as a 20-digit integer, which the 64-bit rule could not read
   * back; every double from 2^63 up is such an integer.
   */
  static final double MAX_MAGNITUDE = 0x1p63;

  /** A double that is finite and stored and read back as a 64-bit-safe number. */
  static boolean storable(double v) {
    return Double.isFinite(v) && Math.abs(v) < MAX_MAGNITUDE;
  }

  static final String INT64_RULE = "must be an integer within 64 bits";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // {"status":"ENABLED","status":"DISABLED"}: which one was meant is unknowable, so refuse it.
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String);
    refuse(mapper, LogicalType.Float, CoercionInputShape.String);
    refuse(
        mapper,
        LogicalType.Boolean,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.String);
    refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
    refuse(
        mapper,
        LogicalType.Textual,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    for (LogicalType t :
        new LogicalType[] {
          LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Enum
        }) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    SimpleModule module = new SimpleModule("customer360-strict-json");
    module.addDeserializer(String.class, new SafeStringDeserializer());
    module.addKeyDeserializer(String.class, new SafeKeyDeserializer());
    module.addDeserializer(Double.class, new FiniteDoubleDeserializer(Double.class));
    module.addDeserializer(double.class, new FiniteDoubleDeserializer(double.class));
    module.addDeserializer(JsonNode.class, new CheckedTreeDeserializer<>(JsonNode.class));
    module.addDeserializer(ObjectNode.class, new CheckedTreeDeserializer<>(ObjectNode.class));
    module.addDeserializer(ArrayNode.class, new CheckedTreeDeserializer<>(ArrayNode.class));
    mapper.registerModule(module);
  }

  private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
    }
  }

  /**
   * A value refused by a rule of this class; {@code subPath} is the location inside the value that
   * Jackson's own path leads to (empty for a scalar).
   */
  public static final class RefusedValueException extends MismatchedInputException {

    private final String subPath;
    private final String rule;

    RefusedValueException(JsonParser p, Class<?> target, String subPath, String rule) {
      super(p, rule, target);
      this.subPath = subPath;
      this.rule = rule;
    }

    /** The location inside the refused value, e.g. {@code .geo.lat} or {@code [2]}. */
    public String subPath() {
      return subPath;
    }

    public String rule() {
      return rule;
    }
  }

  static final class SafeStringDeserializer extends StdDeserializer<String> {

    private final JsonDeserializer<?> standard =
        com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance;

    SafeStringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = (String) standard.deserialize(p, ctxt);
      if (!SafeText.isSafe(value)) {
        throw new RefusedValueException(p, String.class, "", SafeText.RULE);
      }
      return value;
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }

  static final class SafeKeyDeserializer extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      if (!SafeText.isSafe(key)) {
        throw new RefusedValueException(ctxt.getParser(), String.class, "", SafeText.RULE);
      }
      return key;
    }
  }

  static final class FiniteDoubleDeserializer extends StdDeserializer<Double> {

    private final JsonDeserializer<?> standard;

    FiniteDoubleDeserializer(Class<?> type) {
      super(type);
      this.standard =
          com.fasterxml.jackson.databind.deser.std.NumberDeserializers.find(type, type.getName());
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Double value = (Double) standard.deserialize(p, ctxt);
      if (value != null && !storable(value)) {
        throw new RefusedValueException(p, Double.class, "", FINITE_RULE);
      }
      return value;
    }

    @Override
    public Double getNullValue(DeserializationContext ctxt)
        throws com.fasterxml.jackson.databind.JsonMappingException {
      return (Double) standard.getNullValue(ctxt);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Float;
    }

    @Override
    public boolean isCachable() {
      return true;
    }
  }

  /** Reads a tree with Jackson's own reader, then checks every string, name and number in it. */
  static final class CheckedTreeDeserializer<T extends JsonNode> extends StdDeserializer<T> {

    private final JsonDeserializer<? extends JsonNode> standard;

    CheckedTreeDeserializer(Class<T> type) {
      super(type);
      this.standard = JsonNodeDeserializer.getDeserializer(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = standard.deserialize(p, ctxt);
      check(p, tree, new StringBuilder());
      return (T) tree;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getNullValue(DeserializationContext ctxt)
        throws com.fasterxml.jackson.databind.JsonMappingException {
      JsonParser p = ctxt.getParser();
      if (p != null && p.getParsingContext() != null && p.getParsingContext().inRoot()) {
        // A whole body of `null` is no body: Bean Validation's @NotNull answers "body is required".
        return null;
      }
      return (T) standard.getNullValue(ctxt);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Untyped;
    }

    @Override
    public boolean isCachable() {
      return true;
    }

    private void check(JsonParser p, JsonNode node, StringBuilder path) throws IOException {
      if (node == null) {
        return;
      }
      if (node.isTextual()) {
        require(p, SafeText.isSafe(node.textValue()), path, SafeText.RULE);
      } else if (node.isFloatingPointNumber()) {
        require(p, storable(node.doubleValue()), path, FINITE_RULE);
      } else if (node.isBigInteger()) {
        BigInteger v = node.bigIntegerValue();
        require(p, v.bitLength() < 64, path, INT64_RULE);
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          int mark = path.length();
          path.append('[').append(i).append(']');
          check(p, node.get(i), path);
          path.setLength(mark);
        }
      } else if (node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          int mark = path.length();
          path.append('.').append(field.getKey());
          require(p, SafeText.isSafe(field.getKey()), path, SafeText.RULE);
          check(p, field.getValue(), path);
          path.setLength(mark);
        }
      }
    }

    private void require(JsonParser p, boolean ok, StringBuilder path, String rule)
        throws IOException {
      if (!ok) {
        throw new RefusedValueException(p, handledType(), path.toString(), rule);
      }
    }
  }
}
