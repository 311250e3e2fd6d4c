package io.customer360.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The {@code fields} parameter of a search: dotted property paths to keep; id is always kept. */
record Projection(List<String> paths) {

  static Projection of(String fields) {
    if (fields == null || fields.isBlank()) {
      return new Projection(null);
    }
    List<String> paths = new ArrayList<>();
    for (String f : fields.split(",")) {
      if (!f.isBlank()) {
        paths.add(f.trim());
      }
    }
    return new Projection(paths);
  }

  ObjectNode apply(ObjectNode customer) {
    if (paths == null) {
      return customer;
    }
    ObjectNode out = customer.objectNode();
    out.set("id", customer.get("id"));
    for (String path : paths) {
      JsonNode v = CustomerValidator.at(customer, path);
      if (v.isMissingNode()) {
        continue;
      }
      String[] parts = path.split("\\.");
      ObjectNode target = out;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode next = target.get(parts[i]);
        target = next instanceof ObjectNode o ? o : target.putObject(parts[i]);
      }
      target.set(parts[parts.length - 1], v);
    }
    return out;
  }
}
