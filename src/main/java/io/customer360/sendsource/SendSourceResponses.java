package io.customer360.sendsource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** The answers of the send-source operations, in the shapes of spec §1.17 and N18. */
public final class SendSourceResponses {

  private SendSourceResponses() {}

  /** SS1: one Contactsend subscription of the user DB. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SendSubscription(Long id, String name, String registrationField) {}

  /** SS2: one subscriber field of the user DB. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SubscriberField(String name, String type) {}

  /**
   * The send source inside a configuration: {@code token} is always null (tokens are stored hashed
   * and shown only on create and refresh); {@code properties} holds the configuration keys only.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({
    "provider",
    "properties",
    "id",
    "name",
    "description",
    "token",
    "nodes",
    "enabled"
  })
  public record ContactSendSource(
      String provider,
      JsonNode properties,
      UUID id,
      String name,
      String description,
      String token,
      List<UUID> nodes,
      boolean enabled) {}

  /**
   * SendSourceConfiguration (SS3-SS6): {@code portfolio} is the workspace's group, {@code id},
   * {@code name}, {@code industry} and {@code workspaceStatus} describe the workspace, {@code
   * nodeId}/{@code nodeName}/{@code nodeType} the node, {@code contactSendSource} the source.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({
    "portfolio",
    "id",
    "name",
    "industry",
    "workspaceStatus",
    "nodeId",
    "nodeName",
    "nodeType",
    "contactSendSource"
  })
  public record SendSourceConfiguration(
      long portfolio,
      String id,
      String name,
      String industry,
      String workspaceStatus,
      String nodeId,
      String nodeName,
      String nodeType,
      ContactSendSource contactSendSource) {}

  /** N18: one subscription a send source feeds into an entry node of the aggregate node. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"subscriptionId", "path", "entryNodeName", "entryNodeId", "type"})
  public record SendSourceSubscription(
      String subscriptionId, String path, String entryNodeName, UUID entryNodeId, String type) {}
}
