package io.customer360.common;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * Converts UUID path and query parameters so that a malformed id answers 400 naming the parameter,
 * instead of JAX-RS's bare 404.
 */
@Provider
public class UuidParamConverterProvider implements ParamConverterProvider {

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    if (rawType != UUID.class) {
      return null;
    }
    String name = "id";
    for (Annotation a : annotations) {
      if (a instanceof PathParam p) {
        name = p.value();
      } else if (a instanceof QueryParam q) {
        name = q.value();
      }
    }
    String field = name;
    return (ParamConverter<T>)
        new ParamConverter<UUID>() {
          @Override
          public UUID fromString(String value) {
            return value == null || value.isEmpty() ? null : Ids.uuid(field, value);
          }

          @Override
          public String toString(UUID value) {
            return value.toString();
          }
        };
  }
}
