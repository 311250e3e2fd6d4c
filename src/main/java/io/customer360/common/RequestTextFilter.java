package io.customer360.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses path parameters and query parameters whose text cannot be stored, before any resource,
 * tenancy check or query runs (issue 13, fault 4): each raw value must be well-formed
 * percent-encoded UTF-8 and its text must obey {@link SafeText}. The 400 answer names the
 * parameter.
 */
public class RequestTextFilter {

  static final String ENCODING_RULE = "must be valid percent-encoded UTF-8";

  /** Runs before authentication and tenancy, so no bad text reaches them. */
  @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
  public void checkParameters(ContainerRequestContext request) {
    URI uri = request.getUriInfo().getRequestUri();
    MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
    checkRawPath(uri.getRawPath(), path);
    checkRawQuery(uri.getRawQuery());
    for (Map.Entry<String, List<String>> parameter : path.entrySet()) {
      for (String value : parameter.getValue()) {
        if (!SafeText.isSafe(value)) {
          throw ApiException.badRequest(parameter.getKey(), SafeText.RULE);
        }
      }
    }
  }

  /** A malformed segment is named by the path parameter it became (decoded with U+FFFD). */
  private static void checkRawPath(String rawPath, MultivaluedMap<String, String> parameters) {
    if (rawPath == null) {
      return;
    }
    for (String segment : rawPath.split("/")) {
      String rule = ruleBroken(segment);
      if (rule != null) {
        throw ApiException.badRequest(parameterOf(segment, parameters), rule);
      }
    }
  }

  private static String parameterOf(String segment, MultivaluedMap<String, String> parameters) {
    String lenient =
        java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      for (String value : parameter.getValue()) {
        if (value.equals(lenient) || value.indexOf('\uFFFD') >= 0 || !SafeText.isSafe(value)) {
          return parameter.getKey();
        }
      }
    }
    return "path";
  }

  private static void checkRawQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String rule = ruleBroken(rawName);
      if (rule != null) {
        throw ApiException.badRequest("query", rule);
      }
      String name = decodeOrSelf(rawName);
      rule = eq < 0 ? null : ruleBroken(pair.substring(eq + 1));
      if (rule != null) {
        throw ApiException.badRequest(name, rule);
      }
    }
  }

  private static String decodeOrSelf(String raw) {
    try {
      return decode(raw.replace('+', ' '));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return raw;
    }
  }

  /** The rule a raw (still percent-encoded) value breaks, or null. */
  static String ruleBroken(String raw) {
    if (raw == null) {
      return null;
    }
    String text;
    try {
      text = decode(raw);
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return ENCODING_RULE;
    }
    return SafeText.isSafe(text) ? null : SafeText.RULE;
  }

  /** Strict percent-decoding: malformed escapes or bytes that are not UTF-8 fail. */
  static String decode(String raw) throws CharacterCodingException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("malformed escape");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes.toByteArray()))
        .toString();
  }
}
