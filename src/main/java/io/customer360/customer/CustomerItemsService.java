package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.customer.CustomerService.Edit;
import io.customer360.customer.CustomerService.Edited;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The collections of a customer addressed one item at a time (educations, jobs, likes,
 * subscriptions; spec §1.13 SB1-SB4) and its manual tags. Each change is a customer write: locked,
 * validated (errors name the item's path in the document, e.g. {@code base.jobs[0].startDate}),
 * versioned, logged and seen by identity resolution. The customer's existence and the whole
 * document (shape, well-formed text, non-blank ids) are checked before the row is written; a
 * refused request writes nothing (issue 13, fault 9).
 */
@ApplicationScoped
public class CustomerItemsService {

  /** Route segment → the collection's property under base, and the item's name in errors. */
  static final Map<String, String> COLLECTIONS =
      Map.of(
          "educations", "Education",
          "jobs", "Job",
          "likes", "Like",
          "subscriptions", "Subscription");

  private final CustomerService customers;
  private final CustomerQueryService queries;

  CustomerItemsService(CustomerService customers, CustomerQueryService queries) {
    this.customers = customers;
    this.queries = queries;
  }

  /** The items of a collection, as stored. */
  public Uni<List<JsonNode>> list(Tenant tenant, UUID customerId, String collection) {
    String name = collection(collection);
    return queries.findEntry(tenant, customerId).map(c -> itemsOf(c, name));
  }

  private static List<JsonNode> itemsOf(Customer c, String name) {
    List<JsonNode> out = new ArrayList<>();
    c.document().path("base").path(name).forEach(out::add);
    return out;
  }

  /** One item by id; 404 when absent. */
  public Uni<JsonNode> find(Tenant tenant, UUID customerId, String collection, String itemId) {
    String name = collection(collection);
    return queries.findEntry(tenant, customerId).map(c -> item(c.writable(), name, itemId));
  }

  /**
   * Adds an item; an education, job or like without an id gets one (a subscription must carry one).
   * 400 on an invalid item or a blank id, 404 for an unknown customer, 409 when the id exists.
   */
  public Uni<JsonNode> create(Tenant tenant, UUID customerId, String collection, ObjectNode body) {
    String name = collection(collection);
    ObjectNode item = body.deepCopy();
    if (!item.hasNonNull("id")) {
      if (name.equals("subscriptions")) {
        throw ApiException.badRequest("id", "is required");
      }
      item.put("id", UUID.randomUUID().toString());
    }
    checkSubscription(name, item);
    String id = item.get("id").asText();
    return customers.edit(tenant, customerId, c -> added(c, name, id, item)).map(Edited::answer);
  }

  private static Edit<JsonNode> added(Customer c, String name, String id, ObjectNode item) {
    ObjectNode doc = c.writable();
    ArrayNode items = items(doc, name);
    if (indexOf(items, id) >= 0) {
      throw ApiException.conflict("id", "an item with this id exists already");
    }
    items.add(item);
    return new Edit<>(doc, item);
  }

  /** Replaces the item with this id (the path's id wins over the body's); 404 when absent. */
  public Uni<JsonNode> modify(
      Tenant tenant, UUID customerId, String collection, String itemId, ObjectNode body) {
    String name = collection(collection);
    if (body.hasNonNull("id") && !body.get("id").asText().equals(itemId)) {
      throw ApiException.badRequest("id", "must equal the id of the path");
    }
    ObjectNode item = body.deepCopy();
    item.put("id", itemId);
    checkSubscription(name, item);
    return customers
        .edit(tenant, customerId, c -> replaced(c, name, itemId, item))
        .map(Edited::answer);
  }

  private static Edit<JsonNode> replaced(Customer c, String name, String id, ObjectNode item) {
    ObjectNode doc = c.writable();
    ArrayNode items = items(doc, name);
    items.set(requireIndex(items, name, id), item);
    return new Edit<>(doc, item);
  }

  /** Removes the item and answers it; 404 when absent. */
  public Uni<JsonNode> delete(Tenant tenant, UUID customerId, String collection, String itemId) {
    String name = collection(collection);
    return customers.edit(tenant, customerId, c -> removed(c, name, itemId)).map(Edited::answer);
  }

  private static Edit<JsonNode> removed(Customer c, String name, String id) {
    ObjectNode doc = c.writable();
    ArrayNode items = items(doc, name);
    JsonNode gone = items.remove(requireIndex(items, name, id));
    return new Edit<>(doc, gone);
  }

  /** Adds a manual tag (no-op when present); auto tags are left alone. Answers the tags. */
  public Uni<JsonNode> addTag(Tenant tenant, UUID customerId, String tag) {
    if (tag == null || tag.isBlank()) {
      throw ApiException.badRequest("tag", "is required");
    }
    return customers.edit(tenant, customerId, c -> taggedWith(c, tag)).map(e -> tags(e.customer()));
  }

  private static Edit<Void> taggedWith(Customer c, String tag) {
    ObjectNode doc = c.writable();
    ArrayNode manual = manualTags(doc);
    for (JsonNode t : manual) {
      if (t.asText().equals(tag)) {
        return new Edit<>(doc, null);
      }
    }
    manual.add(tag);
    return new Edit<>(doc, null);
  }

  /** Removes a manual tag; removing an absent tag answers the tags unchanged. */
  public Uni<JsonNode> removeTag(Tenant tenant, UUID customerId, String tag) {
    return customers.edit(tenant, customerId, c -> untagged(c, tag)).map(e -> tags(e.customer()));
  }

  private static Edit<Void> untagged(Customer c, String tag) {
    ObjectNode doc = c.writable();
    ArrayNode manual = manualTags(doc);
    for (int i = manual.size() - 1; i >= 0; i--) {
      if (manual.get(i).asText().equals(tag)) {
        manual.remove(i);
      }
    }
    return new Edit<>(doc, null);
  }

  private static JsonNode tags(Customer c) {
    JsonNode tags = CustomerJson.render(c).get("tags");
    return tags.isObject() ? tags : JsonNodeFactory.instance.objectNode();
  }

  private static ArrayNode manualTags(ObjectNode doc) {
    JsonNode tags = doc.get("tags");
    ObjectNode t = tags instanceof ObjectNode o ? o : doc.putObject("tags");
    JsonNode manual = t.get("manual");
    return manual instanceof ArrayNode a ? a : t.putArray("manual");
  }

  /** A subscription is checked on its own first (SB1/SB3), with paths relative to the item. */
  private static void checkSubscription(String name, ObjectNode item) {
    if (name.equals("subscriptions")) {
      CustomerService.throwIfAny(CustomerValidator.validateSubscription(item));
    }
  }

  private static String collection(String segment) {
    if (!COLLECTIONS.containsKey(segment)) {
      throw ApiException.notFound("Collection");
    }
    return segment;
  }

  private static ArrayNode items(ObjectNode doc, String name) {
    JsonNode base = doc.get("base");
    ObjectNode b = base instanceof ObjectNode o ? o : doc.putObject("base");
    JsonNode items = b.get(name);
    return items instanceof ArrayNode a ? a : b.putArray(name);
  }

  private static int requireIndex(ArrayNode items, String name, String id) {
    int at = indexOf(items, id);
    if (at < 0) {
      throw ApiException.notFound(COLLECTIONS.get(name));
    }
    return at;
  }

  private static int indexOf(ArrayNode items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(items.get(i).path("id").asText(null))) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode item(ObjectNode doc, String name, String id) {
    JsonNode items = doc.path("base").path(name);
    for (JsonNode n : items) {
      if (id.equals(n.path("id").asText(null))) {
        return n;
      }
    }
    throw ApiException.notFound(COLLECTIONS.get(name));
  }
}
