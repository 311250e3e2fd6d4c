package io.customer360.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.event.EventRequests.ContextType;
import io.customer360.event.EventRequests.MergePolicyType;
import io.customer360.event.EventRequests.ProviderType;
import java.util.ArrayList;
import java.util.List;

/** The catalogues of T1-T3: merge policy types, source provider types, event context types. */
final class EventCatalogues {

  static final List<MergePolicyType> MERGE_POLICIES =
      List.of(
          new MergePolicyType(
              "OBJ_PRIORITY",
              "Keeps the value of the source with the highest priority",
              List.of("string", "boolean", "number", "integer", "array", "object")),
          new MergePolicyType("OBJ_CONCATENATE", "Concatenates the values", List.of("string")),
          new MergePolicyType(
              "ARRAY_UNION", "Keeps the items present in any value", List.of("array")),
          new MergePolicyType(
              "ARRAY_INTERSECTION", "Keeps the items present in every value", List.of("array")),
          new MergePolicyType("MATH_SUM", "Sums the values", List.of("number", "integer")),
          new MergePolicyType("MATH_AVG", "Averages the values", List.of("number", "integer")),
          new MergePolicyType(
              "MATH_DIFF",
              "Subtracts the later values from the first",
              List.of("number", "integer")),
          new MergePolicyType("MATH_MIN", "Keeps the smallest value", List.of("number", "integer")),
          new MergePolicyType("MATH_MAX", "Keeps the largest value", List.of("number", "integer")));

  static final List<ProviderType> PROVIDERS = providers();

  private EventCatalogues() {}

  private static List<ProviderType> providers() {
    String[][] rows = {
      {"API", "API", "Custom integration through the REST API", "integration"},
      {"CONTACTPLAN", "Contactplan", "Marketing automation by Contactlab", "marketing"},
      {"CONTACTSEND", "Contactsend", "Digital messaging by Contactlab", "marketing"},
      {"Javascript", "Javascript", "Browser SDK (legacy)", "sdk"},
      {"MAGENTO", "Magento", "Magento e-commerce plugin (legacy)", "ecommerce"},
      {"ANDROID_SDK", "Android SDK", "Android SDK (legacy)", "sdk"},
      {"OBJECTIVEC_SDK", "Objective-C SDK", "iOS SDK (legacy)", "sdk"},
      {"NODEJS_SDK", "Node.js SDK", "Node.js SDK (legacy)", "sdk"},
      {"JAVA_SDK", "Java SDK", "Java SDK (legacy)", "sdk"},
      {"SCALA_SDK", "Scala SDK", "Scala SDK (legacy)", "sdk"},
      {"DOTNET_SDK", ".NET SDK", ".NET SDK (legacy)", "sdk"}
    };
    List<ProviderType> out = new ArrayList<>();
    for (String[] r : rows) {
      out.add(
          new ProviderType(
              r[0],
              r[1],
              null,
              List.of(r[3]),
              r[2],
              null,
              JsonNodeFactory.instance.objectNode().put("type", "object"),
              "TRUSTED_APPLICATION"));
    }
    return List.copyOf(out);
  }

  /** Without resolveReferences a context names its schema; with it, the schema is inlined. */
  static List<ContextType> contexts(boolean resolve) {
    List<ContextType> out = new ArrayList<>();
    for (EventContext c : EventContext.values()) {
      out.add(
          new ContextType(
              c.name(),
              c.label(),
              "Events that happen in the " + c.label().toLowerCase() + " context",
              resolve ? EventSchemas.context(c) : "#/contexts/" + c.name()));
    }
    return out;
  }
}
