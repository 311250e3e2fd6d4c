import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of a running Customer 360 over HTTP (no dependencies: java bench/Bench.java).
 *
 * <p>It provisions its own workspace (two entry nodes, an ACTIVE aggregate node matching on
 * e-mail, an API source), then measures with N concurrent clients: customer creates with identity
 * resolution (a share of them reuse an earlier customer's e-mail in the other node), GET by id,
 * single event ingest and batched event ingest. Run it through bench/run.sh.
 */
public class Bench {

  static String base;
  /** Extra request header lines, each ending in CRLF, e.g. "\r\nX-Workspace-Id: ..." (c360). */
  static volatile String extraHeaders = "";
  static String adminToken;
  static int clients;

  static final String USAGE = """
      usage: java bench/Bench.java --token <admin bearer> [options]   (bench/run.sh fills the tokens)
        --url http://127.0.0.1:8080   --clients 32   --only all|customers|events|search|c360|stats
        customers/events: --customers 20000 --shared 0.3 --gets 20000 --events 50000
                          --batched-events 200000 --batch-size 500 --pgbench-seconds 20 --pgbench <path>
        search:           --operator-token <CLAB_OPERATOR bearer> (marks extended properties indexed)
                          --search-customers 100000 --search-events 1000000 --searches 3000
                          --write-rate 500 --write-seconds 30 --write-sample 25 --poll-ms 25
                          --reindex true|false
        c360:             --c360-requests 3000 (per measure; uses the search workspace's data)
        stats:            --stats-requests 1000 (per operation) --consent-customers 10000
        bulk:             --bulk-customers 100000 --bulk-events 500000 --bulk-shared 0.3
                          --bulk-file-rows 100000 --get-clients 4 --service-pid <pid of the service>
      The search workload seeds one workspace once (found again by its name) and then measures
      searches at --clients, write -> searchable delay and reindex throughput. The c360 workload
      adds an ACTIVE aggregate node over that workspace's customers (100,000 unified customers),
      makes it the Customer 360 node, creates ten segments and measures the Customer 360 API:
      overview, profile GET, q prefix search and segment counts. The stats workload reuses that
      workspace too: when its consent log holds fewer entries than --consent-customers, it changes
      the consents of that many customers twice; then it measures every stats operation (S1-S13)
      and the consent log list (K2) with its filters. The bulk workload imports customer and event
      CSV files through bulk jobs (B2) into a fresh workspace whose ACTIVE aggregate node joins
      customers by e-mail: first the customers of a second node (--bulk-shared of the count), then
      --bulk-customers, that share of them with an e-mail of the second node's customers, then
      --bulk-events events by externalId, in files of --bulk-file-rows; it prints rows/s, and the
      service's peak RSS and customer GET latencies sampled during the imports.
      """;

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    base = arg(args, "--url", "http://127.0.0.1:8080");
    adminToken = arg(args, "--token", null);
    clients = Integer.parseInt(arg(args, "--clients", "32"));
    int customers = Integer.parseInt(arg(args, "--customers", "20000"));
    double sharedShare = Double.parseDouble(arg(args, "--shared", "0.3"));
    int gets = Integer.parseInt(arg(args, "--gets", "20000"));
    int events = Integer.parseInt(arg(args, "--events", "50000"));
    int batchedEvents = Integer.parseInt(arg(args, "--batched-events", "200000"));
    int batchSize = Integer.parseInt(arg(args, "--batch-size", "500"));
    String only = arg(args, "--only", "all");
    if (!List.of("all", "customers", "events", "search", "c360", "stats", "bulk").contains(only)) {
      System.err.print(USAGE);
      System.exit(2);
    }
    int pgbenchSeconds = Integer.parseInt(arg(args, "--pgbench-seconds", "20"));

    if (only.equals("all") || only.equals("customers") || only.equals("events")) {
      writeBench(args, customers, sharedShare, gets, events, batchedEvents, batchSize, only, pgbenchSeconds);
    }
    if (only.equals("all") || only.equals("search")) {
      SearchBench.run(args);
    }
    if (only.equals("all") || only.equals("c360")) {
      Customer360Bench.run(args);
    }
    if (only.equals("all") || only.equals("stats")) {
      StatsBench.run(args);
    }
    if (only.equals("bulk")) {
      BulkBench.run(args);
    }
    System.out.printf(Locale.ROOT, "slowest request of the whole benchmark: %.1f ms%n", slowest / 1e6);
  }

  /** The write workloads: customer creates, GET by id, pgbench, single and batched event ingest. */
  static void writeBench(String[] args, int customers, double sharedShare, int gets, int events, int batchedEvents,
      int batchSize, String only, int pgbenchSeconds) throws Exception {
    String slug = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    String ws = field(call("POST", "/hub/v1/workspaces", adminToken,
        "{\"name\":\"Benchmark " + slug + "\",\"slug\":\"" + slug + "\",\"groupPk\":1,\"shard\":\"bench\"}", 201), "id");
    String cfg = "/hub/v1/workspaces/" + ws + "/configuration";
    String policy = "{\"properties\":[\"externalId\"],\"caseSensitive\":true}";
    String nodeA = field(call("POST", cfg + "/nodes/entries", adminToken,
        "{\"name\":\"Shop\",\"uniqueCustomer\":" + policy + "}", 201), "id");
    String nodeB = field(call("POST", cfg + "/nodes/entries", adminToken,
        "{\"name\":\"Stores\",\"uniqueCustomer\":" + policy + "}", 201), "id");
    String agg = field(call("POST", cfg + "/nodes/aggregates", adminToken,
        "{\"name\":\"Everyone\",\"entryNodes\":[\"" + nodeA + "\",\"" + nodeB + "\"],"
            + "\"matchingProperties\":{\"properties\":[\"base.contacts.email\"],\"caseSensitive\":false}}", 201), "id");
    call("PUT", cfg + "/nodes/aggregates/" + agg + "/state", adminToken, "{\"state\":\"ACTIVE\"}", 200);
    // Wait for the (empty) activation build, so it does not run during the measurement.
    for (int i = 0; i < 120 && !call("GET", cfg + "/nodes/aggregates/" + agg, adminToken, null, 200).contains("\"DONE\""); i++) {
      Thread.sleep(500);
    }
    String token = field(call("POST", cfg + "/sources", adminToken,
        "{\"provider\":\"API\",\"name\":\"Bench\",\"nodes\":[\"" + nodeA + "\",\"" + nodeB + "\"]}", 201), "token");
    System.out.printf(Locale.ROOT, "workspace %s, %d concurrent clients%n", ws, clients);

    String customersPath = "/hub/v1/workspaces/" + ws + "/customers";
    String eventsPath = "/hub/v1/workspaces/" + ws + "/events";
    List<String> ids = new ArrayList<>();

    if (only.equals("all") || only.equals("customers")) {
      // Customer i uses e-mail i, except a share that reuses the e-mail of an earlier customer
      // (in the other node, so identity resolution joins them into one unified customer).
      Random random = new Random(42);
      int[] email = new int[customers];
      for (int i = 0; i < customers; i++) {
        email[i] = i > 100 && random.nextDouble() < sharedShare ? random.nextInt(i - 1) : i;
      }
      ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
      Result r = run("customer creates (identity resolution, " + (int) (sharedShare * 100) + "% shared e-mails)", customers, i -> {
        String node = i % 2 == 0 ? nodeA : nodeB;
        String body = "{\"nodeId\":\"" + node + "\",\"externalId\":\"ext-" + i + "\",\"base\":{\"firstName\":\"First" + i
            + "\",\"lastName\":\"Last" + i + "\",\"contacts\":{\"email\":\"person" + email[i] + "@bench.example\"}},"
            + "\"tags\":{\"manual\":[\"bench\"]}}";
        Reply resp = send("POST", customersPath, token, body);
        if (resp.statusCode() / 100 == 2) {
          created.add(field(resp.body(), "id"));
        }
        return resp.statusCode();
      });
      r.print();
      ids.addAll(created);
      if (!ids.isEmpty()) {
        run("customer GET by id", gets, i -> send("GET", customersPath + "/" + ids.get(i % ids.size()), token, null).statusCode()).print();
      }
      if (pgbenchSeconds > 0) {
        double tps = Pgbench.run(args, ws, nodeA, clients, pgbenchSeconds);
        System.out.printf(Locale.ROOT, "%-60s %.0f tps (%d clients, %d s)%n",
            "pgbench: customer + identifier + change-log insert", tps, clients, pgbenchSeconds);
        System.out.printf(Locale.ROOT, "  => creates reach %.0f%% of the pgbench rate (%.0f/s vs %.0f tps)%n",
            100 * r.perSecond() / tps, r.perSecond(), tps);
      }
    }
    if (only.equals("all") || only.equals("events")) {
      if (ids.isEmpty()) {
        for (int i = 0; i < 2000; i++) {
          ids.add(field(call("POST", customersPath, token, "{\"nodeId\":\"" + nodeA + "\",\"externalId\":\"ev-" + i + "\"}", 201), "id"));
        }
      }
      String now = java.time.Instant.now().toString();
      IntFunction<String> event = i -> "{\"customerId\":\"" + ids.get(i % ids.size()) + "\",\"type\":\"viewedPage\",\"context\":\"WEB\","
          + "\"date\":\"" + now + "\",\"properties\":{\"url\":\"https://shop.example/p/" + i + "\",\"title\":\"Product " + i + "\"}}";
      run("single event ingest", events, i -> send("POST", eventsPath, token, event.apply(i)).statusCode()).print();
      int batches = batchedEvents / batchSize;
      Result b = run("batched event ingest (batches of " + batchSize + ")", batches, i -> {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int k = 0; k < batchSize; k++) {
          if (k > 0) sb.append(',');
          sb.append(event.apply(i * batchSize + k));
        }
        return send("POST", eventsPath + "/batch", token, sb.append("]}").toString()).statusCode();
      });
      b.print();
      System.out.printf(Locale.ROOT, "  => %.0f events/s%n", b.perSecond() * batchSize);
    }
  }

  /** The slowest measured request of all phases, in nanoseconds. */
  static volatile long slowest;

  /**
   * PostgreSQL alone doing the three inserts a customer create needs (customer row, identifier
   * row, change-log row) in one transaction, with the same number of clients, into the real tables
   * of the benchmark's throw-away workspace. pgbench ships with PostgreSQL.
   */
  static final class Pgbench {
    /** JSON literals keep a blank after each colon: pgbench would read ":name" as a variable. */
    static final String SCRIPT = """
        \\set n random(1, 9000000000000000000)
        BEGIN;
        INSERT INTO customer (id, workspace_id, node_id, external_id, unique_key, document, enabled,
          registered_at, updated_at, version, deleted, source_info)
          VALUES (md5(:n::text || '-' || :client_id::text)::uuid, :ws, :node, 'pgbench-' || :n, 'pgbench-' || :n,
          '{"base": {"firstName": "First","lastName": "Last","contacts": {"email": "pgbench@bench.example"}},"tags": {"manual": ["bench"]}}',
          true, now(), now(), 1, 0, '{"registeredBy": "bench","updatedBy": "bench"}');
        INSERT INTO customer_identifier (customer_id, workspace_id, node_id, type, value)
          VALUES (md5(:n::text || '-' || :client_id::text)::uuid, :ws, :node, 'email', 'pgbench-' || :n || '@bench.example');
        INSERT INTO change_log (workspace_id, node_id, entity, entity_id, operation, data)
          VALUES (:ws, :node, 'CUSTOMER', md5(:n::text || '-' || :client_id::text)::uuid, 'CREATE',
          '{"id": "00000000-0000-0000-0000-000000000000","nodeId": "00000000-0000-0000-0000-000000000000","externalId": "pgbench","base": {"firstName": "First","lastName": "Last","contacts": {"email": "pgbench@bench.example"}},"tags": {"manual": ["bench"]},"enabled": true,"registeredAt": "2026-01-01T00:00:00.000Z","updatedAt": "2026-01-01T00:00:00.000Z","version": 1,"intId": 1,"deleted": 0,"sourceInfo": {"registeredBy": "bench","updatedBy": "bench"}}');
        END;
        """;

    static double run(String[] args, String ws, String node, int clients, int seconds) throws Exception {
      java.nio.file.Path script = java.nio.file.Files.createTempFile("c360-bench", ".sql");
      try {
        java.nio.file.Files.writeString(script, SCRIPT);
        List<String> cmd = List.of(
            arg(args, "--pgbench", "/usr/lib/postgresql/15/bin/pgbench"), "-n", "-M", "prepared",
            "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds),
            "-h", arg(args, "--pg-host", "127.0.0.1"), "-p", arg(args, "--pg-port", "5432"),
            "-U", arg(args, "--pg-user", "postgres"), "-D", "ws=" + ws, "-D", "node=" + node,
            "-f", script.toString(), arg(args, "--pg-db", "customer360"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          throw new IllegalStateException("pgbench failed: " + out);
        }
        Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial").matcher(out);
        if (!m.find()) {
          throw new IllegalStateException("no tps in the pgbench output: " + out);
        }
        return Double.parseDouble(m.group(1));
      } finally {
        java.nio.file.Files.deleteIfExists(script);
      }
    }
  }

  /**
   * The search workload (issue 7, benchmark): one workspace of --search-customers customers and
   * --search-events events, seeded once through the API and found again by its name; then, at
   * --clients concurrent clients, searches by exact e-mail, last-name prefix, a combined query of
   * three conditions and a {@code did} query (spec §4 query language, CU1); the delay from a create's
   * 201 until a search by its e-mail finds it, while creates run at --write-rate per second; and the
   * reindex throughput.
   */
  static final class SearchBench {

    static final String[] LAST_NAMES = {
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
        "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
        "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone",
        "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti",
        "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini", "Grasso", "Valentini",
        "Rosa", "Rosati", "Rossetti", "Rossini", "Müller", "Schmidt", "Dupont", "Martin", "García", "López"};
    static final String[] FIRST_NAMES = {
        "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Andrea", "Sara", "Matteo", "Elena", "Alessandro",
        "Anna", "Davide", "Martina", "Simone", "Laura", "Federico", "Valentina", "Lorenzo", "Paola", "Stefano"};
    static final String[] CITIES = {
        "Milano", "Roma", "Torino", "Napoli", "Bologna", "Firenze", "Genova", "Venezia", "Verona", "Bari",
        "Palermo", "Padova", "Trieste", "Brescia", "Parma", "Modena", "Pisa", "Bergamo", "Lecce", "Como"};
    static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    static final String[] PREFIXES = {"Ros", "Bia", "Fer", "Mar", "Con", "Gal", "Ric", "Lom", "Ser", "Vit"};

    record Seeded(String workspace, String node, String token) {}

    static void run(String[] args) throws Exception {
      int customers = Integer.parseInt(arg(args, "--search-customers", "100000"));
      int events = Integer.parseInt(arg(args, "--search-events", "1000000"));
      int searches = Integer.parseInt(arg(args, "--searches", "3000"));
      int writeRate = Integer.parseInt(arg(args, "--write-rate", "500"));
      int writeSeconds = Integer.parseInt(arg(args, "--write-seconds", "30"));
      int sampleEvery = Integer.parseInt(arg(args, "--write-sample", "25"));
      int pollMs = Integer.parseInt(arg(args, "--poll-ms", "25"));
      boolean reindex = Boolean.parseBoolean(arg(args, "--reindex", "true"));
      String operatorToken = arg(args, "--operator-token", "");

      Seeded s = seed(customers, events, operatorToken);
      System.out.printf(Locale.ROOT, "search workspace %s (%d customers, %d events), %d clients%n",
          s.workspace(), customers, events, clients);
      double caughtUp = awaitIndexer();
      System.out.printf(Locale.ROOT, "indexer caught up (lagRows 0) after %.1f s of waiting%n", caughtUp);

      String search = "/hub/v1/workspaces/" + s.workspace() + "/customers?nodeId=" + s.node() + "&size=10&query=";
      Random random = new Random(7);
      int[] pick = new int[searches];
      for (int i = 0; i < searches; i++) {
        pick[i] = random.nextInt(customers);
      }
      String since = java.time.Instant.now().minus(java.time.Duration.ofDays(30)).toString();
      List<String[]> table = new ArrayList<>();

      IntFunction<String> byEmail = i -> query(atomic("base.contacts.email", "EQUALS", str(email(pick[i]))));
      IntFunction<String> byPrefix = i -> query(atomic("base.lastName", "LIKE", str(PREFIXES[i % PREFIXES.length] + "%")));
      IntFunction<String> combined = i -> "{\"name\":\"combined\",\"query\":{\"type\":\"combined\",\"conjunction\":\"INTERSECT\",\"queries\":["
          + simple(atomic("base.address.city", "EQUALS", str(CITIES[i % CITIES.length]))) + ","
          + simple(atomic("extended.tier", "EQUALS", str(TIERS[i % TIERS.length]))) + ","
          + simple(atomic("base.lastName", "LIKE", str(PREFIXES[i % PREFIXES.length] + "%"))) + "]}}";
      IntFunction<String> did = i -> "{\"name\":\"did\",\"query\":{\"type\":\"simple\",\"are\":{\"condition\":"
          + atomic("base.address.city", "EQUALS", str(CITIES[i % CITIES.length]))
          + "},\"did\":{\"event\":{\"name\":\"completedOrder\"},\"condition\":"
          + atomic("properties.amount.total", "GT", "100")
          + ",\"timeframe\":" + atomic("date", "GTE", str(since)) + "}}}";

      Object[][] kinds = {
          {"search: exact e-mail", byEmail, "p99 <= 20 ms"},
          {"search: last-name prefix (LIKE 'Ros%' and 9 others)", byPrefix, "-"},
          {"search: combined, three conditions (INTERSECT)", combined, "p99 <= 50 ms"},
          {"search: did completedOrder amount.total > 100, last 30 days", did, "-"}};
      for (Object[] k : kinds) {
        @SuppressWarnings("unchecked")
        IntFunction<String> q = (IntFunction<String>) k[1];
        Reply probe = send("GET", search + enc(q.apply(0)), s.token(), null);
        System.out.printf(Locale.ROOT, "  %s: first query answered %d, totalElements %s%n", k[0], probe.statusCode(),
            probe.statusCode() == 200 ? Json.path(Json.parse(probe.body()), "page", "totalElements") : probe.body());
        Result r = Bench.run((String) k[0], searches, i -> send("GET", search + enc(q.apply(i)), s.token(), null).statusCode());
        r.print();
        table.add(new String[] {(String) k[0], r.summary(), (String) k[2]});
      }

      long[] delays = writeToSearchable(s, writeRate, writeSeconds, sampleEvery, pollMs, search, table);
      if (delays.length > 0) {
        table.add(new String[] {"write -> searchable (poll by e-mail every " + pollMs + " ms)",
            String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms (n=%d)", pct(delays, 0.50) / 1e6, pct(delays, 0.99) / 1e6, delays.length),
            "p50 <= 400 ms, p99 <= 1.5 s"});
      }
      if (reindex) {
        table.add(reindexThroughput());
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-28s |%n", "measure (" + clients + " clients)", "result", "target");
      System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", "-".repeat(62), "-".repeat(58), "-".repeat(28));
      for (String[] row : table) {
        System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-28s |%n", row[0], row[1], row[2]);
      }
    }

    static String email(int i) {
      return "customer" + i + "@search.bench";
    }

    static String atomic(String attribute, String operator, String jsonValue) {
      return "{\"type\":\"atomic\",\"attribute\":\"" + attribute + "\",\"operator\":\"" + operator + "\",\"value\":" + jsonValue + "}";
    }

    static String simple(String condition) {
      return "{\"type\":\"simple\",\"are\":{\"condition\":" + condition + "}}";
    }

    static String query(String condition) {
      return "{\"name\":\"q\",\"query\":" + simple(condition) + "}";
    }

    static String str(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String enc(String s) {
      return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static double pct(long[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    // ---------------------------------------------------------------------------------- seeding

    /**
     * Finds the seeded workspace by its name (its entry node "seeded" marks a finished seeding) or
     * seeds a new one through the API at full speed: customers with names, e-mail, city and
     * indexed extended properties, then events in batches of 1,000 (a third completedOrder with
     * amounts 0-300 over the last 90 days, the rest viewedPage).
     */
    static Seeded seed(int customers, int events, String operatorToken) throws Exception {
      String name = "Benchmark search " + customers + " customers " + events + " events";
      Object list = Json.parse(call("GET", "/hub/v1/workspaces?size=50&name=" + enc(name), adminToken, null, 200));
      for (Object w : (List<?>) Json.path(list, "elements")) {
        if (!name.equals(Json.path(w, "name"))) {
          continue;
        }
        String ws = (String) Json.path(w, "id");
        String node = null;
        boolean done = false;
        Object nodes = Json.parse(call("GET", "/hub/v1/workspaces/" + ws + "/configuration/nodes?size=50", adminToken, null, 200));
        for (Object n : (List<?>) Json.path(nodes, "elements")) {
          if ("Customers".equals(Json.path(n, "name"))) {
            node = (String) Json.path(n, "id");
          }
          done |= "seeded".equals(Json.path(n, "name"));
        }
        if (done && node != null) {
          System.out.printf(Locale.ROOT, "already seeded: workspace %s (%s)%n", ws, name);
          return new Seeded(ws, node, source(ws, node));
        }
      }
      String slug = "bench-search-" + UUID.randomUUID().toString().substring(0, 8);
      String ws = field(call("POST", "/hub/v1/workspaces", adminToken,
          "{\"name\":" + str(name) + ",\"slug\":\"" + slug + "\",\"groupPk\":1,\"shard\":\"bench\"}", 201), "id");
      String cfg = "/hub/v1/workspaces/" + ws + "/configuration";
      String node = field(call("POST", cfg + "/nodes/entries", adminToken,
          "{\"name\":\"Customers\",\"uniqueCustomer\":{\"properties\":[\"externalId\"],\"caseSensitive\":true}}", 201), "id");
      // Only CLAB_OPERATOR may mark a property indexed (searchable); without its token the
      // extended properties exist but the combined query answers 400.
      String indexed = operatorToken.isEmpty() ? "" : ",\"contactlabProperties\":{\"indexed\":true}";
      call("PUT", cfg + "/properties/extended", operatorToken.isEmpty() ? adminToken : operatorToken,
          "{\"tier\":{\"type\":\"string\"" + indexed + "},\"score\":{\"type\":\"integer\"" + indexed + "}}", 200);
      String token = source(ws, node);
      String customersPath = "/hub/v1/workspaces/" + ws + "/customers";
      String[] ids = new String[customers];
      System.out.printf(Locale.ROOT, "seeding workspace %s: %d customers, %d events%n", ws, customers, events);
      Result c = Bench.run("seed: customer creates", customers, i -> {
        String body = "{\"nodeId\":\"" + node + "\",\"externalId\":\"s-" + i + "\",\"base\":{"
            + "\"firstName\":" + str(FIRST_NAMES[i % FIRST_NAMES.length])
            + ",\"lastName\":" + str(LAST_NAMES[(i / 7) % LAST_NAMES.length])
            + ",\"contacts\":{\"email\":\"" + email(i) + "\"}"
            + ",\"address\":{\"city\":" + str(CITIES[(i / 3) % CITIES.length]) + "}},"
            + "\"extended\":{\"tier\":\"" + TIERS[i % TIERS.length] + "\",\"score\":" + (i % 1000) + "}}";
        Reply r = sendRetrying("POST", customersPath, token, body);
        if (r.statusCode() / 100 == 2) {
          ids[i] = field(r.body(), "id");
        }
        return r.statusCode();
      });
      c.print();
      if (c.errors() > 0) {
        throw new IllegalStateException("seeding failed: " + c.errors() + " customer creates answered non-2xx");
      }
      int batch = 1000;
      long now = System.currentTimeMillis();
      Result e = Bench.run("seed: event batches of " + batch, (events + batch - 1) / batch, b -> {
        StringBuilder sb = new StringBuilder(batch * 260).append("{\"events\":[");
        for (int k = 0; k < batch && b * batch + k < events; k++) {
          int n = b * batch + k;
          if (k > 0) sb.append(',');
          String date = java.time.Instant.ofEpochMilli(now - (long) ((n * 2654435761L) % (90L * 86_400_000L))).toString();
          sb.append("{\"customerId\":\"").append(ids[(int) ((n * 40503L) % customers)]).append("\",\"date\":\"").append(date).append('"');
          if (n % 3 == 0) {
            sb.append(",\"type\":\"completedOrder\",\"context\":\"ECOMMERCE\",\"properties\":{\"orderId\":\"o-").append(n)
                .append("\",\"type\":\"sale\",\"amount\":{\"total\":").append(n % 300).append(",\"revenue\":").append(n % 250).append("}}}");
          } else {
            sb.append(",\"type\":\"viewedPage\",\"context\":\"WEB\",\"properties\":{\"url\":\"https://shop.example/p/")
                .append(n % 5000).append("\",\"title\":\"Product ").append(n % 5000).append("\"}}");
          }
        }
        return sendRetrying("POST", "/hub/v1/workspaces/" + ws + "/events/batch", token, sb.append("]}").toString()).statusCode();
      });
      e.print();
      System.out.printf(Locale.ROOT, "  => %.0f events/s%n", e.perSecond() * batch);
      if (e.errors() > 0) {
        throw new IllegalStateException("seeding failed: " + e.errors() + " event batches answered non-2xx");
      }
      call("POST", cfg + "/nodes/entries", adminToken,
          "{\"name\":\"seeded\",\"uniqueCustomer\":{\"properties\":[\"externalId\"],\"caseSensitive\":true}}", 201);
      return new Seeded(ws, node, token);
    }

    static String source(String ws, String node) throws Exception {
      return field(call("POST", "/hub/v1/workspaces/" + ws + "/configuration/sources", adminToken,
          "{\"provider\":\"API\",\"name\":\"Search bench\",\"nodes\":[\"" + node + "\"]}", 201), "token");
    }

    /** Polls GET /hub/v1/search/status until lagRows is 0; answers the seconds waited. */
    static double awaitIndexer() throws Exception {
      long start = System.nanoTime();
      long lastPrint = 0;
      while (true) {
        Reply reply = send("GET", "/hub/v1/search/status", adminToken, null);
        if (reply.statusCode() == 404) {
          throw new IllegalStateException("GET /hub/v1/search/status answered 404: this build has no indexer");
        }
        Object status = Json.parse(call("GET", "/hub/v1/search/status", adminToken, null, 200));
        long lag = ((Number) Json.path(status, "lagRows")).longValue();
        if (lag == 0) {
          return (System.nanoTime() - start) / 1e9;
        }
        if (System.nanoTime() - lastPrint > 10e9) {
          System.out.printf(Locale.ROOT, "  indexer lag: %d rows, %s s%n", lag, Json.path(status, "lagSeconds"));
          lastPrint = System.nanoTime();
        }
        if (System.nanoTime() - start > TimeUnit.HOURS.toNanos(2)) {
          throw new IllegalStateException("the indexer did not catch up within 2 hours");
        }
        Thread.sleep(1000);
      }
    }

    // ------------------------------------------------------------------ write -> searchable

    /**
     * Creates customers at {@code rate} per second for {@code seconds} in the background; for every
     * {@code sampleEvery}-th create, right after its 201, polls the search by its e-mail every
     * {@code pollMs} until it is found (at most 30 s). Answers the sorted delays in nanoseconds.
     */
    static long[] writeToSearchable(Seeded s, int rate, int seconds, int sampleEvery, int pollMs, String search,
        List<String[]> table) throws Exception {
      String run = UUID.randomUUID().toString().substring(0, 8);
      String customersPath = "/hub/v1/workspaces/" + s.workspace() + "/customers";
      int total = rate * seconds;
      ExecutorService writers = Executors.newFixedThreadPool(clients);
      ExecutorService pollers = Executors.newFixedThreadPool(16);
      ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger timedOut = new AtomicInteger();
      AtomicInteger created = new AtomicInteger();
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        int n = i;
        writers.submit(() -> {
          String email = "w" + run + "-" + n + "@delay.bench";
          String body = "{\"nodeId\":\"" + s.node() + "\",\"externalId\":\"d-" + run + "-" + n + "\",\"base\":{"
              + "\"firstName\":\"Delay\",\"lastName\":" + str(LAST_NAMES[n % LAST_NAMES.length])
              + ",\"contacts\":{\"email\":\"" + email + "\"}}}";
          try {
            Reply r = send("POST", customersPath, s.token(), body);
            if (r.statusCode() != 201) {
              failed.incrementAndGet();
              return;
            }
            created.incrementAndGet();
            if (n % sampleEvery == 0) {
              long answered = System.nanoTime();
              String url = search + enc(query(atomic("base.contacts.email", "EQUALS", str(email))));
              pollers.submit(() -> poll(url, s.token(), answered, pollMs, delays, timedOut));
            }
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        });
      }
      writers.shutdown();
      writers.awaitTermination(10, TimeUnit.MINUTES);
      double writeSeconds = (System.nanoTime() - start) / 1e9;
      pollers.shutdown();
      pollers.awaitTermination(10, TimeUnit.MINUTES);
      long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(Locale.ROOT,
          "%-60s %d creates in %.1f s (%.0f/s, target %d/s), failed %d; %d sampled, found %d, not found in 30 s %d%n",
          "write -> searchable", created.get(), writeSeconds, created.get() / writeSeconds, rate, failed.get(),
          (total + sampleEvery - 1) / sampleEvery, sorted.length, timedOut.get());
      if (sorted.length > 0) {
        System.out.printf(Locale.ROOT, "  delay p50=%.0f ms  p99=%.0f ms  max=%.0f ms%n",
            pct(sorted, 0.5) / 1e6, pct(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
      }
      table.add(new String[] {"background customer creates during the delay test",
          String.format(Locale.ROOT, "%.0f/s (failed %d, samples not found %d)", created.get() / writeSeconds, failed.get(), timedOut.get()),
          rate + "/s"});
      return sorted;
    }

    static void poll(String url, String token, long answered, int pollMs, ConcurrentLinkedQueue<Long> delays,
        AtomicInteger timedOut) {
      try {
        while (System.nanoTime() - answered < 30e9) {
          Reply r = send("GET", url, token, null);
          if (r.statusCode() == 200) {
            Object total = Json.path(Json.parse(r.body()), "page", "totalElements");
            if (total instanceof Number t && t.longValue() > 0) {
              delays.add(System.nanoTime() - answered);
              return;
            }
          }
          Thread.sleep(pollMs);
        }
      } catch (Exception e) {
        // counted as not found
      }
      timedOut.incrementAndGet();
    }

    // ------------------------------------------------------------------------------ reindex

    /** POST /hub/v1/search/reindex, then polls the status until that reindex is DONE. */
    static String[] reindexThroughput() throws Exception {
      long start = System.nanoTime();
      Object requested = Json.parse(call("POST", "/hub/v1/search/reindex", adminToken, null, 202));
      System.out.printf(Locale.ROOT, "reindex requested: %s%n", Json.path(requested, "reindex"));
      boolean seenActive = !"DONE".equals(Json.path(requested, "reindex", "state"));
      while (System.nanoTime() - start < TimeUnit.HOURS.toNanos(2)) {
        Thread.sleep(250);
        Object status = Json.parse(call("GET", "/hub/v1/search/status", adminToken, null, 200));
        Object state = Json.path(status, "reindex", "state");
        if ("FAILED".equals(state)) {
          return new String[] {"reindex", "FAILED: " + Json.path(status, "reindex"), ">= 10,000 documents/s"};
        }
        if (!"DONE".equals(state)) {
          seenActive = true;
        } else if (seenActive) {
          double secs = (System.nanoTime() - start) / 1e9;
          long docs = ((Number) Json.path(status, "reindex", "total")).longValue();
          System.out.printf(Locale.ROOT, "reindex: %d documents in %.1f s%n", docs, secs);
          return new String[] {"reindex (customers + events into new indices, alias swap)",
              String.format(Locale.ROOT, "%.0f documents/s (%d in %.1f s)", docs / secs, docs, secs), ">= 10,000 documents/s"};
        }
      }
      return new String[] {"reindex", "not done within 2 hours", ">= 10,000 documents/s"};
    }
  }

  /**
   * The Customer 360 workload (issue targets in the table): on the search workspace's 100,000
   * customers, an ACTIVE aggregate node unifies them (one unified customer each); the workspace
   * gets isCustomer360 and that node as its Customer 360 node, and ten segments.
   */
  static final class Customer360Bench {

    static void run(String[] args) throws Exception {
      int requests = Integer.parseInt(arg(args, "--c360-requests", "3000"));
      int customers = Integer.parseInt(arg(args, "--search-customers", "100000"));
      int events = Integer.parseInt(arg(args, "--search-events", "1000000"));
      SearchBench.Seeded s = SearchBench.seed(customers, events, arg(args, "--operator-token", ""));
      String ws = s.workspace();
      String cfg = "/hub/v1/workspaces/" + ws + "/configuration";
      String agg = null;
      Object nodes = Json.parse(call("GET", cfg + "/nodes?size=50", adminToken, null, 200));
      for (Object n : (List<?>) Json.path(nodes, "elements")) {
        if ("Unified".equals(Json.path(n, "name"))) {
          agg = (String) Json.path(n, "id");
        }
      }
      if (agg == null) {
        agg = field(call("POST", cfg + "/nodes/aggregates", adminToken,
            "{\"name\":\"Unified\",\"entryNodes\":[\"" + s.node() + "\"],"
                + "\"matchingProperties\":{\"properties\":[\"base.contacts.email\"],\"caseSensitive\":false}}", 201), "id");
        call("PUT", cfg + "/nodes/aggregates/" + agg + "/state", adminToken, "{\"state\":\"ACTIVE\"}", 200);
        System.out.printf(Locale.ROOT, "c360: aggregate node %s activating over %d customers%n", agg, customers);
      }
      long start = System.nanoTime();
      while (!call("GET", cfg + "/nodes/aggregates/" + agg, adminToken, null, 200).contains("\"DONE\"")) {
        if (System.nanoTime() - start > TimeUnit.HOURS.toNanos(1)) {
          throw new IllegalStateException("the activation build did not finish within an hour");
        }
        Thread.sleep(1000);
      }
      call("PUT", cfg, adminToken, "{\"isCustomer360\":true,\"customer360NodeId\":\"" + agg + "\"}", 200);
      extraHeaders = "\r\nX-Workspace-Id: " + ws;
      String api = "/en/api/customer360";
      List<String> segments = new ArrayList<>();
      Object existing = Json.parse(call("GET", api + "/segments?size=100", adminToken, null, 200));
      for (Object seg : (List<?>) Json.path(existing, "result", "data", "elements")) {
        segments.add((String) Json.path(seg, "id"));
      }
      for (int i = segments.size(); i < 10; i++) {
        String condition = i < 5
            ? SearchBench.atomic("base.address.city", "EQUALS", SearchBench.str(SearchBench.CITIES[i]))
            : i < 9
                ? SearchBench.atomic("extended.tier", "EQUALS", SearchBench.str(SearchBench.TIERS[i - 5]))
                : SearchBench.atomic("base.lastName", "LIKE", SearchBench.str("Ros%"));
        String body = "{\"name\":\"Bench segment " + i + "\",\"query\":{\"name\":\"s" + i + "\",\"query\":"
            + SearchBench.simple(condition) + "}}";
        segments.add((String) Json.path(Json.parse(call("POST", api + "/segments", adminToken, body, 201)), "result", "data", "id"));
      }
      double caughtUp = SearchBench.awaitIndexer();
      System.out.printf(Locale.ROOT, "c360: workspace %s, node %s, %d segments; indexer caught up after %.1f s%n",
          ws, agg, segments.size(), caughtUp);

      List<String> ids = new ArrayList<>();
      for (int page = 0; page < 20; page++) {
        Object list = Json.parse(call("GET", api + "/customers?size=100&page=" + page, adminToken, null, 200));
        for (Object c : (List<?>) Json.path(list, "result", "data", "elements")) {
          ids.add((String) Json.path(c, "id"));
        }
      }
      Random random = new Random(11);
      String[] prefixes = new String[requests];
      for (int i = 0; i < requests; i++) {
        prefixes[i] = switch (i % 3) {
          case 0 -> SearchBench.PREFIXES[random.nextInt(SearchBench.PREFIXES.length)].toLowerCase(Locale.ROOT);
          case 1 -> SearchBench.FIRST_NAMES[random.nextInt(SearchBench.FIRST_NAMES.length)].substring(0, 4);
          default -> "customer" + random.nextInt(1000);
        };
      }
      Object[][] kinds = {
          {"c360: overview", (Op) i -> send("GET", api, adminToken, null).statusCode(), "p99 <= 50 ms"},
          {"c360: profile GET by id", (Op) i -> send("GET", api + "/customers/" + ids.get(random(i, ids.size())), adminToken, null).statusCode(),
              "p99 <= 10 ms"},
          {"c360: q prefix search (last name, first name, e-mail)",
              (Op) i -> send("GET", api + "/customers?size=20&q=" + SearchBench.enc(prefixes[i]), adminToken, null).statusCode(),
              "p99 <= 30 ms"},
          {"c360: segment count (GET /segments/{id})",
              (Op) i -> send("GET", api + "/segments/" + segments.get(i % segments.size()), adminToken, null).statusCode(),
              "p99 <= 50 ms"}};
      List<String[]> table = new ArrayList<>();
      for (Object[] k : kinds) {
        Result r = Bench.run((String) k[0], requests, (Op) k[1]);
        r.print();
        table.add(new String[] {(String) k[0], r.summary(), (String) k[2]});
      }
      extraHeaders = "";
      System.out.println();
      System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-16s |%n", "measure (" + clients + " clients)", "result", "target");
      System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", "-".repeat(62), "-".repeat(58), "-".repeat(16));
      for (String[] row : table) {
        System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-16s |%n", row[0], row[1], row[2]);
      }
    }

    static int random(int i, int bound) {
      return (int) ((i * 2654435761L) % bound);
    }
  }

  /**
   * Stats (S1-S13) and the consent log (K2) on the search workload's workspace: 100,000 customers,
   * 1,000,000 events over the last 90 days.
   */
  static final class StatsBench {

    static void run(String[] args) throws Exception {
      int requests = Integer.parseInt(arg(args, "--stats-requests", "1000"));
      int consentCustomers = Integer.parseInt(arg(args, "--consent-customers", "10000"));
      int customers = Integer.parseInt(arg(args, "--search-customers", "100000"));
      int events = Integer.parseInt(arg(args, "--search-events", "1000000"));
      SearchBench.Seeded s = SearchBench.seed(customers, events, arg(args, "--operator-token", ""));
      String ws = "/hub/v1/workspaces/" + s.workspace();
      List<String> ids = new ArrayList<>();
      for (int page = 0; ids.size() < consentCustomers && page < 200; page++) {
        Object list = Json.parse(call("GET", ws + "/customers?nodeId=" + s.node() + "&fields=id&size=50&page=" + page,
            adminToken, null, 200));
        List<?> elements = (List<?>) Json.path(list, "elements");
        if (elements.isEmpty()) {
          break;
        }
        for (Object c : elements) {
          ids.add((String) Json.path(c, "id"));
        }
      }
      if (ids.isEmpty()) {
        throw new IllegalStateException("the search finds no customer of workspace " + s.workspace()
            + ": is the index of another copy of the service (same index prefix) in use? POST /hub/v1/search/reindex");
      }
      Object logged = Json.parse(call("GET", ws + "/consents?size=1", adminToken, null, 200));
      long entries = ((Number) Json.path(logged, "page", "totalElements")).longValue();
      if (entries < ids.size()) {
        String[] bodies = {
            "{\"consents\":{\"marketing\":{\"automatic\":{\"email\":{\"status\":true}}},\"profiling\":{\"classic\":{\"status\":true}}}}",
            "{\"consents\":{\"marketing\":{\"automatic\":{\"email\":{\"status\":false}}}}}"};
        for (String body : bodies) {
          Bench.run("seed: consent changes (PATCH)", ids.size(),
              i -> sendRetrying("PATCH", ws + "/customers/" + ids.get(i), s.token(), body).statusCode()).print();
        }
      }
      double caughtUp = SearchBench.awaitIndexer();
      System.out.printf(Locale.ROOT, "stats: workspace %s, %d customers with consent changes; indexer caught up after %.1f s%n",
          s.workspace(), ids.size(), caughtUp);

      java.time.Instant now = java.time.Instant.now();
      String monthAgo = SearchBench.enc(now.minus(java.time.Duration.ofDays(30)).toString());
      String yearAgo = SearchBench.enc(now.minus(java.time.Duration.ofDays(364)).toString());
      String end = SearchBench.enc(now.toString());
      String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
      String weekAgo = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(7).toString();
      String[] modes = {"DAILY", "WEEKLY", "MONTHLY"};
      String[] kinds = {"ADDED", "UPDATED", "DELETED"};
      Object[][] ops = {
          {"S1 customer events by category (DAILY, last year)",
              (IntFunction<String>) i -> ws + "/customers/" + ids.get(i % ids.size()) + "/stats/events"},
          {"S2 customer buying behaviours (last year)",
              (IntFunction<String>) i -> ws + "/customers/" + ids.get(i % ids.size()) + "/stats/buying-behaviors"},
          {"S3 workspace and its customer count", (IntFunction<String>) i -> ws + "/stats/workspace"},
          {"S4 nodes and their customer counts", (IntFunction<String>) i -> ws + "/stats/nodes"},
          {"S5 customer count (workspace or node)",
              (IntFunction<String>) i -> ws + "/stats/customers" + (i % 2 == 0 ? "" : "?nodeId=" + s.node())},
          {"S6 customers by creation date (DAILY/WEEKLY/MONTHLY, 1 year)",
              (IntFunction<String>) i -> ws + "/stats/customers/by-creation-date?start=" + yearAgo + "&end=" + end + "&mode=" + modes[i % 3]},
          {"S7 customers by channel", (IntFunction<String>) i -> ws + "/stats/customers/by-channel"},
          {"S8 customers by update date (ADDED/UPDATED/DELETED, 1 month)",
              (IntFunction<String>) i -> ws + "/stats/customers/by-update-date?start=" + monthAgo + "&end=" + end + "&type=" + kinds[i % 3]},
          {"S9 events by update date (ADDED/UPDATED/DELETED, 1 month)",
              (IntFunction<String>) i -> ws + "/stats/events/by-update-date?start=" + monthAgo + "&end=" + end + "&type=" + kinds[i % 3]},
          {"S10 events by type and context (1 month)",
              (IntFunction<String>) i -> ws + "/stats/events/by-type-context" + (i % 2 == 0 ? "" : "?context=ECOMMERCE")},
          {"S11 KPI purchases (1 month)", (IntFunction<String>) i -> ws + "/stats/events/kpi/purchases"},
          {"S12 KPI e-commerce (1 month)", (IntFunction<String>) i -> ws + "/stats/events/kpi/ecommerce"},
          {"S13 KPI web (1 month)", (IntFunction<String>) i -> ws + "/stats/events/kpi/web"},
          {"K2 consent log list (no filter, customerId, type, dates)",
              (IntFunction<String>) i -> ws + "/consents?size=20" + switch (i % 4) {
                case 0 -> "";
                case 1 -> "&customerId=" + ids.get(i % ids.size());
                case 2 -> "&type=CONSENT_CHANGED&page=" + (i % 10);
                default -> "&startDate=" + weekAgo + "&endDate=" + today;
              }}};
      List<String[]> table = new ArrayList<>();
      for (Object[] op : ops) {
        @SuppressWarnings("unchecked")
        IntFunction<String> path = (IntFunction<String>) op[1];
        Reply probe = send("GET", path.apply(1), adminToken, null);
        if (probe.statusCode() != 200) {
          System.out.printf(Locale.ROOT, "  %s: first request answered %d %s%n", op[0], probe.statusCode(), probe.body());
        }
        Result r = Bench.run((String) op[0], requests, i -> send("GET", path.apply(i), adminToken, null).statusCode());
        r.print();
        table.add(new String[] {(String) op[0], r.summary(), ((String) op[0]).startsWith("K2") ? "p99 <= 30 ms" : "p99 <= 100 ms"});
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-16s |%n", "measure (" + clients + " clients)", "result", "target");
      System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", "-".repeat(62), "-".repeat(58), "-".repeat(16));
      for (String[] row : table) {
        System.out.printf(Locale.ROOT, "| %-62s | %-58s | %-16s |%n", row[0], row[1], row[2]);
      }
    }
  }

  /** A minimal JSON reader (objects as maps, arrays as lists, numbers as Double or Long). */
  /**
   * Bulk jobs (spec B2): customer and event CSV imports through the worker, with the service's RSS
   * and customer GET latencies sampled while they run.
   */
  static final class BulkBench {

    static void run(String[] args) throws Exception {
      int customers = Integer.parseInt(arg(args, "--bulk-customers", "100000"));
      int events = Integer.parseInt(arg(args, "--bulk-events", "500000"));
      double shared = Double.parseDouble(arg(args, "--bulk-shared", "0.3"));
      int fileRows = Integer.parseInt(arg(args, "--bulk-file-rows", "100000"));
      int getClients = Integer.parseInt(arg(args, "--get-clients", "4"));
      long pid = Long.parseLong(arg(args, "--service-pid", Long.toString(servicePid())));
      String slug = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
      String ws = field(call("POST", "/hub/v1/workspaces", adminToken,
          "{\"name\":\"Bulk " + slug + "\",\"slug\":\"" + slug + "\",\"groupPk\":1,\"shard\":\"bench\"}", 201), "id");
      String cfg = "/hub/v1/workspaces/" + ws + "/configuration";
      String policy = "{\"properties\":[\"externalId\"],\"caseSensitive\":true}";
      String crm = field(call("POST", cfg + "/nodes/entries", adminToken,
          "{\"name\":\"CRM\",\"uniqueCustomer\":" + policy + "}", 201), "id");
      String shop = field(call("POST", cfg + "/nodes/entries", adminToken,
          "{\"name\":\"Shop\",\"uniqueCustomer\":" + policy + "}", 201), "id");
      String agg = field(call("POST", cfg + "/nodes/aggregates", adminToken,
          "{\"name\":\"Everyone\",\"entryNodes\":[\"" + crm + "\",\"" + shop + "\"],"
              + "\"matchingProperties\":{\"properties\":[\"base.contacts.email\"],\"caseSensitive\":false}}", 201), "id");
      call("PUT", cfg + "/nodes/aggregates/" + agg + "/state", adminToken, "{\"state\":\"ACTIVE\"}", 200);
      for (int i = 0; i < 120 && !call("GET", cfg + "/nodes/aggregates/" + agg, adminToken, null, 200).contains("\"DONE\""); i++) {
        Thread.sleep(500);
      }
      System.out.printf(Locale.ROOT, "bulk workspace %s, service pid %d%n", ws, pid);
      String header = "externalId,base.firstName,base.lastName,base.contacts.email,tags.manual\n";
      int crmCount = Math.max(1, (int) (customers * shared));
      Sampler warmup = new Sampler(pid, ws, List.of(), 0);
      List<String> crmIds = new ArrayList<>();
      double crmRate = importRows("customers of the CRM node (no shared e-mails)", ws, crm, "CUSTOMER", null,
          header, crmCount, fileRows, i -> "crm-" + i + ",First" + i + ",Last" + i + ",person" + i
              + "@bulk.example,\"[\"\"bench\"\"]\"", warmup, crmIds);
      warmup.stop();
      Random random = new Random(7);
      Sampler sampler = new Sampler(pid, ws, crmIds, getClients);
      List<String> shopIds = new ArrayList<>();
      double rate = importRows("customers with identity resolution (" + (int) (shared * 100) + "% shared e-mails)", ws,
          shop, "CUSTOMER", null, header, customers, fileRows,
          i -> "shop-" + i + ",First" + i + ",Last" + i + ",person"
              + (random.nextDouble() < shared ? "" + random.nextInt(crmCount) : "s" + i) + "@bulk.example,",
          sampler, shopIds);
      String now = java.time.Instant.now().toString();
      double eventRate = importRows("events (viewedPage, by externalId)", ws, shop, "EVENT", "viewedPage",
          "externalId,date,context,properties.url,properties.title\n", events, fileRows,
          i -> "shop-" + (i % customers) + "," + now + ",WEB,https://shop.example/p/" + i + ",Product " + i,
          sampler, null);
      sampler.stop();
      System.out.printf(Locale.ROOT, "%-60s %.0f rows/s (target >= 5500)%n", "bulk customers with identity resolution", rate);
      System.out.printf(Locale.ROOT, "%-60s %.0f rows/s (target >= 30000)%n", "bulk events", eventRate);
      System.out.printf(Locale.ROOT, "%-60s %.0f rows/s%n", "bulk customers without joins (CRM node)", crmRate);
      sampler.print();
    }

    /** The service's process: the one running quarkus-run.jar or the dev jar, else 0. */
    static long servicePid() {
      return ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().map(c -> c.contains("quarkus-run.jar") || c.contains("customer360")
              && c.contains("java") && !c.contains("Bench.java") && !c.contains("maven")).orElse(false))
          .mapToLong(ProcessHandle::pid).findFirst().orElse(0);
    }

    /**
     * Writes the rows into CSV files of at most {@code fileRows} rows, uploads them all, waits for
     * every job to be PROCESSED and answers rows per second from the first upload to the last job
     * done; collects the written ids into {@code ids} when given.
     */
    static double importRows(String name, String ws, String node, String entity, String eventType, String header,
        int rows, int fileRows, IntFunction<String> row, Sampler sampler, List<String> ids) throws Exception {
      List<java.nio.file.Path> files = new ArrayList<>();
      for (int from = 0; from < rows; from += fileRows) {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("bulk-", ".csv");
        try (var w = java.nio.file.Files.newBufferedWriter(f)) {
          w.write(header);
          for (int i = from; i < Math.min(rows, from + fileRows); i++) {
            w.write(row.apply(i));
            w.write('\n');
          }
        }
        files.add(f);
      }
      String jobs = "/hub/v1/workspaces/" + ws + "/nodes/" + node + "/bulk-jobs";
      sampler.start();
      long start = System.nanoTime();
      List<String> jobIds = new ArrayList<>();
      for (java.nio.file.Path f : files) {
        jobIds.add(upload(jobs, f, entity, eventType));
      }
      long uploaded = System.nanoTime();
      int failed = 0;
      for (String id : jobIds) {
        while (true) {
          String job = call("GET", jobs + "/" + id, adminToken, null, 200);
          String status = field(job, "status");
          if (status.equals("PROCESSED") || status.equals("FAILED")) {
            Matcher m = Pattern.compile("\"failedEntities\"\\s*:\\s*(\\d+)").matcher(job);
            failed += m.find() ? Integer.parseInt(m.group(1)) : 0;
            break;
          }
          Thread.sleep(200);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      for (java.nio.file.Path f : files) {
        java.nio.file.Files.deleteIfExists(f);
      }
      if (ids != null) {
        for (String id : jobIds) {
          var request = java.net.http.HttpRequest.newBuilder(URI.create(base + jobs + "/" + id + "/results"))
              .header("Authorization", "Bearer " + adminToken).header("Accept", "text/csv").GET().build();
          String csv = java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
          for (String line : csv.split("\n")) {
            String[] cells = line.split(",", -1);
            if (cells.length > 2 && !cells[2].isEmpty() && !cells[2].equals("id")) {
              ids.add(cells[2]);
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "%-60s %d rows in %d files: upload %.1f s, done after %.1f s = %.0f rows/s, failed rows %d%n",
          name, rows, files.size(), (uploaded - start) / 1e9, seconds, rows / seconds, failed);
      return rows / seconds;
    }

    /** A multipart upload with java.net.http (the file streamed from disk); answers the job id. */
    static String upload(String path, java.nio.file.Path file, String entity, String eventType) throws Exception {
      String boundary = "bulk" + UUID.randomUUID().toString().replace("-", "");
      StringBuilder head = new StringBuilder();
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"operation\"\r\n\r\nUPSERT\r\n");
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"entity\"\r\n\r\n").append(entity).append("\r\n");
      if (eventType != null) {
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"eventType\"\r\n\r\n").append(eventType).append("\r\n");
      }
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
          .append(file.getFileName()).append("\"\r\nContent-Type: text/csv\r\n\r\n");
      var body = java.net.http.HttpRequest.BodyPublishers.concat(
          java.net.http.HttpRequest.BodyPublishers.ofString(head.toString()),
          java.net.http.HttpRequest.BodyPublishers.ofFile(file),
          java.net.http.HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
      var request = java.net.http.HttpRequest.newBuilder(URI.create(base + path))
          .header("Authorization", "Bearer " + adminToken)
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(body).build();
      var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 || !response.body().contains("\"LOADED\"")) {
        throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
      }
      return field(response.body(), "id");
    }

    /** Samples the service's RSS every 200 ms and GETs customers by id in a loop while running. */
    static final class Sampler {
      final long pid;
      final String ws;
      final List<String> ids;
      final int getClients;
      final java.util.concurrent.ConcurrentLinkedQueue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
      final AtomicLong errors = new AtomicLong();
      volatile long maxRssKb;
      volatile boolean running;
      final List<Thread> threads = new ArrayList<>();

      Sampler(long pid, String ws, List<String> ids, int getClients) {
        this.pid = pid;
        this.ws = ws;
        this.ids = ids;
        this.getClients = getClients;
      }

      void start() {
        if (running) {
          return;
        }
        running = true;
        Thread rss = new Thread(() -> {
          while (running) {
            maxRssKb = Math.max(maxRssKb, rssKb());
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        threads.add(rss);
        for (int c = 0; c < getClients && !ids.isEmpty(); c++) {
          int seed = c;
          threads.add(new Thread(() -> {
            Random r = new Random(seed);
            String path = "/hub/v1/workspaces/" + ws + "/customers/";
            while (running) {
              long t = System.nanoTime();
              try {
                int status = send("GET", path + ids.get(r.nextInt(ids.size())), adminToken, null).statusCode();
                if (status != 200) {
                  errors.incrementAndGet();
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
              latencies.add(System.nanoTime() - t);
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                return;
              }
            }
          }));
        }
        threads.forEach(Thread::start);
      }

      long rssKb() {
        try {
          for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
              return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
          }
        } catch (Exception e) {
          return 0;
        }
        return 0;
      }

      void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
          t.join();
        }
      }

      void print() {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-60s %.0f MB (target <= 512)%n", "service peak RSS during the imports", maxRssKb / 1024.0);
        if (sorted.length > 0) {
          System.out.printf(Locale.ROOT, "%-60s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms non-200=%d (target p99 <= 20)%n",
              "customer GET during the imports", sorted.length, sorted[sorted.length / 2] / 1e6,
              sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6, errors.get());
        }
      }
    }
  }

  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    static Object parse(String text) {
      Json j = new Json(text);
      Object v = j.value();
      j.ws();
      if (j.i != text.length()) {
        throw new IllegalArgumentException("trailing data at " + j.i);
      }
      return v;
    }

    /** The value at a path of object keys, or null. */
    static Object path(Object node, String... keys) {
      for (String k : keys) {
        if (!(node instanceof java.util.Map<?, ?> m)) {
          return null;
        }
        node = m.get(k);
      }
      return node;
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private Object value() {
      ws();
      char c = s.charAt(i);
      switch (c) {
        case '{': {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          i++;
          ws();
          if (s.charAt(i) == '}') { i++; return m; }
          while (true) {
            ws();
            String k = string();
            ws();
            expect(':');
            m.put(k, value());
            ws();
            if (s.charAt(i) == ',') { i++; continue; }
            expect('}');
            return m;
          }
        }
        case '[': {
          List<Object> l = new ArrayList<>();
          i++;
          ws();
          if (s.charAt(i) == ']') { i++; return l; }
          while (true) {
            l.add(value());
            ws();
            if (s.charAt(i) == ',') { i++; continue; }
            expect(']');
            return l;
          }
        }
        case '"':
          return string();
        case 't': i += 4; return Boolean.TRUE;
        case 'f': i += 5; return Boolean.FALSE;
        case 'n': i += 4; return null;
        default: {
          int start = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
          String n = s.substring(start, i);
          return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n);
        }
      }
    }

    private void expect(char c) {
      if (s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
      i++;
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') { b.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
          default -> b.append(e);
        }
      }
    }
  }

  record Result(String name, int n, long nanos, long[] latencies, int errors, String statuses) {
    double perSecond() {
      return n / (nanos / 1e9);
    }

    /** "p50 x ms, p99 y ms, z/s" for the closing table. */
    String summary() {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, %.0f/s%s", sorted[sorted.length / 2] / 1e6,
          sorted[(int) (sorted.length * 0.99)] / 1e6, perSecond(), errors > 0 ? ", non-2xx " + errors : "");
    }

    void print() {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT,
          "%-60s n=%d  %.0f/s  p50=%.1f ms  p99=%.1f ms  max=%.1f ms  non-2xx=%d %s%n",
          name, n, perSecond(), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
          sorted[sorted.length - 1] / 1e6, errors, statuses);
    }
  }

  interface Op {
    int apply(int i) throws Exception;
  }

  static Result run(String name, int n, Op op) throws Exception {
    long[] latencies = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < n) {
          long t = System.nanoTime();
          int status;
          try {
            status = op.apply(i);
          } catch (Exception e) {
            status = 0;
          }
          latencies[i] = System.nanoTime() - t;
          if (latencies[i] > slowest) {
            slowest = latencies[i];
          }
          if (status / 100 != 2) {
            errors.incrementAndGet();
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    return new Result(name, n, System.nanoTime() - start, latencies, errors.get(), statuses.isEmpty() ? "" : statuses.toString());
  }

  /** A status and body; the load path uses plain keep-alive sockets, not java.net.http. */
  record Reply(int statusCode, String body) {}

  /**
   * One persistent HTTP/1.1 connection per client thread. The JDK's HttpClient costs several times
   * more CPU per request, and on a small machine the load generator shares the cores with the
   * service it measures.
   */
  static final ThreadLocal<Conn> CONN = new ThreadLocal<>();

  static final class Conn {
    final java.net.Socket socket;
    final java.io.BufferedInputStream in;
    final java.io.OutputStream out;

    Conn(URI uri) throws java.io.IOException {
      socket = new java.net.Socket(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
      out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    Reply exchange(String method, String path, String host, String token, String body) throws java.io.IOException {
      byte[] payload = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256)
          .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
          .append("\r\nAuthorization: Bearer ").append(token).append(extraHeaders)
          .append("\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ")
          .append(payload.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      int length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim();
        if (name.equalsIgnoreCase("content-length")) {
          length = Integer.parseInt(h.substring(colon + 1).trim());
        } else if (name.equalsIgnoreCase("transfer-encoding") && h.toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        }
      }
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(Math.max(length, 256));
      if (chunked) {
        for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
          bytes.write(in.readNBytes(size));
          line();
        }
        line();
      } else if (length > 0) {
        bytes.write(in.readNBytes(length));
      }
      return new Reply(code, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String line() throws java.io.IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      if (c == -1 && b.length() == 0) {
        throw new java.io.EOFException("connection closed");
      }
      return b.toString();
    }
  }

  static Reply send(String method, String path, String token, String body) throws Exception {
    URI uri = URI.create(base);
    for (int attempt = 0; ; attempt++) {
      Conn conn = CONN.get();
      if (conn == null) {
        conn = new Conn(uri);
        CONN.set(conn);
      }
      try {
        return conn.exchange(method, path, uri.getAuthority(), token, body);
      } catch (java.io.IOException e) {
        CONN.remove();
        conn.socket.close();
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  /**
   * {@link #send} that waits and tries again (up to 10 times) while the service answers 503 or 429,
   * as its Retry-After asks (at most 2 s): seeding runs the service at full load on purpose, and an
   * overloaded service answers 503 fast instead of queueing.
   */
  static Reply sendRetrying(String method, String path, String token, String body) throws Exception {
    for (int attempt = 0; ; attempt++) {
      Reply r = send(method, path, token, body);
      if ((r.statusCode() != 503 && r.statusCode() != 429) || attempt >= 9) {
        return r;
      }
      Thread.sleep(Math.min(2000, 250L * (attempt + 1)));
    }
  }

  static String call(String method, String path, String token, String body, int expected) throws Exception {
    Reply r = send(method, path, token, body);
    if (r.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) return args[i + 1];
    }
    if (fallback == null) throw new IllegalArgumentException(name + " is required");
    return fallback;
  }
}
