package io.customer360.updates;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.node.NodeService;
import io.customer360.stream.ChangeLog.Entity;
import io.customer360.stream.ChangeLog.Operation;
import io.customer360.stream.ChangeLogReader;
import io.customer360.stream.ChangeLogReader.Change;
import io.customer360.stream.ChangeLogReader.Filter;
import io.customer360.stream.ChangeLogReader.Page;
import io.customer360.updates.UpdateResponses.LastOffsetResponse;
import io.customer360.updates.UpdateResponses.Update;
import io.customer360.updates.UpdateResponses.UpdateEntity;
import io.customer360.updates.UpdateResponses.UpdatesResponse;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The public update stream (spec §1.18 US1, US2): a workspace's change log as the client sees it,
 * read through {@link ChangeLogReader}, so a client that follows {@code nextOffset} sees every
 * committed change exactly once, in order, and never one that rolled back.
 *
 * <p>Access: with {@code nodeId} the caller needs read permission on that node (an unknown node
 * answers 404, one the caller may not read 403); without it only the changes of the nodes the
 * caller may read are returned (ADMIN and CLAB_OPERATOR: all; a source: its nodes). A node's
 * changes are those of its own rows: an entry node's customers and events, an aggregate node's
 * unified customers.
 */
@ApplicationScoped
public class UpdateService {

  /** US2's size bounds and default (spec §5: [0..4000], default 50). */
  public static final int MAX_SIZE = 4000;

  public static final int DEFAULT_SIZE = 50;

  private final ChangeLogReader reader;
  private final NodeService nodes;
  private final Db db;

  UpdateService(ChangeLogReader reader, NodeService nodes, Db db) {
    this.reader = reader;
    this.nodes = nodes;
    this.db = db;
  }

  /** US1: the highest offset of the workspace's changes the caller may see; 0 when none. */
  public Uni<LastOffsetResponse> lastOffset(Tenant tenant, UUID nodeId, UpdateEntityType entity) {
    return scope(tenant, nodeId)
        .chain(n -> reader.lastOffset(tenant.workspaceId(), new Filter(n, entities(entity), null)))
        .map(LastOffsetResponse::new);
  }

  /**
   * US2: up to {@code size} changes after {@code offset} (excluded), at or after {@code timestamp}
   * (epoch ms; null: any), of the node and entity type if given.
   */
  public Uni<UpdatesResponse> updates(
      Tenant tenant, long offset, Long timestamp, int size, UUID nodeId, UpdateEntityType entity) {
    Instant since = timestamp == null ? null : Instant.ofEpochMilli(timestamp);
    return scope(tenant, nodeId)
        .chain(
            n ->
                reader.read(
                    tenant.workspaceId(), offset, size, new Filter(n, entities(entity), since)))
        .map(this::response);
  }

  /**
   * The nodes whose changes the caller gets: the named node (404 unknown, 403 not readable), else
   * the caller's readable nodes (null: every node).
   */
  private Uni<Set<UUID>> scope(Tenant tenant, UUID nodeId) {
    if (nodeId == null) {
      return Uni.createFrom().item(tenant.readableNodes());
    }
    return nodes
        .find(tenant.workspaceId(), nodeId)
        .map(
            node -> {
              tenant.requireRead(node.id());
              return Set.of(node.id());
            });
  }

  private static Set<Entity> entities(UpdateEntityType type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case CUSTOMER -> EnumSet.of(Entity.CUSTOMER, Entity.UNIFIED_CUSTOMER);
      case EVENT -> EnumSet.of(Entity.EVENT);
    };
  }

  private UpdatesResponse response(Page page) {
    return new UpdatesResponse(
        page.nextOffset(), page.changes().stream().map(this::update).toList());
  }

  private Update update(Change c) {
    return new Update(
        c.offset(),
        c.operation().name(),
        c.createdAt() == null ? 0 : c.createdAt().toEpochMilli(),
        new UpdateEntity(
            type(c.entity()).name(), kind(c.entity()), c.entityId(), c.nodeId(), data(c)));
  }

  /**
   * The row's data as written, except for an event's DELETE row, whose stored {@code {"type"}} is
   * kept for statistics only: a delete shows no data (and a forgotten customer's events none).
   */
  private JsonNode data(Change c) {
    if (c.entity() == Entity.EVENT && c.operation() == Operation.DELETE) {
      return null;
    }
    return db.tree(c.data());
  }

  private static UpdateEntityType type(Entity entity) {
    return entity == Entity.EVENT ? UpdateEntityType.EVENT : UpdateEntityType.CUSTOMER;
  }

  private static String kind(Entity entity) {
    return switch (entity) {
      case CUSTOMER -> "ENTRY";
      case UNIFIED_CUSTOMER -> "UNIFIED";
      case EVENT -> null;
    };
  }

  /** 400 unless {@code 0 <= size <= MAX_SIZE}; null is the default. */
  static int size(Integer size) {
    if (size == null) {
      return DEFAULT_SIZE;
    }
    if (size < 0 || size > MAX_SIZE) {
      throw ApiException.badRequest("size", "must be between 0 and " + MAX_SIZE);
    }
    return size;
  }

  /** 400 unless the value is at least 0; null stays null. */
  static Long nonNegative(String param, Long value) {
    if (value != null && value < 0) {
      throw ApiException.badRequest(param, "must be at least 0");
    }
    return value;
  }
}
