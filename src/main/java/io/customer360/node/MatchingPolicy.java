package io.customer360.node;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The properties that identify a customer (an entry node's unique-customer policy) or join
 * customers (an aggregate node's matching properties), and whether their values compare by case.
 */
@RegisterForReflection
public record MatchingPolicy(
    @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 255) String> properties,
    Boolean caseSensitive) {

  public static final MatchingPolicy DEFAULT = new MatchingPolicy(List.of("externalId"), false);

  public boolean isCaseSensitive() {
    return Boolean.TRUE.equals(caseSensitive);
  }

  public MatchingPolicy normalised() {
    return new MatchingPolicy(List.copyOf(properties), isCaseSensitive());
  }
}
