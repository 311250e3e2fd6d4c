package io.customer360.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.PageRequest;
import io.customer360.node.Node;
import io.customer360.search.query.SearchQuery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The read model of customer profiles over the Elasticsearch customer index, for read-side features
 * that answer from the index rather than PostgreSQL (Customer 360, seed 000: "profiles are resolved
 * from the customer index"). A node's customers are its entry customers (entry node, documents of
 * kind ENTRY) or its unified customers (ACTIVE aggregate node, kind UNIFIED).
 *
 * <p>A profile document is the customer document of {@link SearchDocuments} (system fields, {@code
 * base}, {@code consents}, {@code tags}, {@code memberIds}, ...), {@code extendedSource} (the
 * customer's whole {@code extended} object as the API renders it, stored but not indexed) and the
 * activity summary the indexer computes from the customer's events (for a unified customer: its
 * members' events): {@code activity.lastEventAt} (ISO-8601 date-time of the newest event, null when
 * none), {@code activity.lifetimeValue} (sum of {@code properties.amount.total} over completedOrder
 * events, null when none), {@code activity.eventCount}. Every method fails with 503 and Retry-After
 * when the index cannot answer.
 */
@ApplicationScoped
public class CustomerProfiles {

  /**
   * The document of one of the node's customers, as stored (without the typed-value arrays), or
   * empty when the index holds no such customer for this workspace and node (deleted documents
   * included).
   */
  public Uni<Optional<ObjectNode>> profile(UUID workspaceId, Node node, UUID customerId) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * One page of the node's profile documents, newest registration first (id tie-break), filtered by
   * {@code filter}; {@code total} counts matches up to the search cap.
   */
  public Uni<ProfilePage> profiles(
      UUID workspaceId, Node node, ProfileFilter filter, PageRequest page) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * The overview counts of the node's customers, from one aggregation request: total (not deleted),
   * active (an event at or after {@code activeSince}), registered at or after {@code
   * registeredSince}, and reach per channel (spec customer360-api.md "Definitions").
   */
  public Uni<Overview> overview(
      UUID workspaceId, Node node, Instant activeSince, Instant registeredSince) {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * What a profile page is filtered by; each null part means no filter.
   *
   * @param prefix a prefix of the first name, last name, e-mail or phone, case and accents ignored
   * @param segment a segment's query (Contacthub query language, parsed)
   * @param tag a tag the customer carries (auto or manual)
   */
  public record ProfileFilter(String prefix, SearchQuery segment, String tag) {}

  /** A page of profile documents and the number of matches (up to the search cap). */
  public record ProfilePage(List<ObjectNode> documents, long total) {}

  /**
   * Overview counts of a node's customers (not deleted).
   *
   * @param total customers
   * @param active customers with an event since the given instant
   * @param registeredSince customers registered since the given instant
   * @param emailReach customers with an e-mail and not opted out of e-mail
   * @param smsReach customers with a mobile phone and not opted out of SMS
   * @param pushReach customers with at least one mobile device with push and not opted out of push
   */
  public record Overview(
      long total,
      long active,
      long registeredSince,
      long emailReach,
      long smsReach,
      long pushReach) {}
}
