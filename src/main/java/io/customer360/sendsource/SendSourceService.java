package io.customer360.sendsource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.sendsource.SendSourceResponses.ContactSendSource;
import io.customer360.sendsource.SendSourceResponses.SendSourceConfiguration;
import io.customer360.sendsource.SendSourceResponses.SendSourceSubscription;
import io.customer360.sendsource.SendSourceResponses.SendSubscription;
import io.customer360.sendsource.SendSourceResponses.SubscriberField;
import io.customer360.source.SendSourceProperties;
import io.customer360.source.Source;
import io.customer360.source.SourceProvider;
import io.customer360.source.SourceService;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceService;
import io.customer360.workspace.WorkspaceSettings;
import io.customer360.workspace.WorkspaceStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The send-source (Contactsend) operations (spec §1.17 SS1-SS6, §1.6 N18), read from the
 * configuration a CONTACTSEND source stores as its properties ({@link SendSourceProperties}). The
 * source feature owns the {@code source} table; this package only reads through {@link
 * SourceService}.
 *
 * <p>A configuration describes a source by its first node (a send source usually feeds one entry
 * node; {@code contactSendSource.nodes} lists them all); SS4 describes it by the node asked for.
 */
@ApplicationScoped
public class SendSourceService {

  private final SourceService sources;
  private final WorkspaceService workspaces;
  private final NodeService nodes;

  SendSourceService(SourceService sources, WorkspaceService workspaces, NodeService nodes) {
    this.sources = sources;
    this.workspaces = workspaces;
    this.nodes = nodes;
  }

  /** SS1: the Contactsend subscriptions of the workspace's send source of this user DB. */
  public Uni<List<SendSubscription>> subscriptions(Tenant tenant, String userdbId, String groupPk) {
    return byUserdb(tenant, userdbId, optionalGroupPk(groupPk))
        .map(
            s ->
                items(s, "sendSubscriptions").stream()
                    .map(
                        n ->
                            new SendSubscription(
                                n.path("id").isNumber() ? n.path("id").asLong() : null,
                                text(n, "name"),
                                text(n, "registrationField")))
                    .toList());
  }

  /** SS2: the subscriber fields of the workspace's send source of this user DB. */
  public Uni<List<SubscriberField>> subscriberFields(
      Tenant tenant, String userdbId, String groupPk) {
    return byUserdb(tenant, userdbId, optionalGroupPk(groupPk))
        .map(
            s ->
                items(s, "subscriberFields").stream()
                    .map(n -> new SubscriberField(text(n, "name"), text(n, "type")))
                    .toList());
  }

  /**
   * The workspace's send source of the user DB (and customer group, when given): the first created
   * enabled one, else the first created ({@link #first}); 404 when none. Without {@code groupPk},
   * 400 naming it when sources of several groups use that user DB id (only sources stored before a
   * send source's groupPk had to be its workspace's can do that).
   */
  private Uni<Source> byUserdb(Tenant tenant, String userdbId, Long groupPk) {
    Long userdb = number(userdbId);
    return sources
        .list(tenant.workspaceId())
        .map(
            all -> {
              List<Source> found =
                  all.stream()
                      .filter(s -> s.provider() == SourceProvider.CONTACTSEND)
                      .filter(s -> userdb != null && userdb.equals(longOf(s, "userdbId")))
                      .filter(s -> groupPk == null || groupPk.equals(longOf(s, "groupPk")))
                      .toList();
              if (found.isEmpty()) {
                throw ApiException.notFound("Send source");
              }
              if (groupPk == null
                  && found.stream().map(s -> longOf(s, "groupPk")).distinct().count() > 1) {
                throw ApiException.badRequest(
                    "groupPk", "is required: several customer groups use this user DB");
              }
              return first(found);
            });
  }

  /**
   * SS4: the configuration of the send source feeding this node (the first created); 404 if none.
   */
  public Uni<SendSourceConfiguration> forNode(Tenant tenant, String rawNodeId) {
    UUID nodeId = NodeService.nodeId(rawNodeId);
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .invoke(n -> tenant.requireRead(n.id()))
        .chain(
            node ->
                sources
                    .list(tenant.workspaceId())
                    .map(
                        all ->
                            all.stream()
                                .filter(SendSourceService::isSend)
                                .filter(s -> s.nodes().contains(nodeId))
                                .toList())
                    .map(
                        feeding -> {
                          if (feeding.isEmpty()) {
                            throw ApiException.notFound("Send source");
                          }
                          return configuration(tenant.workspace(), node, first(feeding));
                        }));
  }

  /**
   * The source a lookup that answers one configuration uses among several (SS1, SS2, SS4, SS5): the
   * first created enabled one, else (all disabled) the first created. {@code found} is in creation
   * order and not empty.
   */
  static Source first(List<Source> found) {
    return found.stream().filter(Source::enabled).findFirst().orElse(found.get(0));
  }

  /**
   * A {@code groupPk} of a path or query: a non-negative integer; 400 naming {@code groupPk}
   * otherwise (SS1, SS2, SS5 and SS6 answer alike).
   */
  static long groupPk(String raw) {
    String t = raw == null ? "" : raw.trim();
    if (!t.matches("[0-9]{1,18}")) {
      throw ApiException.badRequest("groupPk", "must be a non-negative integer");
    }
    return Long.parseLong(t);
  }

  /**
   * An optional {@code groupPk} query parameter: null when absent or blank, else {@link #groupPk}.
   */
  static Long optionalGroupPk(String raw) {
    return raw == null || raw.isBlank() ? null : groupPk(raw);
  }

  /**
   * N18: for each entry node of the aggregate node, in the aggregate's order, each subscription of
   * each send source feeding it: {@code subscriptionId} the Contacthub subscription ({@code hub}),
   * {@code path} the Contactsend one ({@code send}), {@code type} its {@code sendWfc}.
   */
  public Uni<List<SendSourceSubscription>> aggregateSubscriptions(
      Tenant tenant, String rawAggregateId) {
    UUID aggregateId = NodeService.nodeId(rawAggregateId);
    return nodes
        .findAggregate(tenant.workspaceId(), aggregateId)
        .invoke(n -> tenant.requireRead(n.id()))
        .chain(
            aggregate ->
                nodes
                    .findByWorkspaces(List.of(tenant.workspaceId()))
                    .chain(
                        all ->
                            sources
                                .list(tenant.workspaceId())
                                .map(list -> subscriptions(aggregate, all, list))));
  }

  private static List<SendSourceSubscription> subscriptions(
      Node aggregate, List<Node> all, List<Source> list) {
    Map<UUID, Node> byId = all.stream().collect(Collectors.toMap(Node::id, Function.identity()));
    List<SendSourceSubscription> out = new ArrayList<>();
    for (UUID entryId : aggregate.entryNodes()) {
      Node entry = byId.get(entryId);
      for (Source s : list) {
        if (!isSend(s) || !s.nodes().contains(entryId)) {
          continue;
        }
        for (JsonNode sub : items(s, "subscriptions")) {
          out.add(
              new SendSourceSubscription(
                  text(sub, "hub"),
                  text(sub, "send"),
                  entry == null ? null : entry.name(),
                  entryId,
                  text(sub, "sendWfc")));
        }
      }
    }
    return out;
  }

  /** SS3: every send source configuration of every workspace. */
  public Uni<List<SendSourceConfiguration>> all() {
    return configurations(null, null);
  }

  /** SS6: the send source configurations of one Contactsend customer group. */
  public Uni<List<SendSourceConfiguration>> byGroup(String groupPk) {
    return Uni.createFrom().item(() -> groupPk(groupPk)).chain(g -> configurations(g, null));
  }

  /**
   * SS5: the configuration of one user DB of one customer group ({@link #preferred}: the first
   * created enabled send source of an ENABLED workspace, else the first created enabled one, else
   * the first created); 404 when none (a non-numeric user DB matches none), 400 naming {@code
   * groupPk} when it is not a non-negative integer.
   */
  public Uni<SendSourceConfiguration> byUserdb(String groupPk, String userdbId) {
    return Uni.createFrom()
        .item(() -> groupPk(groupPk))
        .chain(
            group -> {
              Long userdb = number(userdbId);
              if (userdb == null) {
                return Uni.createFrom().failure(ApiException.notFound("Send source"));
              }
              return sources
                  .findSend(group, userdb)
                  .chain(this::configurations)
                  .map(
                      list -> {
                        if (list.isEmpty()) {
                          throw ApiException.notFound("Send source");
                        }
                        return preferred(list);
                      });
            });
  }

  /**
   * The configuration SS5 answers among several of one group and user DB, {@code list} in creation
   * order and not empty: the first created enabled source of an ENABLED workspace, else the first
   * created enabled source, else the first created (README, send sources).
   */
  static SendSourceConfiguration preferred(List<SendSourceConfiguration> list) {
    return list.stream()
        .filter(
            c ->
                c.contactSendSource().enabled()
                    && WorkspaceStatus.ENABLED.name().equals(c.workspaceStatus()))
        .findFirst()
        .or(() -> list.stream().filter(c -> c.contactSendSource().enabled()).findFirst())
        .orElse(list.get(0));
  }

  /**
   * The configurations of the send sources found across workspaces, with their workspaces and nodes
   * loaded in one read each (set-based, no read per source).
   */
  private Uni<List<SendSourceConfiguration>> configurations(Long groupPk, Long userdbId) {
    return sources.findSend(groupPk, userdbId).chain(this::configurations);
  }

  private Uni<List<SendSourceConfiguration>> configurations(List<Source> found) {
    return Uni.createFrom()
        .voidItem()
        .chain(
            () -> {
              if (found.isEmpty()) {
                return Uni.createFrom().item(List.<SendSourceConfiguration>of());
              }
              List<UUID> ids = found.stream().map(Source::workspaceId).distinct().toList();
              return workspaces
                  .findAll(ids)
                  .chain(
                      ws -> nodes.findByWorkspaces(ids).map(ns -> configurations(found, ws, ns)));
            });
  }

  private static List<SendSourceConfiguration> configurations(
      List<Source> found, List<Workspace> ws, List<Node> ns) {
    Map<UUID, Workspace> workspaceById = new HashMap<>();
    ws.forEach(w -> workspaceById.put(w.id(), w));
    Map<UUID, Node> nodeById = new HashMap<>();
    ns.forEach(n -> nodeById.put(n.id(), n));
    List<SendSourceConfiguration> out = new ArrayList<>();
    for (Source s : found) {
      Workspace w = workspaceById.get(s.workspaceId());
      if (w == null) {
        continue;
      }
      Node node = s.nodes().isEmpty() ? null : nodeById.get(s.nodes().get(0));
      out.add(configuration(w, node, s));
    }
    return out;
  }

  /** One SendSourceConfiguration (spec §1.17). */
  static SendSourceConfiguration configuration(Workspace w, Node node, Source s) {
    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    JsonNode stored =
        s.properties() == null ? JsonNodeFactory.instance.objectNode() : s.properties();
    for (String key : SendSourceProperties.CONFIGURATION_KEYS) {
      properties.set(key, stored.has(key) ? stored.get(key) : JsonNodeFactory.instance.nullNode());
    }
    return new SendSourceConfiguration(
        w.groupPk(),
        w.id().toString(),
        w.name(),
        w.config().path(WorkspaceSettings.INDUSTRY).asText(null),
        w.status().name(),
        node == null ? null : node.id().toString(),
        node == null ? null : node.name(),
        node == null ? null : node.type().name(),
        new ContactSendSource(
            s.provider().name(),
            properties,
            s.id(),
            s.name(),
            s.description(),
            null,
            s.nodes(),
            s.enabled()));
  }

  private static boolean isSend(Source s) {
    return s.provider() == SourceProvider.CONTACTSEND;
  }

  private static List<JsonNode> items(Source s, String key) {
    List<JsonNode> out = new ArrayList<>();
    if (s.properties() != null) {
      s.properties().path(key).forEach(out::add);
    }
    return out;
  }

  private static Long longOf(Source s, String key) {
    JsonNode v = s.properties() == null ? null : s.properties().get(key);
    return v != null && v.isIntegralNumber() ? v.asLong() : null;
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.path(key);
    return v.isTextual() ? v.asText() : null;
  }

  /** A path id as a number; null when it is not one (then nothing matches it). */
  private static Long number(String raw) {
    try {
      return raw == null ? null : Long.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
