package io.customer360.identity;

import io.customer360.common.ApiException;
import java.util.UUID;

/** A unified customer id that was merged away: answers 301 with the survivor's location. */
public class MergedCustomerException extends ApiException {

  private final UUID survivorId;
  private final String location;

  public MergedCustomerException(UUID survivorId, String location) {
    super(301, "The customer was merged into " + survivorId);
    this.survivorId = survivorId;
    this.location = location;
  }

  public UUID survivorId() {
    return survivorId;
  }

  /** The survivor's path, for the Location header. */
  public String location() {
    return location;
  }
}
