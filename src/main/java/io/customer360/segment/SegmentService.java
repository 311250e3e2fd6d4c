package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.node.Node;
import io.customer360.workspace.Workspace;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Segments of a workspace (table {@code segment}, owned here): CRUD with the query checked by the
 * search feature's parser before anything is stored, and live counts from the customer index. Used
 * by the native API ({@code /hub/v1/workspaces/{ws}/segments}) and the Customer 360 dialect.
 */
@ApplicationScoped
public class SegmentService {

  /** A segment and its live number of customers on a node. */
  public record SegmentCount(Segment segment, long contactCount) {}

  /** Segments of the workspace whose name contains {@code name} (null: all), by name. */
  public Uni<Paged<Segment>> list(UUID workspaceId, String name, PageRequest page) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** One segment; 404 when the workspace has no such segment. */
  public Uni<Segment> find(UUID workspaceId, UUID id) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Creates a segment; 400 naming the field when {@code name} is blank or too long or {@code query}
   * does not parse against the workspace's attributes; 409 when the name is taken.
   */
  public Uni<Segment> create(Workspace workspace, String name, JsonNode query, Boolean enabled) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Replaces name, query and enabled; same checks as {@link #create}; 404 when absent. */
  public Uni<Segment> update(
      Workspace workspace, UUID id, String name, JsonNode query, Boolean enabled) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Deletes a segment; 404 when absent. */
  public Uni<Void> delete(UUID workspaceId, UUID id) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The segment's live number of the node's customers (exact, from the customer index). */
  public Uni<Long> contactCount(Workspace workspace, Node node, Segment segment) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * Every enabled segment of the workspace with its count on the node, largest first (name
   * tie-break), at most {@code limit}.
   */
  public Uni<List<SegmentCount>> largest(Workspace workspace, Node node, int limit) {
    throw new UnsupportedOperationException("not built yet");
  }
}
