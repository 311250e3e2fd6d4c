/**
 * Identity resolution: unified customers per ACTIVE aggregate node.
 *
 * <h2>Maintenance</h2>
 *
 * Every entry-customer write (and delete) calls {@link io.customer360.identity.IdentityService}
 * inside the writer's transaction. For each ACTIVE aggregate node that contains the customer's
 * entry node, the customer's matching keys ({@code <property path>=<trimmed value>}, lowercased
 * unless the node's matching is case-sensitive) are looked up: no owner creates a unified customer,
 * one owner is joined, several owners are merged into the oldest (created first, then lowest id).
 * Victims are deleted and recorded in {@code merge_log}; their ids keep answering with a 301 to the
 * survivor. An entry customer that matches one of the node's exclusion filters is removed from the
 * node's unified customers; a unified customer left without members is deleted.
 *
 * <p>Merges are not undone. An entry customer whose matching values change keeps its unified
 * customer and brings its new keys to it; if a new key belongs to another unified customer, the two
 * merge. Components therefore only split by deleting or excluding members.
 *
 * <p>Concurrency: writers take transaction-scoped advisory locks on {@code
 * hashtextextended(aggregateNodeId || key, 0)} for all their keys and on their own membership, in
 * hash order, before reading owners, then row-lock the owners they found (in id order) and re-read
 * them if a concurrent merge removed one. Two writers sharing a key are thus serialised and never
 * create two unified customers for it.
 *
 * <h2>Activation</h2>
 *
 * After NEW → ACTIVE, {@link io.customer360.identity.ActivationJob} builds the unified customers
 * from the entry customers already stored, in batches, and reports progress in the node's {@code
 * activation} ({status PENDING/RUNNING/DONE, processed, total, cursor, requestedAt, startedAt,
 * finishedAt}). Writes during the build are maintained live with the same locks.
 *
 * <h2>Unified customer shape</h2>
 *
 * Close to the customer shape: {@code {id, nodeId (the aggregate node), intId, externalId, base,
 * consents, extended, extra, tags, enabled, registeredAt, updatedAt, version, entryCustomers}}.
 * Properties are merged from the members by {@link io.customer360.identity.UnifiedCustomerMerger};
 * {@code enabled} is true when any member is, {@code registeredAt} is the oldest member's, {@code
 * updatedAt} the newest member's, {@code version} counts the unified customer's changes and {@code
 * entryCustomers} is its number of members. The members themselves are listed by {@code GET
 * /workspaces/{workspaceId}/customers/{customerId}/entry-customers}.
 */
package io.customer360.identity;
