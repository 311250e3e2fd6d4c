package io.customer360.customer;

import io.customer360.common.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * What the customer feature needs from the session feature (dependency inversion: customer sits
 * below session): binding a session value to a customer inside the customer's write transaction, as
 * CU2, CU4 and CU5 do with {@code ?sessionId=} and SE2 does with its body (spec §1.13).
 *
 * <p>The one rule (issue 14, item 1): a value already bound to the same customer is accepted again
 * (idempotent); a value bound to another customer of the node is a 409 naming {@code field}. A
 * binding hands the session's anonymous events to the customer.
 */
public interface SessionBinder {

  /** The longest session value (spec §1.13 SE2). */
  int MAX_VALUE_LENGTH = 255;

  /**
   * Fails 400 naming {@code field} unless {@code value} is null (no session) or 1 to 255 characters
   * long: checked before any write.
   */
  static void requireValid(String value, String field) {
    if (value != null && (value.isBlank() || value.length() > MAX_VALUE_LENGTH)) {
      throw ApiException.badRequest(
          field, "must be 1 to " + MAX_VALUE_LENGTH + " characters long and not blank");
    }
  }

  /**
   * Binds {@code value} to {@code customer} in {@code tx}; {@code field} names the input in errors
   * (e.g. {@code sessionId} or {@code value}). Fails 400 on a blank or longer than 255 value.
   */
  Uni<Void> bind(SqlClient tx, Customer customer, String value, String field);
}
