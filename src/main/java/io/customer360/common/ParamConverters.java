package io.customer360.common;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Converts path and query parameters (UUIDs, integers, booleans, enums, boxed or primitive) so that
 * a malformed value answers 400 naming the parameter and the rule, instead of JAX-RS's bare 404 or
 * a lenient guess ({@code resolveReferences=maybe} is refused, not false). A malformed node id in a
 * path or query answers 404 "node not found &lt;id&gt;" like an unknown one ({@link Ids#uuid}, spec
 * §5).
 */
@Provider
public class ParamConverters implements ParamConverterProvider {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = parameterName(annotations);
    if (name == null) {
      return null;
    }
    if (rawType == UUID.class) {
      return (ParamConverter<T>) converter(value -> Ids.uuid(name, value));
    }
    if (rawType == boolean.class) {
      // RESTEasy Reactive hands "0" to a primitive's converter when the parameter is absent, so a
      // primitive cannot tell "absent" from "0": declare boolean parameters as Boolean (the
      // architecture test checks it); a primitive one is as strict, so "0" is refused here too.
      return (ParamConverter<T>) converter(value -> bool(name, value), Boolean.FALSE);
    }
    if (rawType == int.class) {
      return (ParamConverter<T>)
          converter(value -> parse(name, value, Integer::valueOf, "must be an integer"), 0);
    }
    if (rawType == long.class) {
      return (ParamConverter<T>)
          converter(value -> parse(name, value, Long::valueOf, "must be an integer"), 0L);
    }
    if (rawType == Integer.class) {
      return (ParamConverter<T>)
          converter(value -> parse(name, value, Integer::valueOf, "must be an integer"));
    }
    if (rawType == Long.class) {
      return (ParamConverter<T>)
          converter(value -> parse(name, value, Long::valueOf, "must be an integer"));
    }
    if (rawType == Boolean.class) {
      return (ParamConverter<T>) converter(value -> bool(name, value));
    }
    if (rawType.isEnum()) {
      Class<? extends Enum> type = (Class<? extends Enum>) rawType;
      return (ParamConverter<T>) converter(value -> enumValue(name, value, type));
    }
    return null;
  }

  private static String parameterName(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a instanceof PathParam p) {
        return p.value();
      }
      if (a instanceof QueryParam q) {
        return q.value();
      }
    }
    return null;
  }

  private static <V> ParamConverter<V> converter(Function<String, V> parse) {
    return converter(parse, null);
  }

  private static <V> ParamConverter<V> converter(Function<String, V> parse, V absent) {
    return new ParamConverter<>() {
      @Override
      public V fromString(String value) {
        return value == null || value.isEmpty() ? absent : parse.apply(value);
      }

      @Override
      public String toString(V value) {
        return String.valueOf(value);
      }
    };
  }

  private static <V> V parse(String name, String value, Function<String, V> parse, String rule) {
    try {
      return parse.apply(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, rule);
    }
  }

  private static Boolean bool(String name, String value) {
    if ("true".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(value)) {
      return Boolean.FALSE;
    }
    throw ApiException.badRequest(name, "must be true or false");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Enum<?> enumValue(String name, String value, Class<? extends Enum> type) {
    for (Enum<?> constant : type.getEnumConstants()) {
      if (constant.name().equals(value) || constant.toString().equals(value)) {
        return constant;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(Object::toString)
            .collect(Collectors.joining(", "));
    throw ApiException.badRequest(name, "must be one of [" + allowed + "]");
  }
}
