package io.customer360;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the brief (issue 14, item 3): no cycles between feature packages, common
 * depends on no feature, dialects are never depended on by the core, and lower layers never import
 * higher ones. Each rule names the edges that break it in the message when it fails. The real,
 * acyclic graph differs from the brief's in one allowed edge: user -> node.
 */
class ArchitectureTest {

  private static final String ROOT = "io.customer360";

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  private static String pkg(String feature) {
    return ROOT + "." + feature + "..";
  }

  @Test
  void noCyclesBetweenFeaturePackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void commonDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage(pkg("common"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("security"),
            pkg("stream"),
            pkg("workspace"),
            pkg("user"),
            pkg("node"),
            pkg("source"),
            pkg("identity"),
            pkg("customer"),
            pkg("session"),
            pkg("event"),
            pkg("consent"),
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("updates"),
            pkg("retention"),
            pkg("health"),
            pkg("bulk"),
            pkg("api"),
            pkg("connector"),
            pkg("sendsource"))
        .check(CLASSES);
  }

  /**
   * Bulk jobs write through the customer and event features' own batch paths and look up nodes and
   * workspaces; they never reach the search, segment, stats, stream or other features beside them.
   */
  @Test
  void bulkDependsOnlyOnCustomerEventNodeWorkspaceAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("bulk"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("source"),
            pkg("identity"),
            pkg("session"),
            pkg("consent"),
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("stream"),
            pkg("updates"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /** Bulk jobs are a leaf of the core: nothing but dialects builds on them. */
  @Test
  void onlyDialectsDependOnBulk() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("bulk"), pkg("api"), pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("bulk"))
        .check(CLASSES);
  }

  @Test
  void theCoreNeverDependsOnADialect() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("api"), pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(pkg("api"), pkg("connector"))
        .check(CLASSES);
  }

  @Test
  void securityDependsOnlyOnCommon() {
    noClasses()
        .that()
        .resideInAPackage(pkg("security"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above("security"))
        .check(CLASSES);
  }

  @Test
  void streamDependsOnlyOnCommon() {
    noClasses()
        .that()
        .resideInAPackage(pkg("stream"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above("stream"))
        .check(CLASSES);
  }

  @Test
  void workspaceDependsOnlyOnSecurityAndCommon() {
    noClasses()
        .that()
        .resideInAPackage(pkg("workspace"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above("workspace"))
        .check(CLASSES);
  }

  /** user -> node is allowed (MeResource lists a person's nodes): node never reaches user. */
  @Test
  void userDependsOnlyOnNodeWorkspaceSecurityAndCommon() {
    noClasses()
        .that()
        .resideInAPackage(pkg("user"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above("user"))
        .check(CLASSES);
  }

  @Test
  void nodeDependsOnlyOnWorkspaceSecurityAndCommon() {
    noClasses()
        .that()
        .resideInAPackage(pkg("node"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above("node"))
        .check(CLASSES);
  }

  @Test
  void sourceDependsOnlyOnNodeAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("source"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("identity"),
            pkg("customer"),
            pkg("session"),
            pkg("event"),
            pkg("consent"),
            pkg("search"))
        .check(CLASSES);
  }

  @Test
  void identityNeverDependsOnCustomerSessionEventConsentOrSearch() {
    noClasses()
        .that()
        .resideInAPackage(pkg("identity"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("customer"), pkg("session"), pkg("event"), pkg("consent"), pkg("search"))
        .check(CLASSES);
  }

  /** customer declares SPI interfaces that search implements; it never imports search. */
  @Test
  void customerNeverDependsOnSessionEventOrSearch() {
    noClasses()
        .that()
        .resideInAPackage(pkg("customer"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(pkg("session"), pkg("event"), pkg("search"))
        .check(CLASSES);
  }

  @Test
  void sessionNeverDependsOnEventOrSearch() {
    noClasses()
        .that()
        .resideInAPackage(pkg("session"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(pkg("event"), pkg("search"))
        .check(CLASSES);
  }

  @Test
  void eventNeverDependsOnSearch() {
    noClasses()
        .that()
        .resideInAPackage(pkg("event"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("search"))
        .check(CLASSES);
  }

  /** search (indexer, indices, status) stands on customer, event, identity and below. */
  @Test
  void searchDependsOnlyOnCustomerEventIdentityAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("search"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("session"), pkg("updates"), pkg("health"), pkg("api"), pkg("connector"))
        .check(CLASSES);
  }

  /**
   * search sits above customer, event and identity: the customer feature reaches it only through
   * its own SPI (customer.CustomerSearchIndex), so no core feature below imports it (health reports
   * the indexer lag).
   */
  @Test
  void onlyDialectsDependOnSearch() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("search"))
        .check(CLASSES);
  }

  /**
   * Segments stand on search (the parser and counts), customer (the CU1 answer), node, workspace,
   * security, common and below; never on the features beside or above them.
   */
  @Test
  void segmentDependsOnlyOnSearchCustomerNodeWorkspaceAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("segment"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("source"),
            pkg("session"),
            pkg("event"),
            pkg("stream"),
            pkg("updates"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /** Segments are a leaf of the core: only dialects (Customer 360) build on them. */
  @Test
  void onlyDialectsDependOnSegment() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("segment"), pkg("api"), pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("segment"))
        .check(CLASSES);
  }

  /**
   * The consent log (K1, K2) stands on customer (the unique-key lookup, and the SPI it implements:
   * customer.CustomerConsentLog), identity (a unified customer's members), node, workspace,
   * security and common; never on the features beside or above it.
   */
  @Test
  void consentDependsOnlyOnCustomerIdentityNodeAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("consent"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("source"),
            pkg("session"),
            pkg("event"),
            pkg("search"),
            pkg("segment"),
            pkg("stream"),
            pkg("updates"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /**
   * The consent feature owns consent_log and sits above customer: the customer feature reaches it
   * only through its own SPI (customer.CustomerConsentLog), so no core feature imports it.
   */
  @Test
  void onlyDialectsDependOnConsent() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("consent"), pkg("api"), pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("consent"))
        .check(CLASSES);
  }

  /**
   * Statistics (S1–S13) read the indices (search), the change log through its own service (stream,
   * never the table), and look up nodes, sources, customers and unified customers; they stand
   * beside segments and the update stream, never on them.
   */
  @Test
  void statsDependsOnlyOnSearchStreamAndTheCoreBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("stats"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("session"),
            pkg("segment"),
            pkg("updates"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /** Statistics are a leaf of the core: only dialects may build on them. */
  @Test
  void onlyDialectsDependOnStats() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("stats"), pkg("api"), pkg("connector"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("stats"))
        .check(CLASSES);
  }

  /** The update stream (US1, US2) reads the change log and checks nodes: stream, node and below. */
  @Test
  void updatesDependsOnlyOnStreamNodeAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("updates"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("source"),
            pkg("identity"),
            pkg("customer"),
            pkg("session"),
            pkg("event"),
            pkg("search"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /** Nothing in the core builds on the update stream; it is an edge of the application. */
  @Test
  void nothingDependsOnUpdates() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("updates"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("updates"))
        .check(CLASSES);
  }

  @Test
  void nothingButHealthDependsOnHealth() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("health"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("health"))
        .check(CLASSES);
  }

  /**
   * The Customer 360 dialect stands on the core (workspace, node, search, segment, event, ...) and
   * nothing in the core imports it; it shares nothing with the other dialects.
   */
  @Test
  void customer360DialectDependsOnTheCoreOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("api.customer360"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("api.customer360"))
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage(pkg("api.customer360"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(pkg("api.loyalty"), pkg("connector"), pkg("updates"), pkg("health"))
        .check(CLASSES);
  }

  /**
   * The talk connector (spec talk-connector.md) is a thin dialect over the core: nothing outside it
   * imports it, and it stands on customer, node, workspace, security and common only (never on the
   * other dialects, the send-source operations, search, segments, stats or the update stream).
   */
  @Test
  void talkConnectorDependsOnTheCoreOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("connector.talk"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("connector.talk"))
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage(pkg("connector.talk"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("api"),
            pkg("sendsource"),
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("updates"),
            pkg("health"),
            pkg("session"),
            pkg("event"),
            pkg("consent"),
            pkg("user"))
        .check(CLASSES);
  }

  /**
   * The send-source operations (spec §1.17, N18) are a thin package over the core: nothing imports
   * them, and they read sources, nodes and workspaces only (the source feature owns the table and
   * the shape of a send source's properties).
   */
  @Test
  void sendSourceDependsOnSourceNodeWorkspaceAndBelowOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("sendsource"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("sendsource"))
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage(pkg("sendsource"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("api"),
            pkg("connector"),
            pkg("identity"),
            pkg("customer"),
            pkg("session"),
            pkg("event"),
            pkg("consent"),
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("stream"),
            pkg("updates"),
            pkg("health"),
            pkg("user"))
        .check(CLASSES);
  }

  /**
   * Retention stands on the event feature (its purge API), node (node policies), workspace (the
   * workspace policy), security and common; it never touches the tables of others directly and
   * never depends on the features beside or above it.
   */
  @Test
  void retentionDependsOnlyOnEventNodeWorkspaceAndBelow() {
    noClasses()
        .that()
        .resideInAPackage(pkg("retention"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            pkg("user"),
            pkg("source"),
            pkg("sendsource"),
            pkg("identity"),
            pkg("customer"),
            pkg("session"),
            pkg("consent"),
            pkg("search"),
            pkg("segment"),
            pkg("stats"),
            pkg("stream"),
            pkg("updates"),
            pkg("health"),
            pkg("api"),
            pkg("connector"))
        .check(CLASSES);
  }

  /** Retention is a leaf of the core (a worker and its configuration): nothing builds on it. */
  @Test
  void nothingDependsOnRetention() {
    noClasses()
        .that()
        .resideOutsideOfPackage(pkg("retention"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(pkg("retention"))
        .check(CLASSES);
  }

  /**
   * Boolean query parameters are {@code Boolean}: for a primitive, RESTEasy Reactive hands the
   * converter "0" when the parameter is absent, so absent and {@code =0} could not be told apart
   * and {@code =0} could not be refused like {@code =maybe} (issue 13, fault 6).
   */
  @Test
  void booleanQueryParametersAreBoxed() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .areAnnotatedWith(Path.class)
        .should(takeNoPrimitiveBooleanQueryParameter())
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  private static ArchCondition<JavaMethod> takeNoPrimitiveBooleanQueryParameter() {
    return new ArchCondition<>("take no primitive boolean @QueryParam") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        for (JavaParameter p : method.getParameters()) {
          if (p.isAnnotatedWith(QueryParam.class) && p.getRawType().isEquivalentTo(boolean.class)) {
            events.add(
                SimpleConditionEvent.violated(
                    method, method.getFullName() + " takes a primitive boolean query parameter"));
          }
        }
      }
    };
  }

  /** The feature packages that the given layer may not depend on (the brief's layer order). */
  private static String[] above(String layer) {
    List<String> forbidden =
        switch (layer) {
          case "security", "stream" ->
              List.of(
                  "security",
                  "stream",
                  "workspace",
                  "user",
                  "node",
                  "source",
                  "identity",
                  "customer",
                  "session",
                  "event",
                  "consent",
                  "search",
                  "retention",
                  "health");
          case "workspace" ->
              List.of(
                  "stream",
                  "user",
                  "node",
                  "source",
                  "identity",
                  "customer",
                  "session",
                  "event",
                  "consent",
                  "search",
                  "retention",
                  "health");
          case "user" ->
              List.of(
                  "stream",
                  "source",
                  "identity",
                  "customer",
                  "session",
                  "event",
                  "consent",
                  "search",
                  "retention",
                  "health");
          case "node" ->
              List.of(
                  "stream",
                  "user",
                  "source",
                  "identity",
                  "customer",
                  "session",
                  "event",
                  "consent",
                  "search",
                  "retention",
                  "health");
          default -> throw new IllegalArgumentException(layer);
        };
    List<String> out = new ArrayList<>();
    for (String f : forbidden) {
      if (!f.equals(layer)) {
        out.add(pkg(f));
      }
    }
    out.add(pkg("api"));
    out.add(pkg("connector"));
    return out.toArray(new String[0]);
  }
}
