package io.customer360.common;

import java.util.List;

/** A list answered without a page block: {elements}. */
public record Elements<T>(List<T> elements) {}
