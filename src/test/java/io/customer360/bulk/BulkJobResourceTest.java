package io.customer360.bulk;

import static io.customer360.support.Api.as;
import static io.customer360.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.support.Api;
import io.customer360.support.RealServices;
import io.customer360.support.SearchSync;
import io.customer360.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk jobs over HTTP against the real services (spec §1.2 B1–B4): uploads, the worker's results
 * through the API's own write paths, the LOADED bound, stopping, access and a worker that dies in
 * the middle of a job.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = false)
class BulkJobResourceTest {

  @Inject TestBulkJobHooks hooks;
  @Inject Pool pool;

  static String ws;
  static String node;
  static String other;
  static String aggregate;
  static String source;
  static String otherSource;

  @BeforeEach
  void setUp() {
    if (ws != null) {
      return;
    }
    ws = Api.createWorkspace();
    node = Api.createEntryNode(ws);
    other = Api.createEntryNode(ws);
    aggregate = Api.createActiveAggregate(ws, node, other);
    source = Api.createSource(ws, node).get("token");
    otherSource = Api.createSource(ws, other).get("token");
  }

  // --- helpers --------------------------------------------------------------------------------

  static String jobs(String workspace, String nodeId) {
    return Api.ws(workspace) + "/nodes/" + nodeId + "/bulk-jobs";
  }

  static RequestSpecification form(String bearer, String filename, String csv, String operation) {
    return given()
        .header("Authorization", "Bearer " + bearer)
        .multiPart("file", filename, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
        .multiPart("operation", operation);
  }

  static ValidatableResponse upload(String nodeId, String filename, String csv, String op) {
    return form(Tokens.admin(), filename, csv, op).post(jobs(ws, nodeId)).then();
  }

  static String uploadId(String nodeId, String csv, String op) {
    return upload(nodeId, "f-" + UUID.randomUUID() + ".csv", csv, op)
        .statusCode(201)
        .body("status", equalTo("LOADED"))
        .extract()
        .path("id");
  }

  static Map<String, Object> awaitDone(String nodeId, String jobId) {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, Object> job =
          asAdmin()
              .get(jobs(ws, nodeId) + "/" + jobId)
              .then()
              .statusCode(200)
              .extract()
              .as(Map.class);
      Object status = job.get("status");
      if ("PROCESSED".equals(status) || "FAILED".equals(status)) {
        return job;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("job " + jobId + " still " + status);
      }
      sleep(200);
    }
  }

  static String results(String nodeId, String jobId) {
    return asAdmin()
        .get(jobs(ws, nodeId) + "/" + jobId + "/results")
        .then()
        .statusCode(200)
        .contentType(containsString("text/csv"))
        .extract()
        .asString();
  }

  static List<String[]> lines(String csv) {
    List<String[]> out = new ArrayList<>();
    for (String l : csv.split("\n")) {
      out.add(l.split(",", -1));
    }
    return out;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String ext() {
    return "bk-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String customer(String nodeId, Map<String, Object> body) {
    Map<String, Object> b = new java.util.HashMap<>(body);
    b.put("nodeId", nodeId);
    return asAdmin()
        .body(b)
        .post(Api.ws(ws) + "/customers")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  // --- B2 + worker + B4 -----------------------------------------------------------------------

  @Test
  void goodAndBadRowsGiveTheExactResultsFile() {
    String e1 = ext();
    String long300 = "x".repeat(300);
    // rows 1 and 3 share a key in the same chunk (4 rows per chunk in tests): applied in order
    String csv =
        "externalId,base.firstName,base.contacts.email,enabled,tags.manual\n"
            + e1
            + ",Anna,anna@x.io,true,\"[\"\"vip\"\"]\"\n"
            + ext()
            + ",Bob,not-an-email,true,\n"
            + e1
            + ",Anna2,,,\n"
            + ext()
            + ","
            + long300
            + ",c@x.io,,\n"
            + ",NoKey,nokey@x.io,,\n"
            + ext()
            + ",Dan,dan@x.io,maybe,\n";
    String id = uploadId(node, csv, "UPSERT");
    Map<String, Object> job = awaitDone(node, id);
    assertEquals("PROCESSED", job.get("status"));
    assertEquals(6, job.get("totalEntities"));
    assertEquals(2, job.get("processedEntities"));
    assertEquals(4, job.get("failedEntities"));
    String out = results(node, id);
    String created = lines(out).get(1)[2];
    assertEquals(
        "row,outcome,id,path,rule\n"
            + "1,CREATED,"
            + created
            + ",,\n"
            + "2,FAILED,,base.contacts.email,must be a valid e-mail address\n"
            + "3,UPDATED,"
            + created
            + ",,\n"
            + "4,FAILED,,base.firstName,must be at most 255 characters long\n"
            + "5,FAILED,,externalId,is required by the node's unique-customer policy\n"
            + "6,FAILED,,enabled,must be true or false\n",
        out);
    asAdmin()
        .get(Api.ws(ws) + "/customers/" + created)
        .then()
        .statusCode(200)
        .body("externalId", equalTo(e1))
        .body("base.firstName", equalTo("Anna2"))
        .body("base.contacts.email", equalTo("anna@x.io"))
        .body("tags.manual", equalTo(List.of("vip")))
        .body("enabled", equalTo(true));
  }

  @Test
  void anUnknownColumnFailsTheJobAtTheHeader() {
    upload(node, "bad-header.csv", "externalId,base.nickname\ne1,Al\n", "UPSERT")
        .statusCode(201)
        .body("status", equalTo("FAILED"))
        .body(
            "errorMessage",
            equalTo(
                "Bad header: Unknown column 'base.nickname': base.nickname is not a property of"
                    + " the customer"))
        .body("totalEntities", equalTo(0))
        .body("filename", equalTo("bad-header.csv"))
        .body("operation", equalTo("UPSERT"))
        .body("entity", equalTo("CUSTOMER"));
  }

  @Test
  void aFileThatIsNotUtf8FailsNamingTheLineAndAnotherCharsetIsRefused() {
    byte[] head =
        ("externalId,base.firstName\n" + ext() + ",Ann\n" + ext() + ",Ren")
            .getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = new byte[head.length + 2];
    System.arraycopy(head, 0, latin1, 0, head.length);
    latin1[head.length] = (byte) 0xe9;
    latin1[head.length + 1] = '\n';
    given()
        .header("Authorization", "Bearer " + Tokens.admin())
        .multiPart("file", "latin1.csv", latin1, "text/csv")
        .multiPart("operation", "UPSERT")
        .post(jobs(ws, node))
        .then()
        .statusCode(201)
        .body("status", equalTo("FAILED"))
        .body(
            "errorMessage",
            equalTo(
                "The file is not readable CSV: line 3: not valid UTF-8; save the file as UTF-8"
                    + " (the only encoding taken)"));
    upload(node, "quote.csv", "externalId\ne1\n\"e2\ne3\ne4\n", "UPSERT")
        .statusCode(201)
        .body("status", equalTo("FAILED"))
        .body(
            "errorMessage",
            equalTo(
                "The file is not readable CSV: line 3: a quoted cell of the record starting here"
                    + " is never closed"));
    given()
        .header("Authorization", "Bearer " + Tokens.admin())
        .multiPart("file", "latin1.csv", latin1, "text/csv; charset=ISO-8859-1")
        .multiPart("operation", "UPSERT")
        .post(jobs(ws, node))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("file"))
        .body(
            "errors[0].message",
            equalTo("must be UTF-8: give charset=UTF-8 or none, and save the file as UTF-8"));
  }

  @Test
  void aCellWithNulFailsItsRowAndTheOtherRowsAreWritten() {
    String n1 = ext();
    String n3 = ext();
    String csv =
        "externalId,base.firstName,base.contacts.email\n"
            + n1
            + ",Ok,nul1@qa.test\n"
            + ext()
            + ",Bad\u0000Nul,nul2@qa.test\n"
            + n3
            + ",\"Also\nOk\",nul3@qa.test\n";
    String id = uploadId(node, csv, "UPSERT");
    Map<String, Object> job = awaitDone(node, id);
    assertEquals("PROCESSED", job.get("status"));
    assertEquals(2, job.get("processedEntities"));
    assertEquals(1, job.get("failedEntities"));
    List<String[]> out = lines(results(node, id));
    assertEquals("CREATED", out.get(1)[1]);
    assertEquals(
        List.of(
            "2",
            "FAILED",
            "",
            "base.firstName",
            "must not contain NUL characters or unpaired surrogates"),
        List.of(out.get(2)));
    assertEquals("3", out.get(3)[0]);
    assertEquals("CREATED", out.get(3)[1]);
    asAdmin()
        .get(Api.ws(ws) + "/customers/" + out.get(3)[2])
        .then()
        .statusCode(200)
        .body("externalId", equalTo(n3))
        .body("base.firstName", equalTo("Also\nOk"));
  }

  @Test
  void anEventJobOnlyReachesTheCustomersOfItsNode() {
    String mine = customer(node, Map.of("externalId", ext()));
    String ofOther = customer(other, Map.of("externalId", ext()));
    String csv =
        "customerId,date,context,properties.url\n"
            + mine
            + ",2026-01-10T10:00:00Z,WEB,https://x.io/a\n"
            + ofOther
            + ",2026-01-10T10:00:00Z,WEB,https://x.io/b\n";
    String id =
        form(Tokens.admin(), "events.csv", csv, "INSERT")
            .multiPart("entity", "EVENT")
            .multiPart("eventType", "viewedPage")
            .post(jobs(ws, node))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> done = awaitDone(node, id);
    assertEquals("PROCESSED", done.get("status"));
    assertEquals(1, done.get("processedEntities"));
    assertEquals(1, done.get("failedEntities"));
    List<String[]> out = lines(results(node, id));
    assertEquals("CREATED", out.get(1)[1]);
    assertEquals(
        List.of("2", "FAILED", "", "customerId", "no customer of the node has this id"),
        List.of(out.get(2)));
  }

  @Test
  void deleteChecksTheKeyCellLikeAnUpsertAndRefusesAnIdAndKeyOfTwoCustomers() {
    String byEmail =
        Api.createEntryNode(
            ws,
            Map.of(
                "name",
                "Emails " + ext(),
                "uniqueCustomer",
                Map.of("properties", List.of("base.contacts.email"), "caseSensitive", false)));
    String k1 = ext() + "@qa.test";
    String k2 = ext() + "@qa.test";
    String a = customer(byEmail, Map.of("base", Map.of("contacts", Map.of("email", k1))));
    String b = customer(byEmail, Map.of("base", Map.of("contacts", Map.of("email", k2))));
    String bad = "not-an-email " + k1;
    String upsert = uploadId(byEmail, "base.contacts.email\n" + bad + "\n", "UPSERT");
    awaitDone(byEmail, upsert);
    String[] refused = lines(results(byEmail, upsert)).get(1);
    assertEquals("FAILED", refused[1]);
    String job =
        uploadId(
            byEmail,
            "id,base.contacts.email\n" + a + "," + k2 + "\n," + bad + "\n" + b + "," + k2 + "\n",
            "DELETE");
    awaitDone(byEmail, job);
    List<String[]> out = lines(results(byEmail, job));
    assertEquals(
        List.of(
            "1",
            "FAILED",
            "",
            "id",
            "names a different customer than the unique key (base.contacts.email)"),
        List.of(out.get(1)));
    assertEquals(
        List.of("2", "FAILED", "", "base.contacts.email", refused[4]), List.of(out.get(2)));
    assertEquals(List.of("3", "DELETED", b, "", ""), List.of(out.get(3)));
    asAdmin().get(Api.ws(ws) + "/customers/" + a).then().statusCode(200);
    asAdmin().get(Api.ws(ws) + "/customers/" + b).then().statusCode(404);
  }

  /**
   * An UPSERT whose rows all merge into existing customers holds each chunk's row locks for one
   * chunk transaction; an API write on one of those customers meanwhile must answer quickly. Run
   * with {@code -D%test.customer360.bulk.customer-chunk-rows=50} (the default) to measure the
   * production chunk size; the test profile's 4-row chunks are far below it.
   */
  @Test
  void apiWritesOnCustomersAnUpsertIsMergingWaitWellUnderASecond() throws Exception {
    int n = 500;
    StringBuilder insert = new StringBuilder("externalId,base.firstName\n");
    StringBuilder upsert = new StringBuilder("externalId,base.firstName\n");
    String prefix = ext();
    for (int i = 0; i < n; i++) {
      insert.append(prefix).append('-').append(i).append(",First\n");
      upsert.append(prefix).append('-').append(i).append(",Merged\n");
    }
    String created = uploadId(node, insert.toString(), "INSERT");
    awaitDone(node, created);
    String first = lines(results(node, created)).get(1)[2];
    String filename = "merge-" + prefix + ".csv";
    String job =
        upload(node, filename, upsert.toString(), "UPSERT").statusCode(201).extract().path("id");
    long slowest = 0;
    int writes = 0;
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!List.of("PROCESSED", "FAILED")
            .contains(asAdmin().get(jobs(ws, node) + "/" + job).then().extract().path("status"))
        && System.nanoTime() < until) {
      long t0 = System.nanoTime();
      asAdmin()
          .body(Map.of("base", Map.of("lastName", "Api" + writes)))
          .patch(Api.ws(ws) + "/customers/" + first)
          .then()
          .statusCode(200);
      slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
      writes++;
    }
    long longestChunk = hooks.longestChunkMillis(filename);
    System.out.printf(
        "merge upsert of %d rows: longest chunk transaction %d ms, slowest of %d API writes %d ms%n",
        n, longestChunk, writes, slowest);
    assertTrue(longestChunk > 0, "no chunk committed");
    assertTrue(longestChunk < 1000, "a chunk held its locks " + longestChunk + " ms");
    assertTrue(slowest < 1000, "an API write waited " + slowest + " ms");
    asAdmin()
        .get(Api.ws(ws) + "/customers/" + first)
        .then()
        .body("base.firstName", equalTo("Merged"));
  }

  @Test
  void formFieldsAreChecked() {
    form(Tokens.admin(), "x.csv", "externalId\na\n", "MERGE")
        .post(jobs(ws, node))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("operation"));
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .multiPart("entity", "EVENT")
        .post(jobs(ws, node))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("eventType"))
        .body("errors[0].message", equalTo("is required for an EVENT job"));
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .post(jobs(ws, aggregate))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("nodeId"));
  }

  @Test
  void repeatedAndUnknownFormFieldsAreRefusedWritingNoJob() {
    String fresh = Api.createEntryNode(ws);
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .multiPart("operation", "INSERT")
        .post(jobs(ws, fresh))
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("operation")))
        .body("errors[0].message", equalTo("must be given once"));
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .multiPart("file", "y.csv", "externalId\nb\n".getBytes(StandardCharsets.UTF_8), "text/csv")
        .post(jobs(ws, fresh))
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("file")))
        .body("errors[0].message", equalTo("must be given once"));
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .multiPart("foo", "bar")
        .post(jobs(ws, fresh))
        .then()
        .statusCode(400)
        .body("errors.path", equalTo(List.of("foo")))
        .body("errors[0].message", equalTo("is not a field of a bulk-job upload"));
    given()
        .header("Authorization", "Bearer " + Tokens.admin())
        .get(jobs(ws, fresh))
        .then()
        .statusCode(200)
        .body("elements", equalTo(List.of()));
    // The same form without the extra field is a job.
    form(Tokens.admin(), "x.csv", "externalId\na\n", "UPSERT")
        .post(jobs(ws, fresh))
        .then()
        .statusCode(201);
  }

  @Test
  void upsertMergesIntoExistingCustomersAndJoinsUnifiedCustomers() {
    String shared = ext() + "@shared.io";
    String a1 = ext();
    String inOther =
        customer(
            other, Map.of("externalId", a1, "base", Map.of("contacts", Map.of("email", shared))));
    String b1 = ext();
    String existing = customer(node, Map.of("externalId", b1, "base", Map.of("firstName", "Old")));
    String b2 = ext();
    String id =
        uploadId(
            node,
            "externalId,base.firstName,base.contacts.email\n"
                + b1
                + ",New,\n"
                + b2
                + ",Joiner,"
                + shared
                + "\n",
            "UPSERT");
    assertEquals("PROCESSED", awaitDone(node, id).get("status"));
    List<String[]> out = lines(results(node, id));
    assertEquals(List.of("1", "UPDATED", existing, "", ""), List.of(out.get(1)));
    assertEquals("CREATED", out.get(2)[1]);
    String joiner = out.get(2)[2];
    asAdmin()
        .get(Api.ws(ws) + "/customers/" + existing)
        .then()
        .body("base.firstName", equalTo("New"))
        .body("version", equalTo(2));
    SearchSync.awaitIndexed();
    String unified =
        asAdmin()
            .queryParam("nodeId", aggregate)
            .queryParam("externalId", a1)
            .get(Api.ws(ws) + "/customers")
            .then()
            .statusCode(200)
            .extract()
            .path("elements[0].id");
    asAdmin()
        .get(Api.ws(ws) + "/customers/" + unified + "/entry-customers")
        .then()
        .statusCode(200)
        .body("elements.id", hasItems(inOther, joiner));
  }

  @Test
  void insertRefusesExistingKeys() {
    String taken = ext();
    String existing = customer(node, Map.of("externalId", taken));
    String id = uploadId(node, "externalId\n" + taken + "\n" + ext() + "\n", "INSERT");
    assertEquals("PROCESSED", awaitDone(node, id).get("status"));
    List<String[]> out = lines(results(node, id));
    assertEquals(
        List.of(
            "1",
            "FAILED",
            "",
            "externalId",
            "a customer with this unique key already exists in the node"),
        List.of(out.get(1)));
    assertEquals("CREATED", out.get(2)[1]);
    asAdmin().get(Api.ws(ws) + "/customers/" + existing).then().body("version", equalTo(1));
  }

  @Test
  void deleteRemovesTheNamedCustomers() {
    String k1 = ext();
    String byKey = customer(node, Map.of("externalId", k1));
    String byId = customer(node, Map.of("externalId", ext()));
    String ofOther = customer(other, Map.of("externalId", ext()));
    String byKeyJob = uploadId(node, "externalId\n" + k1 + "\n" + ext() + "\n", "DELETE");
    String byIdJob = uploadId(node, "id\n" + byId + "\n" + ofOther + "\n", "DELETE");
    awaitDone(node, byKeyJob);
    awaitDone(node, byIdJob);
    assertEquals(
        "row,outcome,id,path,rule\n"
            + "1,DELETED,"
            + byKey
            + ",,\n"
            + "2,FAILED,,externalId,no customer of the node has this unique key\n",
        results(node, byKeyJob));
    assertEquals(
        "row,outcome,id,path,rule\n"
            + "1,DELETED,"
            + byId
            + ",,\n"
            + "2,FAILED,,id,no customer of the node has this id\n",
        results(node, byIdJob));
    asAdmin().get(Api.ws(ws) + "/customers/" + byKey).then().statusCode(404);
    asAdmin().get(Api.ws(ws) + "/customers/" + byId).then().statusCode(404);
    asAdmin().get(Api.ws(ws) + "/customers/" + ofOther).then().statusCode(200);
  }

  @Test
  void eventsOfTheJobsTypeAreAddedToTheirCustomers() {
    String e = ext();
    String customerId = customer(node, Map.of("externalId", e));
    String csv =
        "externalId,date,context,properties.url,properties.title\n"
            + e
            + ",2026-01-10T10:00:00Z,WEB,https://x.io/a,A\n"
            + "unknown-"
            + e
            + ",2026-01-10T10:00:00Z,WEB,https://x.io/b,B\n"
            + e
            + ",2026-01-11T10:00:00Z,NOWHERE,https://x.io/c,C\n";
    String id =
        form(Tokens.admin(), "events.csv", csv, "INSERT")
            .multiPart("entity", "EVENT")
            .multiPart("eventType", "viewedPage")
            .post(jobs(ws, node))
            .then()
            .statusCode(201)
            .body("entity", equalTo("EVENT"))
            .body("eventType", equalTo("viewedPage"))
            .extract()
            .path("id");
    assertEquals("PROCESSED", awaitDone(node, id).get("status"));
    List<String[]> out = lines(results(node, id));
    assertEquals("CREATED", out.get(1)[1]);
    assertEquals(
        List.of(
            "2",
            "FAILED",
            "",
            "bringBackProperties.value",
            "no customer of the node has this external id"),
        List.of(out.get(2)));
    assertEquals("FAILED", out.get(3)[1]);
    assertEquals("context", out.get(3)[3]);
    asAdmin()
        .get(Api.ws(ws) + "/events/" + out.get(1)[2])
        .then()
        .statusCode(200)
        .body("customerId", equalTo(customerId))
        .body("type", equalTo("viewedPage"))
        .body("properties.url", equalTo("https://x.io/a"));
  }

  @Test
  void eventsOfTheJobsTypeAreDeletedById() {
    String e = ext();
    customer(node, Map.of("externalId", e));
    String added =
        form(
                Tokens.admin(),
                "events.csv",
                "externalId,context\n" + e + ",WEB\n" + e + ",WEB\n",
                "UPSERT")
            .multiPart("entity", "EVENT")
            .multiPart("eventType", "viewedPage")
            .post(jobs(ws, node))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    awaitDone(node, added);
    List<String[]> created = lines(results(node, added));
    String gone = created.get(1)[2];
    String kept = created.get(2)[2];
    String id =
        form(
                Tokens.admin(),
                "delete-events.csv",
                "id\n" + gone + "\n" + UUID.randomUUID() + "\nnope\n",
                "DELETE")
            .multiPart("entity", "EVENT")
            .multiPart("eventType", "viewedPage")
            .post(jobs(ws, node))
            .then()
            .statusCode(201)
            .body("status", equalTo("LOADED"))
            .extract()
            .path("id");
    awaitDone(node, id);
    assertEquals(
        "row,outcome,id,path,rule\n"
            + "1,DELETED,"
            + gone
            + ",,\n"
            + "2,FAILED,,id,no event of the job's type on the node has this id\n"
            + "3,FAILED,,id,must be a UUID\n",
        results(node, id));
    asAdmin().get(Api.ws(ws) + "/events/" + gone).then().statusCode(404);
    asAdmin().get(Api.ws(ws) + "/events/" + kept).then().statusCode(200);
  }

  // --- B1, B3, limits, stop -------------------------------------------------------------------

  @Test
  void theEleventhLoadedJobIsRefusedEvenUnderConcurrentUploads() throws Exception {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    hooks.pause(w);
    try {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Callable<Integer>> uploads = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        uploads.add(
            () ->
                form(Tokens.admin(), "c.csv", "externalId\n" + ext() + "\n", "UPSERT")
                    .post(jobs(w, n))
                    .then()
                    .extract()
                    .statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(uploads)) {
        statuses.add(f.get());
      }
      pool.shutdown();
      assertEquals(10, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(2, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
      form(Tokens.admin(), "c.csv", "externalId\nx\n", "UPSERT")
          .post(jobs(w, n))
          .then()
          .statusCode(409)
          .body("message", containsString("10 bulk jobs in status LOADED"));
      asAdmin()
          .queryParam("status", "LOADED")
          .queryParam("size", 3)
          .get(jobs(w, n))
          .then()
          .statusCode(200)
          .body("elements.size()", equalTo(3))
          .body("page.totalElements", equalTo(10))
          .body("page.totalPages", equalTo(4))
          .body("page.maxElements", equalTo(10000))
          .body("page.maxPages", equalTo(3334));
      String first =
          asAdmin().get(jobs(w, n)).then().statusCode(200).extract().path("elements[0].id");
      asAdmin()
          .body(Map.of("status", "STOPPED"))
          .contentType("application/json")
          .put(jobs(w, n) + "/" + first + "/status")
          .then()
          .statusCode(200)
          .body("status", equalTo("STOPPED"));
      asAdmin()
          .get(jobs(w, n) + "/" + first + "/results")
          .then()
          .statusCode(409)
          .body("message", containsString("it is STOPPED"));
      form(Tokens.admin(), "c.csv", "externalId\n" + ext() + "\n", "UPSERT")
          .post(jobs(w, n))
          .then()
          .statusCode(201);
      hooks.resume(w);
      String aLoaded =
          asAdmin()
              .queryParam("status", "LOADED")
              .get(jobs(w, n))
              .then()
              .extract()
              .path("elements[0].id");
      awaitDoneIn(w, n, aLoaded);
      sleep(1500);
      asAdmin()
          .get(jobs(w, n) + "/" + first)
          .then()
          .body("status", equalTo("STOPPED"))
          .body("processedEntities", equalTo(0));
      asAdmin()
          .body(Map.of("status", "STOPPED"))
          .contentType("application/json")
          .put(jobs(w, n) + "/" + first + "/status")
          .then()
          .statusCode(409);
      asAdmin()
          .queryParam("entity", "EVENT")
          .get(jobs(w, n))
          .then()
          .body("page.totalElements", equalTo(0))
          .body("page.totalUnfilteredElements", equalTo(11));
    } finally {
      hooks.resume(w);
    }
  }

  static void awaitDoneIn(String w, String n, String jobId) {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Set.of("PROCESSED", "FAILED")
        .contains(asAdmin().get(jobs(w, n) + "/" + jobId).then().extract().path("status"))) {
      assertTrue(System.nanoTime() < until, "job " + jobId + " never finished");
      sleep(200);
    }
  }

  @Test
  void listsFilterSortAndCheckTheirParameters() {
    asAdmin()
        .queryParam("sort", "name")
        .get(jobs(ws, node))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("sort"));
    asAdmin().queryParam("status", "DONE").get(jobs(ws, node)).then().statusCode(400);
    asAdmin().queryParam("sort", "createdAt,asc").get(jobs(ws, node)).then().statusCode(200);
    asAdmin().get(jobs(ws, node) + "/" + UUID.randomUUID()).then().statusCode(404);
  }

  // --- access ---------------------------------------------------------------------------------

  @Test
  void sourcesUploadToTheirOwnNodesOnlyAndOtherWorkspacesAnswer404() {
    String id =
        form(source, "s.csv", "externalId\n" + ext() + "\n", "UPSERT")
            .post(jobs(ws, node))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(source).get(jobs(ws, node) + "/" + id).then().statusCode(200).body("id", equalTo(id));
    form(otherSource, "s.csv", "externalId\n" + ext() + "\n", "UPSERT")
        .post(jobs(ws, node))
        .then()
        .statusCode(403);
    as(otherSource).get(jobs(ws, node) + "/" + id).then().statusCode(403);
    form(Tokens.user(), "s.csv", "externalId\nx\n", "UPSERT")
        .post(jobs(ws, node))
        .then()
        .statusCode(403);
    given().get(jobs(ws, node)).then().statusCode(401);
    String w2 = Api.createWorkspace();
    asAdmin().get(jobs(w2, node) + "/" + id).then().statusCode(404);
    Map<String, Object> done = awaitDone(node, id);
    assertEquals("PROCESSED", done.get("status"));
    assertEquals(null, done.get("errorMessage"));
  }

  @Test
  void aPersonNeedsReadWriteOnTheNodeAndTheWorkerWritesAsThem() {
    String w = Api.createWorkspace();
    String writable = Api.createEntryNode(w);
    String readable = Api.createEntryNode(w);
    String user = Tokens.user();
    Api.grant(w, Api.userId(user), Map.of(writable, "RW", readable, "R"));
    String id =
        form(user, "u.csv", "externalId\n" + ext() + "\n", "UPSERT")
            .post(jobs(w, writable))
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    form(user, "u.csv", "externalId\n" + ext() + "\n", "UPSERT")
        .post(jobs(w, readable))
        .then()
        .statusCode(403);
    as(user).get(jobs(w, readable)).then().statusCode(200);
    awaitDoneIn(w, writable, id);
    String out =
        as(user)
            .accept("text/csv")
            .get(jobs(w, writable) + "/" + id + "/results")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String customerId = lines(out).get(1)[2];
    assertEquals("CREATED", lines(out).get(1)[1]);
    asAdmin()
        .get(Api.ws(w) + "/customers/" + customerId)
        .then()
        .statusCode(200)
        .body("sourceInfo.registeredBy", equalTo("user:" + Api.userId(user)));
  }

  @Test
  void multipartBodiesAreStillRefusedEverywhereElse() {
    form(Tokens.admin(), "x.csv", "externalId\nx\n", "UPSERT")
        .post(Api.ws(ws) + "/customers")
        .then()
        .statusCode(415);
    form(Tokens.admin(), "x.csv", "externalId\nx\n", "UPSERT")
        .put(jobs(ws, node) + "/" + UUID.randomUUID() + "/status")
        .then()
        .statusCode(415);
  }

  @Test
  void resultsOfManyChunksComeInRowOrder() {
    StringBuilder csv = new StringBuilder("externalId\n");
    for (int i = 0; i < 90; i++) {
      csv.append(i % 10 == 0 ? "" : ext()).append('\n');
    }
    String id = uploadId(node, csv.toString().replace("\n\n", "\n,\n"), "UPSERT");
    Map<String, Object> job = awaitDone(node, id);
    assertEquals(90, job.get("totalEntities"));
    assertEquals(81, job.get("processedEntities"));
    assertEquals(9, job.get("failedEntities"));
    List<String[]> out = lines(results(node, id));
    assertEquals(91, out.size());
    for (int i = 1; i <= 90; i++) {
      assertEquals(Integer.toString(i), out.get(i)[0]);
      assertEquals((i - 1) % 10 == 0 ? "FAILED" : "CREATED", out.get(i)[1], "row " + i);
    }
  }

  // --- a worker that dies in the middle of a job ----------------------------------------------

  @Test
  void aJobWhoseWorkerDiedResumesFromItsCheckpointWithEveryRowAppliedOnce() {
    String n = Api.createEntryNode(ws);
    String filename = "crash-" + UUID.randomUUID() + ".csv";
    hooks.crashOnce(filename, 2); // chunks of 4 rows: rows 9-12 are written, then not committed
    StringBuilder csv = new StringBuilder("externalId,base.firstName\n");
    Set<String> keys = new HashSet<>();
    for (int i = 1; i <= 18; i++) {
      String k = "crash-" + i + "-" + UUID.randomUUID();
      keys.add(k);
      csv.append(k).append(",Row").append(i).append('\n');
    }
    String id =
        upload(n, filename, csv.toString(), "UPSERT")
            .statusCode(201)
            .body("totalEntities", equalTo(18))
            .extract()
            .path("id");
    Map<String, Object> job = awaitDone(n, id);
    assertTrue(hooks.crashed(filename), "the worker never stopped inside chunk 2");
    assertEquals("PROCESSED", job.get("status"));
    assertEquals(18, job.get("processedEntities"));
    assertEquals(0, job.get("failedEntities"));
    List<String[]> out = lines(results(n, id));
    assertEquals(19, out.size());
    Set<String> ids = new HashSet<>();
    for (int i = 1; i <= 18; i++) {
      assertEquals(Integer.toString(i), out.get(i)[0]);
      assertEquals("CREATED", out.get(i)[1], "row " + i + " was applied more than once");
      ids.add(out.get(i)[2]);
    }
    assertEquals(18, ids.size());
    UUID nodeId = UUID.fromString(n);
    assertEquals(18L, count("select count(*) from customer where node_id = $1", nodeId));
    assertEquals(
        18L,
        count(
            "select count(*) from change_log where node_id = $1 and entity = 'CUSTOMER'"
                + " and operation = 'CREATE'",
            nodeId));
    assertEquals(
        18L,
        count(
            "select count(*) from customer where node_id = $1 and version = 1 and external_id ="
                + " any ($2)",
            nodeId,
            keys.toArray(String[]::new)));
  }

  private long count(String sql, Object... args) {
    return pool.preparedQuery(sql)
        .execute(Tuple.from(args))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void resultsAreRefusedBeforeTheJobIsOver() {
    String w = Api.createWorkspace();
    String n = Api.createEntryNode(w);
    hooks.pause(w);
    try {
      String id =
          form(Tokens.admin(), "p.csv", "externalId\nx\n", "UPSERT")
              .post(jobs(w, n))
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      asAdmin()
          .get(jobs(w, n) + "/" + id + "/results")
          .then()
          .statusCode(409)
          .body("message", containsString("it is LOADED"));
      asAdmin()
          .get(jobs(w, n) + "/" + id)
          .then()
          .body("processedEntities", equalTo(0))
          .body("failedEntities", equalTo(0))
          .body("totalEntities", equalTo(1))
          .body("errorMessage", nullValue());
    } finally {
      hooks.resume(w);
    }
  }
}
