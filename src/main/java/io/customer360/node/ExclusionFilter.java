package io.customer360.node;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Keeps matching entry customers out of an aggregate node: those whose {@code property} equals
 * {@code value}, or matches the regular expression {@code pattern}.
 */
@RegisterForReflection
public record ExclusionFilter(
    @NotBlank @Size(max = 255) String property,
    @Size(max = 1000) String value,
    @Size(max = 1000) String pattern) {}
