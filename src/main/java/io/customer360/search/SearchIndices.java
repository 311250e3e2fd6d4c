package io.customer360.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.Customer360Config;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Elasticsearch indices of one prefix ({@code customer360.search.index-prefix}): two aliases,
 * {@code {prefix}-customers} and {@code {prefix}-events}, each over one concrete index {@code
 * {prefix}-customers-<n>} / {@code {prefix}-events-<n>} (n: the creation time in milliseconds, a
 * "generation"), created from SearchMappings. Deletes name indices explicitly (no wildcard deletes,
 * which production clusters refuse).
 */
@ApplicationScoped
public class SearchIndices {

  /** A pair of concrete indices created together. */
  public record Generation(String customers, String events) {

    List<String> both() {
      return List.of(customers, events);
    }
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Elastic elastic;
  private final String prefix;
  private final String refreshInterval;

  SearchIndices(Elastic elastic, Customer360Config config) {
    this.elastic = elastic;
    this.prefix = config.search().indexPrefix();
    this.refreshInterval = timeValue(config.search().refreshInterval());
  }

  /** The index prefix. */
  public String prefix() {
    return prefix;
  }

  /** The alias every customer document (entry and unified) is written and searched through. */
  public String customersAlias() {
    return prefix + "-customers";
  }

  /** The alias every event document is written and searched through. */
  public String eventsAlias() {
    return prefix + "-events";
  }

  /** An Elasticsearch time value in milliseconds, e.g. {@code 200ms}. */
  static String timeValue(Duration d) {
    return d.toMillis() + "ms";
  }

  /** Drops every index of the prefix and creates a fresh pair behind the aliases. */
  public Uni<Void> recreate() {
    return concrete()
        .chain(this::delete)
        .chain(() -> create(refreshInterval))
        .chain(g -> alias(g, Set.of()));
  }

  /** Creates the aliases and their indices where they are missing (a fresh cluster). */
  public Uni<Void> ensure() {
    return aliased()
        .chain(
            current -> {
              if (current.size() == 2) {
                return Uni.createFrom().voidItem();
              }
              return create(refreshInterval).chain(this::swap);
            });
  }

  /**
   * Whether the customer alias points at an index created from an older mapping than {@link
   * SearchMappings#VERSION} (its {@code _meta.version}; an index without it is version 1). Such an
   * index lacks fields of the document contract, and its documents lack their values: it needs a
   * rebuild.
   */
  public Uni<Boolean> outdated() {
    return elastic
        .send("GET", "/" + customersAlias() + "/_mapping", null)
        .map(
            a -> {
              require(a, "read the mapping of " + customersAlias());
              for (JsonNode index : a.body()) {
                int version = index.path("mappings").path("_meta").path("version").asInt(1);
                if (version < SearchMappings.VERSION) {
                  return true;
                }
              }
              return false;
            });
  }

  /**
   * Creates a new pair of concrete indices; {@code building}: refresh off during a reindex ({@link
   * #finish} turns it on).
   */
  public Uni<Generation> create(boolean building) {
    return create(building ? "-1" : refreshInterval);
  }

  private Uni<Generation> create(String refresh) {
    long n = System.currentTimeMillis();
    Generation g = new Generation(customersAlias() + "-" + n, eventsAlias() + "-" + n);
    return put(g.customers(), SearchMappings.customers(), refresh)
        .chain(() -> put(g.events(), SearchMappings.events(), refresh))
        .replaceWith(g);
  }

  private Uni<Void> put(String index, ObjectNode mappings, String refresh) {
    return elastic
        .send("PUT", "/" + index, SearchMappings.createIndex(mappings, refresh).toString())
        .map(a -> require(a, "create index " + index));
  }

  /** Turns refresh back on after a build and refreshes once. */
  public Uni<Void> finish(Generation g) {
    String indices = String.join(",", g.both());
    ObjectNode settings = JSON.objectNode();
    settings.putObject("index").put("refresh_interval", refreshInterval);
    return elastic
        .send("PUT", "/" + indices + "/_settings", settings.toString())
        .map(a -> require(a, "settings of " + indices))
        .chain(() -> elastic.send("POST", "/" + indices + "/_refresh", null))
        .map(a -> require(a, "refresh " + indices));
  }

  /**
   * Points both aliases at the generation in one atomic alias update, then drops the indices they
   * pointed at before.
   */
  public Uni<Void> swap(Generation g) {
    return aliased().chain(old -> alias(g, old).chain(() -> delete(new ArrayList<>(old))));
  }

  private Uni<Void> alias(Generation g, Set<String> old) {
    ObjectNode body = JSON.objectNode();
    ArrayNode actions = body.putArray("actions");
    for (String index : old) {
      ObjectNode remove = actions.addObject().putObject("remove");
      remove.put("index", index);
      remove.put(
          "alias", index.startsWith(customersAlias() + "-") ? customersAlias() : eventsAlias());
    }
    add(actions, g.customers(), customersAlias());
    add(actions, g.events(), eventsAlias());
    return elastic.send("POST", "/_aliases", body.toString()).map(a -> require(a, "alias swap"));
  }

  private static void add(ArrayNode actions, String index, String alias) {
    ObjectNode add = actions.addObject().putObject("add");
    add.put("index", index);
    add.put("alias", alias);
    add.put("is_write_index", true);
  }

  /** The concrete indices the two aliases point at now (empty when absent). */
  public Uni<Set<String>> aliased() {
    return elastic
        .send("GET", "/_alias/" + customersAlias() + "," + eventsAlias(), null)
        .map(
            a -> {
              Set<String> out = new TreeSet<>();
              // 404 when an alias is missing; the body still lists those that exist.
              if (!a.ok() && a.status() != 404) {
                throw failure("read aliases", a);
              }
              a.body()
                  .fields()
                  .forEachRemaining(
                      e -> {
                        if (e.getValue().has("aliases")) {
                          out.add(e.getKey());
                        }
                      });
              return out;
            });
  }

  /** Every concrete index of the prefix, aliased or not. */
  public Uni<List<String>> concrete() {
    return elastic
        .send(
            "GET",
            "/_cat/indices/" + customersAlias() + "-*," + eventsAlias() + "-*",
            null,
            Map.of("format", "json", "h", "index"))
        .map(
            a -> {
              if (a.status() == 404) {
                return List.<String>of();
              }
              require(a, "list indices");
              List<String> out = new ArrayList<>();
              for (JsonNode row : a.body()) {
                out.add(row.path("index").asText());
              }
              return out;
            });
  }

  /** Drops the named indices (none: nothing). */
  public Uni<Void> delete(List<String> indices) {
    if (indices.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    String names = String.join(",", indices);
    return elastic
        .send("DELETE", "/" + names, null, Map.of("ignore_unavailable", "true"))
        .map(a -> require(a, "delete " + names));
  }

  static Void require(Elastic.Answer a, String what) {
    if (!a.ok()) {
      throw failure(what, a);
    }
    return null;
  }

  static IllegalStateException failure(String what, Elastic.Answer a) {
    return new IllegalStateException("Elasticsearch refused to " + what + ": " + a.reason());
  }
}
