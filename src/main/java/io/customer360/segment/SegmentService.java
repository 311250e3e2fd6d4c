package io.customer360.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.FieldError;
import io.customer360.common.Keys;
import io.customer360.common.PageInfo;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.CustomerQueryService;
import io.customer360.node.Node;
import io.customer360.search.CustomerSearch;
import io.customer360.search.query.QueryParser;
import io.customer360.search.query.SearchQuery;
import io.customer360.segment.SegmentRepository.Draft;
import io.customer360.workspace.Tenant;
import io.customer360.workspace.Workspace;
import io.customer360.workspace.WorkspaceSettings;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hibernate.JDBCException;

/**
 * Segments of a workspace (table {@code segment}, owned here): CRUD with the query checked by the
 * search feature's parser before anything is stored, and live counts from the customer index. Used
 * by the native API ({@code /hub/v1/workspaces/{ws}/segments}) and the Customer 360 dialect.
 *
 * <p>Rules (issue "segments"; DESIGN.md §6):
 *
 * <ul>
 *   <li>{@code name}: required, trimmed, 1–{@value #MAX_NAME} characters; unique in the workspace
 *       compared like keys ({@link Keys#normalizeKey}: NFC, case-insensitive), so "VIP" and "vip "
 *       are the same name (409);
 *   <li>{@code query}: the query object of spec §4 ({@code {name, query}}, the JSON the CU1 {@code
 *       query} parameter carries), parsed by {@link QueryParser} against the workspace's extended
 *       properties; a refusal is a 400 whose path lies inside {@code query} (e.g. {@code
 *       query.query.are.condition.attribute}); at most {@value #MAX_QUERY_CHARS} characters of
 *       compact JSON. Stored as the client wrote it;
 *   <li>{@code enabled}: default true (also on replace). A disabled segment keeps answering its
 *       count and customers; {@link #largest} leaves it out;
 *   <li>at most {@value #MAX_PER_WORKSPACE} segments per workspace (422 beyond), so {@link
 *       #largest} stays one bounded Elasticsearch request;
 *   <li>a stored query that no longer parses (an extended property it names was removed or stopped
 *       being indexed): {@link #contactCount} and {@link #findCustomers} answer 409 naming the path
 *       inside {@code query}; {@link #largest} skips the segment and logs it (a count of 0 would be
 *       a wrong answer, not a missing one). Replacing the query repairs it.
 * </ul>
 *
 * Counts follow the indexer (eventually consistent, like every search). No database connection is
 * held while Elasticsearch answers: reads end their session before the count is asked.
 */
@ApplicationScoped
public class SegmentService {

  /** Longest segment name, in characters after trimming. */
  public static final int MAX_NAME = 255;

  /** Longest query, in characters of its compact JSON (twice the CU1 query's URL budget). */
  public static final int MAX_QUERY_CHARS = 16_384;

  /** Most segments of one workspace. */
  public static final int MAX_PER_WORKSPACE = 1_000;

  /** A segment and its live number of customers on a node. */
  public record SegmentCount(Segment segment, long contactCount) {}

  private final SegmentRepository repository;
  private final CustomerSearch search;
  private final CustomerQueryService customers;

  SegmentService(
      SegmentRepository repository, CustomerSearch search, CustomerQueryService customers) {
    this.repository = repository;
    this.search = search;
    this.customers = customers;
  }

  /**
   * Segments of the workspace whose name contains {@code name} (null or blank: all; compared like
   * names are, case-insensitively in NFC), by name; {@code totalUnfilteredElements} counts every
   * segment of the workspace.
   */
  @WithSession
  public Uni<Paged<Segment>> list(UUID workspaceId, String name, PageRequest page) {
    String key = name == null ? null : Keys.normalizeKey(name, false);
    return repository
        .page(workspaceId, key, page.page(), page.size())
        .map(p -> new Paged<>(p.elements(), PageInfo.of(page, p.total(), p.unfiltered())));
  }

  /** One segment; 404 when the workspace has no such segment. */
  @WithSession
  public Uni<Segment> find(UUID workspaceId, UUID id) {
    return repository
        .find(workspaceId, id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Segment"));
  }

  /**
   * Creates a segment; 400 naming the field when {@code name} is blank or too long or {@code query}
   * does not parse against the workspace's attributes; 409 when the name is taken (also between
   * concurrent creates: exactly one wins); 422 when the workspace holds {@value #MAX_PER_WORKSPACE}
   * segments. Nothing is stored on any refusal.
   */
  public Uni<Segment> create(Workspace workspace, String name, JsonNode query, Boolean enabled) {
    return Uni.createFrom()
        .item(() -> draft(workspace, name, query, enabled))
        .chain(d -> insert(workspace.id(), d))
        .invoke(s -> Log.infof("segment %s created in workspace %s", s.id(), s.workspaceId()));
  }

  @WithTransaction
  Uni<Segment> insert(UUID workspaceId, Draft draft) {
    return repository
        .lockWorkspace(workspaceId)
        .chain(() -> repository.countAll(workspaceId))
        .invoke(
            n -> {
              if (n >= MAX_PER_WORKSPACE) {
                throw new ApiException(
                    422,
                    "A workspace holds at most " + MAX_PER_WORKSPACE + " segments",
                    List.of(
                        new FieldError(
                            "name",
                            "the workspace already holds " + MAX_PER_WORKSPACE + " segments")),
                    null);
              }
            })
        .chain(() -> repository.insert(workspaceId, draft))
        .onFailure(SegmentService::isUniqueViolation)
        .transform(e -> nameTaken());
  }

  /**
   * Replaces name, query and enabled (absent: true); same checks as {@link #create} (400, 409); 404
   * when absent.
   */
  public Uni<Segment> update(
      Workspace workspace, UUID id, String name, JsonNode query, Boolean enabled) {
    return Uni.createFrom()
        .item(() -> draft(workspace, name, query, enabled))
        .chain(d -> replace(workspace.id(), id, d));
  }

  @WithTransaction
  Uni<Segment> replace(UUID workspaceId, UUID id, Draft draft) {
    return repository
        .update(workspaceId, id, draft)
        .onFailure(SegmentService::isUniqueViolation)
        .transform(e -> nameTaken())
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Segment"));
  }

  /** Deletes a segment; 404 when absent. */
  @WithTransaction
  public Uni<Void> delete(UUID workspaceId, UUID id) {
    return repository
        .delete(workspaceId, id)
        .invoke(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound("Segment");
              }
            })
        .replaceWithVoid();
  }

  /**
   * The segment's live number of the node's customers (exact, from the customer index: one {@code
   * _count}, after one events search when the query has {@code did} clauses). {@code node} must be
   * an entry node or an ACTIVE aggregate node (else 400 naming nodeId); 404 when the segment is of
   * another workspace; 409 when its query no longer parses; 503 when the index cannot answer.
   */
  public Uni<Long> contactCount(Workspace workspace, Node node, Segment segment) {
    return Uni.createFrom()
        .item(() -> stored(workspace, segment))
        .chain(query -> search.count(workspace.id(), node, query));
  }

  /**
   * Every enabled segment of the workspace with its count on the node, largest first (name
   * tie-break, then id), at most {@code limit} ({@code limit} ≤ 0: none). One database read and one
   * Elasticsearch {@code _msearch} for all segments (plus one for the {@code did} clauses of all of
   * them, if any); segments whose stored query no longer parses are left out and logged. Same node
   * rules and failures as {@link #contactCount}.
   */
  public Uni<List<SegmentCount>> largest(Workspace workspace, Node node, int limit) {
    return enabled(workspace.id()).chain(all -> counted(workspace, node, all, limit));
  }

  @WithSession
  Uni<List<Segment>> enabled(UUID workspaceId) {
    return repository.findEnabled(workspaceId);
  }

  private Uni<List<SegmentCount>> counted(
      Workspace workspace, Node node, List<Segment> all, int limit) {
    List<Segment> countable = new ArrayList<>(all.size());
    List<SearchQuery> queries = new ArrayList<>(all.size());
    for (Segment s : all) {
      try {
        queries.add(stored(workspace, s));
        countable.add(s);
      } catch (ApiException e) {
        Log.warnf(
            "segment %s of workspace %s left out of the counts: %s",
            s.id(), workspace.id(), e.getMessage());
      }
    }
    return search
        .counts(workspace.id(), node, queries)
        .map(counts -> largestFirst(countable, counts, limit));
  }

  /** The segments with their counts, largest first, then by name key and id, at most limit. */
  static List<SegmentCount> largestFirst(List<Segment> segments, List<Long> counts, int limit) {
    List<SegmentCount> out = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      out.add(new SegmentCount(segments.get(i), counts.get(i)));
    }
    out.sort(
        Comparator.comparingLong(SegmentCount::contactCount)
            .reversed()
            .thenComparing(c -> nameKey(c.segment().name()))
            .thenComparing(c -> c.segment().id()));
    return limit <= 0 ? List.of() : List.copyOf(out.subList(0, Math.min(limit, out.size())));
  }

  /**
   * The segment's customers on a node exactly as CU1 answers them ({@link
   * CustomerQueryService#searchPage}: same paging, {@code fields}, {@code sort} and shape; the
   * caller needs read permission on the node), with the segment's query. 404 when the workspace has
   * no such segment; 409 when its query no longer parses. A disabled segment answers all the same.
   */
  public Uni<Paged<ObjectNode>> findCustomers(
      Tenant tenant, UUID id, UUID nodeId, String fields, String sort, Integer page, Integer size) {
    return find(tenant.workspaceId(), id)
        .invoke(segment -> stored(tenant.workspace(), segment))
        .chain(
            segment ->
                customers.searchPage(
                    tenant, nodeId, null, segment.query().toString(), fields, sort, page, size));
  }

  // ------------------------------------------------------------------------------ rules

  /** The checked segment to store: 400 naming {@code name} or the path inside {@code query}. */
  static Draft draft(Workspace workspace, String name, JsonNode query, Boolean enabled) {
    String trimmed = checkName(name);
    checkQuery(query, extendedSchema(workspace));
    return new Draft(trimmed, nameKey(trimmed), query, enabled == null || enabled);
  }

  /** The trimmed name; 400 naming {@code name} when missing, blank or too long. */
  static String checkName(String name) {
    if (name == null) {
      throw ApiException.badRequest("name", "is required");
    }
    String trimmed = name.strip();
    if (trimmed.isEmpty()) {
      throw ApiException.badRequest("name", "must not be blank");
    }
    if (trimmed.length() > MAX_NAME) {
      throw ApiException.badRequest("name", "must be at most " + MAX_NAME + " characters");
    }
    return trimmed;
  }

  /** The comparison form of a name: NFC, trimmed, lowercased ({@link Keys#normalizeKey}). */
  static String nameKey(String name) {
    return Keys.normalizeKey(name, false);
  }

  /**
   * The parsed query; 400 naming {@code query} when missing, not an object or too long, else the
   * parser's 400 naming the path inside it.
   */
  static SearchQuery checkQuery(JsonNode query, JsonNode extendedSchema) {
    if (query == null || query.isNull() || query.isMissingNode()) {
      throw ApiException.badRequest("query", "is required");
    }
    if (!query.isObject()) {
      throw ApiException.badRequest(
          "query", "must be a JSON object (a query of spec §4: {name, query})");
    }
    String text = query.toString();
    if (text.length() > MAX_QUERY_CHARS) {
      throw ApiException.badRequest(
          "query", "must not exceed " + MAX_QUERY_CHARS + " characters of JSON");
    }
    return QueryParser.parse(text, extendedSchema);
  }

  /**
   * The stored query of a segment of the workspace, parsed against the workspace's attributes as
   * they are now; 404 when the segment is of another workspace, 409 naming the path inside {@code
   * query} when it no longer parses.
   */
  static SearchQuery stored(Workspace workspace, Segment segment) {
    if (!segment.workspaceId().equals(workspace.id())) {
      throw ApiException.notFound("Segment");
    }
    try {
      return QueryParser.parse(segment.query().toString(), extendedSchema(workspace));
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      FieldError first =
          e.errors().isEmpty() ? new FieldError("query", e.getMessage()) : e.errors().get(0);
      throw ApiException.conflict(
          first.path(),
          "the segment's query no longer applies to the workspace's properties: "
              + first.path()
              + " "
              + first.message());
    }
  }

  private static JsonNode extendedSchema(Workspace workspace) {
    return workspace.setting(WorkspaceSettings.CUSTOMER_EXTENDED_PROPERTIES);
  }

  private static ApiException nameTaken() {
    return ApiException.conflict("name", "a segment with this name already exists");
  }

  /** Hibernate wraps the driver's error: looks for a unique violation along the causes. */
  private static boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (Db.isUniqueViolation(c)
          || c instanceof JDBCException j && Db.UNIQUE_VIOLATION.equals(j.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
