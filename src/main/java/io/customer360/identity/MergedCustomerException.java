package io.customer360.identity;

import io.customer360.common.MovedException;
import java.util.Map;
import java.util.UUID;

/** A unified customer id that was merged away: answers 301 with the survivor's location. */
public class MergedCustomerException extends MovedException {

  private final UUID survivorId;

  public MergedCustomerException(UUID survivorId, String location) {
    super("The customer was merged into " + survivorId, location, Map.of("mergedInto", survivorId));
    this.survivorId = survivorId;
  }

  public UUID survivorId() {
    return survivorId;
  }
}
