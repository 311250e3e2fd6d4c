package io.customer360.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.Db;
import io.customer360.common.Keys;
import io.customer360.common.PageRequest;
import io.customer360.common.Paged;
import io.customer360.customer.CustomerJson;
import io.customer360.node.NodeService;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Test fixture: writes entry customers straight into the customer table and calls the identity
 * hooks in the same transaction, exactly as the customer feature does (the aggregate nodes loaded
 * before the transaction); and exposes the unified reads of {@link IdentityService}.
 */
@Path("/hub/v1/workspaces/{workspaceId}/fixtures")
public class EntryCustomerFixtureResource {

  private static final List<String> DOCUMENT =
      List.of("base", "consents", "extended", "extra", "tags");

  private final Pool pool;
  private final Db db;
  private final IdentityService identity;
  private final NodeService nodes;
  private final Tenant tenant;

  EntryCustomerFixtureResource(
      Pool pool, Db db, IdentityService identity, NodeService nodes, Tenant tenant) {
    this.pool = pool;
    this.db = db;
    this.identity = identity;
    this.nodes = nodes;
    this.tenant = tenant;
  }

  /** Body: {nodeId, externalId, base, consents, extended, extra, tags, sourceInfo}. */
  @POST
  @Path("/entry-customers")
  public Uni<JsonNode> create(@PathParam("workspaceId") String workspaceId, ObjectNode body) {
    UUID ws = tenant.workspaceId();
    UUID nodeId = UUID.fromString(body.path("nodeId").asText());
    return prepare(nodeId).chain(aggregates -> create(ws, nodeId, aggregates, body));
  }

  private Uni<JsonNode> create(
      UUID ws, UUID nodeId, IdentityService.Aggregates aggregates, ObjectNode body) {
    return pool.withTransaction(
        tx ->
            written(
                tx,
                ws,
                aggregates,
                tx.preparedQuery(
                        "insert into customer as c (id, workspace_id, node_id, external_id, document,"
                            + " enabled, registered_at, updated_at, version, source_info, unique_key)"
                            + " values ($1, $2, $3, $4, $5::text::jsonb, true, clock_timestamp(),"
                            + " clock_timestamp(), 1, $6::text::jsonb, $7) returning "
                            + IdentityRepository.CUSTOMER_JSON
                            + " as customer")
                    .execute(
                        Tuple.from(
                            Arrays.asList(
                                UUID.randomUUID(),
                                ws,
                                nodeId,
                                text(body, "externalId"),
                                db.json(document(body)),
                                db.json(sourceInfo(body)),
                                uniqueKey(body))))
                    .map(rows -> db.object(rows.iterator().next().getString("customer")))));
  }

  /** The unique key of the default policy (externalId, case-insensitive), as real writes set it. */
  private static String uniqueKey(ObjectNode body) {
    return Keys.normalizeKey(text(body, "externalId"), false);
  }

  /** Replaces the customer's externalId and document. */
  @PUT
  @Path("/entry-customers/{id}")
  public Uni<JsonNode> replace(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id, ObjectNode body) {
    UUID ws = tenant.workspaceId();
    return prepareFor(ws, id).chain(aggregates -> replace(ws, id, aggregates, body));
  }

  private Uni<JsonNode> replace(
      UUID ws, UUID id, IdentityService.Aggregates aggregates, ObjectNode body) {
    return pool.withTransaction(
        tx ->
            written(
                tx,
                ws,
                aggregates,
                tx.preparedQuery(
                        "update customer as c set external_id = $3, document = $4::text::jsonb,"
                            + " source_info = $5::text::jsonb, unique_key = $6,"
                            + " updated_at = clock_timestamp(),"
                            + " version = version + 1 where id = $1 and workspace_id = $2 returning "
                            + IdentityRepository.CUSTOMER_JSON
                            + " as customer")
                    .execute(
                        Tuple.from(
                            Arrays.asList(
                                id,
                                ws,
                                text(body, "externalId"),
                                db.json(document(body)),
                                db.json(sourceInfo(body)),
                                uniqueKey(body))))
                    .map(
                        rows -> {
                          if (rows.size() == 0) {
                            throw ApiException.notFound("Customer");
                          }
                          return db.object(rows.iterator().next().getString("customer"));
                        })));
  }

  @DELETE
  @Path("/entry-customers/{id}")
  public Uni<Void> delete(@PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id) {
    UUID ws = tenant.workspaceId();
    return prepareFor(ws, id)
        .chain(
            aggregates ->
                pool.withTransaction(
                    tx ->
                        identity
                            .entryCustomerDeleted(tx, aggregates, ws, id)
                            .chain(
                                () ->
                                    tx.preparedQuery("delete from customer where id = $1")
                                        .execute(Tuple.of(id)))
                            .replaceWithVoid()));
  }

  private Uni<IdentityService.Aggregates> prepare(UUID nodeId) {
    return identity.prepare(nodeId, MatchKeys.DEFAULT_PHONE_REGION);
  }

  /** The aggregates over the entry node of customer {@code id}; 404 when there is none. */
  private Uni<IdentityService.Aggregates> prepareFor(UUID ws, UUID id) {
    return pool.preparedQuery("select node_id from customer where id = $1 and workspace_id = $2")
        .execute(Tuple.of(id, ws))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                throw ApiException.notFound("Customer");
              }
              return prepare(rows.iterator().next().getUUID("node_id"));
            });
  }

  @GET
  @Path("/unified/{id}")
  public Uni<ObjectNode> unified(
      @PathParam("workspaceId") String workspaceId, @PathParam("id") UUID id) {
    return identity
        .findUnified(tenant.workspaceId(), id)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("Customer"))
        .map(EntryCustomerFixtureResource::rendered);
  }

  /** The wire shape plus, for these tests only, the number of members. */
  private static ObjectNode rendered(UnifiedCustomer u) {
    return CustomerJson.render(u).put("entryCustomers", u.members());
  }

  /**
   * The unified customers of an aggregate node straight from PostgreSQL (the API's CU1 search reads
   * the index), newest update first, optionally those with a member of that external id (compared
   * case-insensitively).
   */
  private static final String UNIFIED_PAGE =
      """
      with matches as (
        select u.id, u.updated_at from unified_customer u
         where u.aggregate_node_id = $1 and u.workspace_id = $2
           and ($3::text is null or exists (
             select 1 from unified_member m join customer c on c.id = m.customer_id
              where m.unified_id = u.id and lower(c.external_id) = lower($3))))
      select id, (select count(*) from matches) as total from matches
       order by updated_at desc, id desc limit $4 offset $5""";

  @GET
  @Path("/unified")
  public Uni<Paged<ObjectNode>> search(
      @PathParam("workspaceId") String workspaceId,
      @QueryParam("nodeId") UUID nodeId,
      @QueryParam("externalId") String externalId,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    UUID ws = tenant.workspaceId();
    PageRequest request = PageRequest.of(page, size, 10, 1000, 100);
    return nodes
        .findAggregate(ws, nodeId)
        .chain(
            node ->
                pool.preparedQuery(UNIFIED_PAGE)
                    .execute(
                        Tuple.from(
                            Arrays.asList(
                                node.id(), ws, externalId, request.size(), request.offset()))))
        .chain(
            rows -> {
              List<UUID> ids = new java.util.ArrayList<>();
              long[] total = {0};
              rows.forEach(
                  r -> {
                    ids.add(r.getUUID("id"));
                    total[0] = r.getLong("total");
                  });
              return identity
                  .findUnifiedAll(ws, ids)
                  .map(
                      found -> {
                        java.util.Map<UUID, UnifiedCustomer> byId = new java.util.HashMap<>();
                        found.forEach(u -> byId.put(u.id(), u));
                        return new Paged<>(
                            ids.stream()
                                .map(byId::get)
                                .map(EntryCustomerFixtureResource::rendered)
                                .toList(),
                            io.customer360.common.PageInfo.capped(
                                request, total[0], total[0], 10000));
                      });
            });
  }

  private Uni<JsonNode> written(
      SqlClient tx, UUID ws, IdentityService.Aggregates aggregates, Uni<ObjectNode> row) {
    return row.call(
            c ->
                identity.entryCustomerWritten(
                    tx,
                    aggregates,
                    new EntryCustomer(
                        ws,
                        UUID.fromString(c.path("nodeId").asText()),
                        UUID.fromString(c.path("id").asText()),
                        c,
                        OffsetDateTime.parse(c.path("registeredAt").asText()),
                        OffsetDateTime.parse(c.path("updatedAt").asText()))))
        .map(c -> (JsonNode) c);
  }

  private ObjectNode document(ObjectNode body) {
    ObjectNode doc = db.mapper().createObjectNode();
    DOCUMENT.forEach(p -> doc.set(p, body.has(p) ? body.get(p) : null));
    return doc;
  }

  private ObjectNode sourceInfo(ObjectNode body) {
    return body.has("sourceInfo")
        ? (ObjectNode) body.get("sourceInfo")
        : db.mapper().createObjectNode().putNull("registeredBy").putNull("updatedBy");
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
