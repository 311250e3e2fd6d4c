package io.customer360.search;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The explicit Elasticsearch mappings of the two indices (the document contract the indexer writes
 * and the query translator reads). The root is {@code dynamic: false}: nothing unmapped is ever
 * indexed. Strings are {@code keyword} with the built-in {@code lowercase} normalizer; dates and
 * numbers set {@code ignore_malformed} so that a stored oddity never fails a bulk item; {@code
 * extended} (customers) and {@code properties} (events) are {@code nested} arrays of {@code {name,
 * s, n, b, d}}, one mapping for every workspace.
 *
 * <p>The customer mapping carries its {@link #VERSION} in {@code _meta.version}; an index created
 * from an older mapping is rebuilt (SearchIndexer requests a reindex when it starts leading), so
 * fields added to the contract reach every document, not only those written after the change.
 */
public final class SearchMappings {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * The version of the customer mapping, stored in the index's {@code _meta.version}: 1 (no {@code
   * _meta}) before the activity summary; 2 adds {@code activity}, {@code extendedSource} and {@code
   * pushDevice}. Raise it with every change of the document contract.
   */
  public static final int VERSION = 2;

  /** Longest keyword value indexed (Lucene refuses terms above 32766 bytes). */
  static final int IGNORE_ABOVE = 8191;

  private SearchMappings() {}

  /**
   * The body of a create-index request: one shard, no replicas, the given refresh interval (an
   * Elasticsearch time value such as {@code 200ms}, or {@code -1} while a reindex builds).
   */
  public static ObjectNode createIndex(ObjectNode mappings, String refreshInterval) {
    ObjectNode body = JSON.objectNode();
    ObjectNode index = body.putObject("settings").putObject("index");
    index.put("number_of_shards", 1);
    index.put("number_of_replicas", 0);
    index.put("refresh_interval", refreshInterval);
    body.set("mappings", mappings);
    return body;
  }

  /** The mapping of the customer index (entry and unified customers). */
  public static ObjectNode customers() {
    ObjectNode root = root();
    root.putObject("_meta").put("version", VERSION);
    ObjectNode p = root.putObject("properties");
    p.set("id", keyword());
    p.set("workspaceId", keyword());
    p.set("nodeId", keyword());
    p.set("kind", keyword());
    p.set("memberIds", keyword());
    p.set("externalId", keyword());
    p.set("intId", number("long"));
    p.set("enabled", bool());
    p.set("registeredAt", date());
    p.set("updatedAt", date());
    p.set("version", number("long"));
    p.set("deleted", number("integer"));
    p.set("base", base());
    p.set("consents", consents());
    p.set("tags", object(keywords("auto", "manual")));
    p.set("extended", typedValues());
    p.set("folded", object(keywords("firstName", "lastName", "email", "phone")));
    ObjectNode activity = JSON.objectNode();
    activity.set("lastEventAt", date());
    activity.set("lifetimeValue", number("double"));
    activity.set("eventCount", number("long"));
    p.set("activity", object(activity));
    p.set("pushDevice", bool());
    // the whole extended object as the API renders it: stored in _source, never indexed
    ObjectNode source = JSON.objectNode();
    source.put("type", "object");
    source.put("enabled", false);
    p.set("extendedSource", source);
    return root;
  }

  /** The mapping of the event index. */
  public static ObjectNode events() {
    ObjectNode root = root();
    ObjectNode p = root.putObject("properties");
    for (String k :
        new String[] {"id", "workspaceId", "nodeId", "customerId", "type", "context", "mode"}) {
      p.set(k, keyword());
    }
    p.set("date", date());
    p.set("registeredAt", date());
    p.set("updatedAt", date());
    p.set("version", number("long"));
    p.set("properties", typedValues());
    return root;
  }

  private static ObjectNode root() {
    ObjectNode root = JSON.objectNode();
    root.put("dynamic", false);
    return root;
  }

  private static ObjectNode base() {
    ObjectNode b =
        keywords(
            "pictureUrl",
            "title",
            "prefix",
            "firstName",
            "lastName",
            "middleName",
            "gender",
            "locale",
            "timezone");
    b.set("dob", date());
    ObjectNode contacts = keywords("email", "fax", "mobilePhone", "phone");
    contacts.set("otherContacts", object(keywords("name", "type", "value")));
    contacts.set(
        "mobileDevices",
        object(keywords("identifier", "appId", "name", "type", "notificationService")));
    b.set("contacts", object(contacts));
    ObjectNode address = keywords("street", "city", "country", "province", "region", "zip");
    ObjectNode geo = JSON.objectNode();
    geo.set("lat", number("double"));
    geo.set("lon", number("double"));
    address.set("geo", object(geo));
    b.set("address", object(address));
    b.set("credential", object(keywords("username")));
    ObjectNode educations = keywords("id", "schoolType", "schoolName", "schoolConcentration");
    educations.set("startYear", number("integer"));
    educations.set("endYear", number("integer"));
    educations.set("isCurrent", bool());
    b.set("educations", object(educations));
    ObjectNode likes = keywords("id", "category", "name");
    likes.set("createdTime", date());
    b.set("likes", object(likes));
    b.set(
        "socialProfile",
        object(keywords("facebook", "google", "instagram", "linkedin", "qzone", "twitter")));
    ObjectNode jobs = keywords("id", "companyIndustry", "companyName", "jobTitle");
    jobs.set("startDate", date());
    jobs.set("endDate", date());
    jobs.set("isCurrent", bool());
    b.set("jobs", object(jobs));
    ObjectNode subs = keywords("id", "name", "type", "kind", "subscriberId");
    subs.set("subscribed", bool());
    for (String d : new String[] {"startDate", "endDate", "registeredAt", "updatedAt"}) {
      subs.set(d, date());
    }
    subs.set("subscribeContext", object(keywords("ip", "userAgent")));
    subs.set(
        "unsubscribeContext",
        object(keywords("ip", "userAgent", "campaignId", "campaignMessageId")));
    subs.set("preferences", object(keywords("key", "value")));
    b.set("subscriptions", object(subs));
    return object(b);
  }

  private static ObjectNode consents() {
    ObjectNode c = JSON.objectNode();
    ObjectNode disclaimer = JSON.objectNode();
    disclaimer.set("date", date());
    disclaimer.set("version", keyword());
    c.set("disclaimer", object(disclaimer));
    ObjectNode marketing = JSON.objectNode();
    marketing.set("traditional", consentGroup("telephonic", "papery"));
    marketing.set("automatic", consentGroup("sms", "email", "push", "im", "telephonic"));
    c.set("marketing", object(marketing));
    c.set("profiling", consentGroup("classic", "online"));
    c.set("softSpam", consentGroup("email", "papery"));
    c.set("thirdPartyTransfer", consentGroup("profiling", "marketing"));
    return object(c);
  }

  private static ObjectNode consentGroup(String... names) {
    ObjectNode group = JSON.objectNode();
    for (String n : names) {
      ObjectNode consent = JSON.objectNode();
      consent.set("status", bool());
      consent.set("limitation", bool());
      consent.set("objection", bool());
      group.set(n, object(consent));
    }
    return object(group);
  }

  /** {@code nested} {name, s, n, b, d}: one entry per value (SearchDocuments.typedValues). */
  private static ObjectNode typedValues() {
    ObjectNode props = JSON.objectNode();
    ObjectNode name = JSON.objectNode();
    name.put("type", "keyword");
    name.put("ignore_above", IGNORE_ABOVE);
    props.set("name", name);
    props.set("s", keyword());
    props.set("n", number("double"));
    props.set("b", bool());
    props.set("d", date());
    ObjectNode nested = JSON.objectNode();
    nested.put("type", "nested");
    nested.set("properties", props);
    return nested;
  }

  private static ObjectNode keywords(String... names) {
    ObjectNode props = JSON.objectNode();
    for (String n : names) {
      props.set(n, keyword());
    }
    return props;
  }

  private static ObjectNode object(ObjectNode properties) {
    ObjectNode o = JSON.objectNode();
    o.set("properties", properties);
    return o;
  }

  private static ObjectNode keyword() {
    ObjectNode k = JSON.objectNode();
    k.put("type", "keyword");
    k.put("normalizer", "lowercase");
    k.put("ignore_above", IGNORE_ABOVE);
    return k;
  }

  private static ObjectNode date() {
    ObjectNode d = JSON.objectNode();
    d.put("type", "date");
    d.put("format", "strict_date_optional_time||epoch_millis");
    d.put("ignore_malformed", true);
    return d;
  }

  private static ObjectNode number(String type) {
    ObjectNode n = JSON.objectNode();
    n.put("type", type);
    n.put("ignore_malformed", true);
    return n;
  }

  private static ObjectNode bool() {
    ObjectNode b = JSON.objectNode();
    b.put("type", "boolean");
    b.put("ignore_malformed", true);
    return b;
  }
}
