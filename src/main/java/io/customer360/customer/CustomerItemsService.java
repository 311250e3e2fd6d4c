package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.ApiException;
import io.customer360.common.FieldError;
import io.customer360.workspace.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The collections of a customer addressed one item at a time (educations, jobs, likes,
 * subscriptions) and its manual tags. Each change is a customer write: locked, validated,
 * versioned, logged and seen by identity resolution.
 */
@ApplicationScoped
public class CustomerItemsService {

  /** Route segment → the collection's property under base. */
  static final Map<String, String> COLLECTIONS =
      Map.of(
          "educations", "educations",
          "jobs", "jobs",
          "likes", "likes",
          "subscriptions", "subscriptions");

  private final CustomerService customers;

  CustomerItemsService(CustomerService customers) {
    this.customers = customers;
  }

  public Uni<List<JsonNode>> list(Tenant tenant, UUID customerId, String collection) {
    String name = collection(collection);
    return customers
        .findEntry(tenant, customerId)
        .map(
            c -> {
              List<JsonNode> out = new ArrayList<>();
              c.document().path("base").path(name).forEach(out::add);
              return out;
            });
  }

  public Uni<JsonNode> find(Tenant tenant, UUID customerId, String collection, String itemId) {
    String name = collection(collection);
    return customers.findEntry(tenant, customerId).map(c -> item(c.writable(), name, itemId));
  }

  /** Adds an item; an education, job or like without an id gets one. 409 when the id exists. */
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
    return customers
        .update(
            tenant,
            customerId,
            doc -> {
              ArrayNode items = items(doc, name);
              if (indexOf(items, id) >= 0) {
                throw ApiException.conflict("id", "an item with this id exists already");
              }
              items.add(item);
              return doc;
            })
        .map(c -> item(c.writable(), name, id));
  }

  /** Replaces the item with this id (the path's id wins over the body's). */
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
        .update(
            tenant,
            customerId,
            doc -> {
              ArrayNode items = items(doc, name);
              int at = indexOf(items, itemId);
              if (at < 0) {
                throw ApiException.notFound(singular(name));
              }
              items.set(at, item);
              return doc;
            })
        .map(c -> item(c.writable(), name, itemId));
  }

  /** Removes the item and answers it. */
  public Uni<JsonNode> delete(Tenant tenant, UUID customerId, String collection, String itemId) {
    String name = collection(collection);
    AtomicReference<JsonNode> removed = new AtomicReference<>();
    return customers
        .update(
            tenant,
            customerId,
            doc -> {
              ArrayNode items = items(doc, name);
              int at = indexOf(items, itemId);
              if (at < 0) {
                throw ApiException.notFound(singular(name));
              }
              removed.set(items.remove(at));
              return doc;
            })
        .map(c -> removed.get());
  }

  /** Adds a manual tag (no-op when present); auto tags are left alone. */
  public Uni<JsonNode> addTag(Tenant tenant, UUID customerId, String tag) {
    if (tag == null || tag.isBlank()) {
      throw ApiException.badRequest("tag", "is required");
    }
    return customers
        .update(
            tenant,
            customerId,
            doc -> {
              ArrayNode manual = manualTags(doc);
              for (JsonNode t : manual) {
                if (t.asText().equals(tag)) {
                  return doc;
                }
              }
              manual.add(tag);
              return doc;
            })
        .map(c -> tags(c));
  }

  /** Removes a manual tag; removing an absent tag answers the tags unchanged. */
  public Uni<JsonNode> removeTag(Tenant tenant, UUID customerId, String tag) {
    return customers
        .update(
            tenant,
            customerId,
            doc -> {
              ArrayNode manual = manualTags(doc);
              for (int i = manual.size() - 1; i >= 0; i--) {
                if (manual.get(i).asText().equals(tag)) {
                  manual.remove(i);
                }
              }
              return doc;
            })
        .map(c -> tags(c));
  }

  private static JsonNode tags(Customer c) {
    JsonNode tags = c.document().path("tags");
    return tags.isObject() ? tags : JsonNodeFactory.instance.objectNode();
  }

  private static ArrayNode manualTags(ObjectNode doc) {
    JsonNode tags = doc.get("tags");
    ObjectNode t = tags instanceof ObjectNode o ? o : doc.putObject("tags");
    JsonNode manual = t.get("manual");
    return manual instanceof ArrayNode a ? a : t.putArray("manual");
  }

  private static void checkSubscription(String name, ObjectNode item) {
    if (name.equals("subscriptions")) {
      List<FieldError> errors = CustomerValidator.validateSubscription(item);
      CustomerService.throwIfAny(errors);
    }
  }

  private static String collection(String segment) {
    String name = COLLECTIONS.get(segment);
    if (name == null) {
      throw ApiException.notFound("Collection");
    }
    return name;
  }

  private static ArrayNode items(ObjectNode doc, String name) {
    JsonNode base = doc.get("base");
    ObjectNode b = base instanceof ObjectNode o ? o : doc.putObject("base");
    JsonNode items = b.get(name);
    return items instanceof ArrayNode a ? a : b.putArray(name);
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
    throw ApiException.notFound(singular(name));
  }

  private static String singular(String name) {
    return switch (name) {
      case "educations" -> "Education";
      case "jobs" -> "Job";
      case "likes" -> "Like";
      default -> "Subscription";
    };
  }
}
