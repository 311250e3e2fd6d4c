package io.customer360.retention;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of the retention endpoints (spec §1.5 R1–R3, §1.6 N2/N3, N9–N12). */
public final class RetentionResponses {

  private RetentionResponses() {}

  /** EventRetentionPolicy: events of a type are kept this many months; 0 keeps them forever. */
  @RegisterForReflection
  @Schema(name = "EventRetentionPolicy")
  public record EventRetention(
      @Schema(
              description = "Months events are kept after their date; 0 = forever",
              minimum = "0",
              maximum = "" + RetentionRules.MAX_MONTHS)
          int months) {}

  /** N2/N3: a node's policy, its state and the per-type months it sets. */
  @RegisterForReflection
  @Schema(name = "NodeRetentionPolicy")
  public record NodeRetentionPolicy(boolean enabled, Map<String, EventRetention> events) {}

  /** N11/N12: a node policy's state. */
  @RegisterForReflection
  @Schema(name = "RetentionPolicyState")
  public record RetentionState(boolean enabled) {}

  /**
   * R1: the events of one node and type: the months that apply to them, how many there are, how
   * many are still kept ({@code valid}) and past their retention ({@code expired}, waiting for the
   * purge), and the date of the oldest one.
   */
  @RegisterForReflection
  @Schema(name = "RetentionPolicyStatus")
  public record RetentionStatus(
      int months, long total, long valid, long expired, String oldestDate) {}

  /** OpenAPI: the map event type → {@link EventRetention} (R2, R3, N9, N10). */
  @Schema(
      name = "RetentionPolicyByEvent",
      type = SchemaType.OBJECT,
      additionalProperties = EventRetention.class,
      description = "Event type to its retention")
  interface PolicyMap {}

  /** OpenAPI: the map event type → {@link RetentionStatus}, one node's part of R1. */
  @Schema(
      name = "RetentionStatusByEvent",
      type = SchemaType.OBJECT,
      additionalProperties = RetentionStatus.class,
      description = "Event type to the status of the node's events of that type")
  interface StatusByType {}

  /** OpenAPI: R1, node id → {@link StatusByType}. */
  @Schema(
      name = "RetentionStatusByNode",
      type = SchemaType.OBJECT,
      additionalProperties = StatusByType.class,
      description = "Node id to event type to status")
  interface StatusMap {}

  /** Months by type as the wire map type → {@code {"months": n}}, in the given order. */
  static Map<String, EventRetention> wire(Map<String, Integer> months) {
    Map<String, EventRetention> out = new LinkedHashMap<>();
    months.forEach((type, m) -> out.put(type, new EventRetention(m)));
    return out;
  }
}
