package io.customer360.user;

import io.customer360.common.Like;
import io.customer360.common.PageRequest;
import io.customer360.security.Permission;
import io.customer360.user.UserResponses.NodePermission;
import io.customer360.user.UserResponses.UserResponse;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The only writer of {@code app_user} (Hibernate Reactive Panache). Node permissions live in {@link
 * PermissionRepository}. Methods run inside the service's {@code @WithSession} or {@code
 * WithTransaction} and return records, never managed entities.
 */
@ApplicationScoped
class UserRepository implements PanacheRepositoryBase<UserEntity, Integer> {

  /** Registers a person or refreshes their names; concurrent first calls meet on the subject. */
  private static final String UPSERT =
      """
      insert into app_user (subject, username, name, surname, email)
      values (:subject, :username, :name, :surname, :email)
      on conflict (subject) do update
         set username = excluded.username,
             name = coalesce(excluded.name, app_user.name),
             surname = coalesce(excluded.surname, app_user.surname),
             email = coalesce(excluded.email, app_user.email),
             updated_at = now()
      returning id
      """;

  private static final String SEARCH =
      "lower(concat(coalesce(name, ''), ' ', coalesce(surname, ''), ' ', coalesce(username, ''),"
          + " ' ', coalesce(email, ''))) like :term"
          + Like.ESCAPE;

  /** A page of users and the counts of matches and of all users. */
  record Page(List<UserEntity> users, long total, long unfiltered) {}

  Uni<Integer> upsert(String subject, String username, String name, String surname, String email) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(UPSERT, Integer.class)
                    .setParameter("subject", subject)
                    .setParameter("username", username)
                    .setParameter("name", name)
                    .setParameter("surname", surname)
                    .setParameter("email", email)
                    .getSingleResult());
  }

  /**
   * Users whose name, surname, username or e-mail contains {@code search} (any case; null = all).
   */
  Uni<Page> page(String search, PageRequest page) {
    String query = search == null ? "" : SEARCH;
    Parameters parameters =
        search == null
            ? new Parameters()
            : Parameters.with("term", Like.containsIgnoringCase(search));
    Uni<List<UserEntity>> users =
        page.size() == 0
            ? Uni.createFrom().item(List.of())
            : find(query, Sort.by("id"), parameters).page(page.page(), page.size()).list();
    return users.chain(
        list ->
            count(query, parameters)
                .chain(total -> count().map(all -> new Page(list, total, all))));
  }

  Uni<UserEntity> findBySubject(String subject) {
    return find("subject", subject).firstResult();
  }

  static UserResponse toUser(UserEntity u, List<NodePermission> nodes) {
    return new UserResponse(
        u.id,
        u.name,
        u.surname,
        u.username,
        u.email,
        u.registeredAt,
        u.updatedAt,
        List.copyOf(nodes));
  }

  /** Groups permission rows by user, keeping their node order. */
  static Map<Integer, List<NodePermission>> byUser(List<NodePermissionEntity> rows) {
    Map<Integer, List<NodePermission>> out = new HashMap<>();
    for (NodePermissionEntity p : rows) {
      out.computeIfAbsent(p.userId, k -> new ArrayList<>())
          .add(new NodePermission(p.nodeId, Permission.valueOf(p.permission)));
    }
    return out;
  }
}
