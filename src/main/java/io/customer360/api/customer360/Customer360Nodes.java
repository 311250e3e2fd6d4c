package io.customer360.api.customer360;

import io.customer360.common.ApiException;
import io.customer360.node.Node;
import io.customer360.node.NodeService;
import io.customer360.workspace.EventLoop;
import io.customer360.workspace.Workspace;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Which node's customers the Customer 360 view reads (DESIGN.md §6; the item 4): the
 * workspace setting {@code customer360NodeId} when set (an entry node, or an aggregate node that
 * must be ACTIVE to have unified customers); else the workspace's only ACTIVE aggregate node; else,
 * when it has no ACTIVE aggregate node, its only entry node. Anything else answers 409 in the
 * envelope: several ACTIVE aggregate nodes, no node at all, several entry nodes and no aggregate
 * one, or a configured node that is gone or not ACTIVE. Both lookups are cached (the configured
 * node through NodeService, the workspace's nodes here, {@code customer360-nodes}, 5 s), so the hot
 * paths touch PostgreSQL only on a cache miss.
 */
@ApplicationScoped
public class Customer360Nodes {

  private final NodeService nodes;
  private final EventLoop loop;
  private final Cache cache;

  Customer360Nodes(NodeService nodes, EventLoop loop, @CacheName("customer360-nodes") Cache cache) {
    this.nodes = nodes;
    this.loop = loop;
    this.cache = cache;
  }

  /** The view's node of the workspace; 409 when it cannot be chosen (see the class comment). */
  public Uni<Node> nodeOf(Workspace workspace) {
    UUID configured = workspace.customer360NodeId();
    if (configured != null) {
      return nodes
          .find(workspace.id(), configured)
          .onFailure(Customer360Nodes::isNotFound)
          .transform(e -> new Customer360Exception(409, m -> m.nodeGone(configured.toString())))
          .map(Customer360Nodes::usable);
    }
    return cache
        .<UUID, List<Node>>getAsync(
            workspace.id(), id -> loop.call(() -> nodes.findByWorkspaces(List.of(id))))
        .map(Customer360Nodes::choose);
  }

  private static Node usable(Node node) {
    if (!node.isEntry() && !node.isActiveAggregate()) {
      throw new Customer360Exception(409, m -> m.nodeNotActive(node.id().toString()));
    }
    return node;
  }

  /**
   * The default choice among a workspace's nodes: the only ACTIVE aggregate node, else (no ACTIVE
   * aggregate node) the only entry node; 409 otherwise.
   */
  static Node choose(List<Node> all) {
    List<Node> aggregates = all.stream().filter(Node::isActiveAggregate).toList();
    if (aggregates.size() == 1) {
      return aggregates.get(0);
    }
    List<Node> entries = all.stream().filter(Node::isEntry).toList();
    if (aggregates.isEmpty() && entries.size() == 1) {
      return entries.get(0);
    }
    throw new Customer360Exception(409, Customer360Messages::nodeNotChosen);
  }

  private static boolean isNotFound(Throwable e) {
    return e instanceof ApiException a && a.status() == 404;
  }
}
