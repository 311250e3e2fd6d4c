package io.customer360.session;

import java.util.UUID;

/** A session value bound to a customer (SE1-SE4); unique within the customer's node. */
public record Session(UUID id, String value) {}
