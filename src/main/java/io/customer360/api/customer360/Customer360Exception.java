package io.customer360.api.customer360;

import java.util.function.Function;

/**
 * A refusal of the Customer 360 dialect: an HTTP status and a message chosen from the request's
 * {@link Customer360Messages} when the answer is written (so it is thrown before or without knowing
 * the locale). {@code retryAfterSeconds} (nullable) becomes a Retry-After header.
 */
public class Customer360Exception extends RuntimeException {

  private final int status;
  private final transient Function<Customer360Messages, String> message;
  private final Integer retryAfterSeconds;

  public Customer360Exception(
      int status, Function<Customer360Messages, String> message, Integer retryAfterSeconds) {
    super("customer360 " + status, null, false, false);
    this.status = status;
    this.message = message;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Customer360Exception(int status, Function<Customer360Messages, String> message) {
    this(status, message, null);
  }

  /** 400 naming the parameter and its rule. */
  public static Customer360Exception badParameter(
      String name, Function<Customer360Messages, String> rule) {
    return new Customer360Exception(400, m -> m.invalidParameter(name, rule.apply(m)));
  }

  public int status() {
    return status;
  }

  public String message(Customer360Messages messages) {
    return message.apply(messages);
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
