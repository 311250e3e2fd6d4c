package io.customer360.api.customer360;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The data shapes of the Customer 360 dialect (seed 000 and spec customer360-api.md). Nullable
 * fields are always written ({@code null}, never left out), as the seed's tables type them.
 */
public final class Customer360Responses {

  private Customer360Responses() {}

  /** The overview (seed 000 "Get Customer 360 Overview"; definitions in the spec). */
  @Schema(name = "Customer360Overview")
  public record Overview(
      @Schema(description = "Customers of the view's node (not deleted)") long totalContacts,
      @Schema(description = "Those with an event in the last 90 days") long activeContacts,
      @Schema(
              description =
                  "Those registered since the first day of the current month in the workspace's"
                      + " timezone")
          long newContactsThisMonth,
      @Schema(description = "The workspace's enabled segments by contactCount, largest first (5)")
          List<TopSegment> topSegments,
      ChannelReach channelReach) {}

  /** One of the largest segments. */
  @Schema(name = "Customer360TopSegment")
  public record TopSegment(String id, String name, long contactCount) {}

  /** Customers reachable and not opted out, per channel (spec "Definitions"). */
  @Schema(name = "Customer360ChannelReach")
  public record ChannelReach(
      @Schema(description = "With an e-mail and not opted out of e-mail") long email,
      @Schema(description = "With a mobile phone and not opted out of SMS") long sms,
      @Schema(description = "With a mobile device with push and not opted out of push")
          long push) {}

  /** The customer profile object (seed 000 "Customer Profile Object"). */
  @Schema(name = "Customer360Profile")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({
    "id",
    "email",
    "phone",
    "firstName",
    "lastName",
    "country",
    "city",
    "language",
    "timezone",
    "tags",
    "attributes",
    "isSubscribed",
    "isSmsSubscribed",
    "isPushSubscribed",
    "lifetimeValue",
    "lastActiveAt",
    "createdAt"
  })
  public record Profile(
      @Schema(description = "The customer's id on the view's node (a unified customer's id)")
          String id,
      @Schema(nullable = true) String email,
      @Schema(nullable = true, description = "E.164", examples = "+971501234567") String phone,
      @Schema(nullable = true) String firstName,
      @Schema(nullable = true) String lastName,
      @Schema(nullable = true, description = "ISO 3166-1 alpha-2", examples = "AE") String country,
      @Schema(nullable = true) String city,
      @Schema(nullable = true, description = "ISO 639 language code", examples = "en")
          String language,
      @Schema(nullable = true, description = "IANA time zone") String timezone,
      @Schema(description = "Automatic and manual tags, without repeats") List<String> tags,
      @Schema(
              implementation = Object.class,
              description = "The extended properties, as the native API renders them")
          JsonNode attributes,
      boolean isSubscribed,
      boolean isSmsSubscribed,
      boolean isPushSubscribed,
      @Schema(nullable = true, description = "Sum of the completed orders' totals")
          Double lifetimeValue,
      @Schema(nullable = true, format = "date-time", description = "Date of the newest event")
          String lastActiveAt,
      @Schema(format = "date-time") String createdAt) {}

  /** The customer event object (seed 000 "Customer Event Object"). */
  @Schema(name = "Customer360Event")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({
    "id",
    "customerId",
    "type",
    "channel",
    "campaignId",
    "workflowId",
    "metadata",
    "occurredAt"
  })
  public record CustomerEvent(
      String id,
      @Schema(description = "The customer's id on the view's node") String customerId,
      @Schema(description = "email_opened, link_clicked, purchase, page_viewed, … (snake_case)")
          String type,
      @Schema(
              nullable = true,
              enumeration = {"EMAIL", "SMS", "PUSH", "WEB"})
          String channel,
      @Schema(nullable = true) String campaignId,
      @Schema(nullable = true) String workflowId,
      @Schema(
              implementation = Object.class,
              description = "The event's properties plus its tracking utm_* values")
          JsonNode metadata,
      @Schema(format = "date-time") String occurredAt) {}

  /** A segment of the dialect: a name and a Contacthub query with its live count. */
  @Schema(name = "Customer360Segment")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SegmentResponse(
      String id,
      String name,
      @Schema(
              implementation = Object.class,
              description = "The query object in the Contacthub query language")
          JsonNode query,
      boolean enabled,
      @Schema(
              nullable = true,
              description =
                  "Customers of the view's node the query matches now; null when the stored query"
                      + " no longer parses against the workspace's properties")
          Long contactCount,
      @Schema(format = "date-time") String createdAt,
      @Schema(format = "date-time") String updatedAt) {}

  /** The body of POST and PUT {@code /segments}. */
  @Schema(name = "Customer360SegmentRequest")
  public record SegmentRequest(
      @Schema(required = true, maxLength = 255) String name,
      @Schema(
              required = true,
              implementation = Object.class,
              description = "A query object of the Contacthub query language: {name, query}")
          JsonNode query,
      @Schema(description = "Default true") Boolean enabled) {}

  /** A page of a list: its elements and the paging block ({@code number} from 0). */
  @Schema(name = "Customer360Page")
  public record Page<T>(List<T> elements, PageBlock page) {}

  /** The paging block. */
  @Schema(name = "Customer360PageBlock")
  public record PageBlock(
      @Schema(description = "Elements per page") int size,
      @Schema(description = "Matches (up to the search cap of 10,000 for customers and events)")
          long totalElements,
      int totalPages,
      @Schema(description = "This page's number, from 0") int number) {

    static PageBlock of(int number, int size, long total) {
      int pages = size == 0 ? 0 : (int) ((total + size - 1) / size);
      return new PageBlock(size, total, pages, number);
    }
  }
}
