package io.customer360.api.customer360;

import io.customer360.common.PathErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialect's answer to the errors the HTTP layer produces under {@code
 * /{locale}/api/customer360} before or outside its resources (an unknown sub-route 404, a wrong
 * method 405, {@code Accept} 406, the edge's 400, 413, 414, 415 and 431): the envelope with {@code
 * data: null}, the status repeated, and the message in the path's locale (English when the locale
 * is unsupported). A method the dialect never serves (e.g. {@code PATCH}) on one of its routes
 * answers 405, not the framework's 404 (spec customer360-api.md, seed 000).
 */
@ApplicationScoped
public class Customer360PathErrors implements PathErrors {

  private static final Pattern PATH = Pattern.compile("/([^/]*)/api/customer360(/.*)?");

  /** The dialect's routes after its base path (the resources' {@code @Path}s). */
  private static final Pattern ROUTES =
      Pattern.compile(
          "/?|/customers/?|/customers/[^/]+/?|/customers/[^/]+/events/?"
              + "|/segments/?|/segments/[^/]+/?");

  private static final Set<String> SERVED = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");

  @Override
  public Answer answer(String method, String path, int status) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return null;
    }
    int answered =
        status == 404
                && !SERVED.contains(method)
                && ROUTES.matcher(m.group(2) == null ? "" : m.group(2)).matches()
            ? 405
            : status;
    Customer360Messages messages = Customer360Locales.messagesOrEnglish(m.group(1));
    return new Answer(
        answered, Envelope.error(answered, Customer360Errors.generic(answered, messages)));
  }
}
