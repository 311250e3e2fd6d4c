package io.customer360.customer;

import io.customer360.common.PageInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the customer resources as the OpenAPI document describes them (issue 14, item 8).
 * The resources read raw bytes (the payload limit is measured on the wire) and answer {@link
 * CustomerJson}'s rendering; these types only describe those JSON bodies and are never
 * instantiated. Shapes follow spec §2 (customer) and the seeds of CU1-CU5, X1, SB1-SB4 and P1-P6.
 */
public final class CustomerApiSchemas {

  private CustomerApiSchemas() {}

  static final String JSON = "application/json";

  /** Descriptions of the operation-specific error answers. */
  static final String NOT_FOUND = "No such customer the caller may read";

  static final String MOVED =
      "The unified customer was merged into another: Location names the survivor";
  static final String CONFLICT =
      "The unique key belongs to another customer, or the customer changed concurrently; retry";
  static final String TOO_LARGE = "The body is larger than 64 kB";
  static final String ITEM_NOT_FOUND = "No such customer the caller may read, or no such item";
  static final String ITEM_CONFLICT = "The customer already has an item with this id";
  static final String PROPERTY_NOT_FOUND = "No such base property";
  static final String NODE_NOT_FOUND = "The node does not exist in this workspace";

  /** A free-form JSON object. */
  @Schema(
      name = "CustomerObject",
      type = SchemaType.OBJECT,
      additionalProperties = Schema.True.class,
      description = "A JSON object")
  public static final class FreeObject {
    private FreeObject() {}
  }

  /** {@code base.contacts}: four strings and two arrays. */
  @Schema(name = "CustomerContacts", description = "The customer's contacts")
  public record Contacts(
      @Schema(format = "email") String email,
      String fax,
      @Schema(description = "As written; compared in E.164") String mobilePhone,
      String phone,
      List<FreeObject> otherContacts,
      List<FreeObject> mobileDevices) {}

  /** {@code base}: the 18 base properties (spec §2). */
  @Schema(
      name = "CustomerBase",
      description = "The base properties; a response carries all 18, unset ones null or []")
  public record Base(
      String pictureUrl,
      String title,
      String prefix,
      String firstName,
      String lastName,
      String middleName,
      String gender,
      @Schema(format = "date") String dob,
      String locale,
      String timezone,
      Contacts contacts,
      FreeObject address,
      FreeObject credential,
      List<FreeObject> educations,
      List<FreeObject> likes,
      FreeObject socialProfile,
      List<FreeObject> jobs,
      List<FreeObject> subscriptions) {}

  /** {@code tags}: automatic and manual tags. */
  @Schema(name = "CustomerTags", description = "Automatic and manual tags")
  public record Tags(List<String> auto, List<String> manual) {}

  /** The body of POST, PUT and PATCH (a PATCH may omit everything). */
  @Schema(
      name = "CustomerRequest",
      description =
          "A customer as a client writes it; system fields (id, version, registeredAt, ...) are"
              + " ignored, unknown properties are a 400")
  public record CustomerRequest(
      @Schema(required = true, description = "The entry node; immutable after the create")
          UUID nodeId,
      String externalId,
      Base base,
      FreeObject consents,
      @Schema(description = "Values of the workspace's extended properties") FreeObject extended,
      FreeObject extra,
      Tags tags,
      Boolean enabled) {}

  /** A customer as every endpoint answers it ({@link CustomerJson}). */
  @Schema(
      name = "Customer",
      description =
          "An entry customer, or a unified customer of an aggregate node (nodeId is then the"
              + " aggregate node; sourceInfo null)")
  public record CustomerResponse(
      UUID id,
      long intId,
      UUID nodeId,
      String externalId,
      Base base,
      FreeObject consents,
      FreeObject extended,
      FreeObject extra,
      Tags tags,
      boolean enabled,
      @Schema(format = "date-time", example = "2026-11-29T10:00:00.123Z") String registeredAt,
      @Schema(format = "date-time", example = "2026-11-29T10:00:00.123Z") String updatedAt,
      int version,
      int deleted,
      FreeObject sourceInfo) {}

  /** CU1: a page of customers. */
  @Schema(name = "CustomerPage", description = "A page of customers (at most the search cap)")
  public record CustomerPage(List<CustomerResponse> elements, PageInfo page) {}

  /** X1: the customer with all their events. */
  @Schema(
      name = "CustomerExport",
      description = "The customer with all their events (a unified customer: its members')")
  public record CustomerExport(CustomerResponse customer, List<FreeObject> events) {}

  /** An item of educations, jobs, likes or subscriptions, with its {@code id}. */
  @Schema(
      name = "CustomerItem",
      description = "An item of a customer collection, with its id",
      additionalProperties = Schema.True.class)
  public record Item(String id) {}

  /** The items of one collection. */
  @Schema(name = "CustomerItemList", description = "The items of one customer collection")
  public record ItemList(List<Item> elements) {}

  /** The body of POST /tags. */
  @Schema(name = "TagRequest", description = "A manual tag to add; no other property")
  public record TagRequest(@Schema(required = true) String tag) {}

  /** The body of PUT /configuration/properties/base/{name}. */
  @Schema(
      name = "BasePropertyRequest",
      description = "Only enabled changes; name and description may only repeat their value")
  public record BasePropertyRequest(String name, String description, Boolean enabled) {}
}
