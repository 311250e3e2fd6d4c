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
  static String adminToken;
  static int clients;

  public static void main(String[] args) throws Exception {
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
    int pgbenchSeconds = Integer.parseInt(arg(args, "--pgbench-seconds", "20"));

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
    System.out.printf(Locale.ROOT, "slowest request of the whole benchmark: %.1f ms%n", slowest / 1e6);
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

  record Result(String name, int n, long nanos, long[] latencies, int errors, String statuses) {
    double perSecond() {
      return n / (nanos / 1e9);
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
          .append("\r\nAuthorization: Bearer ").append(token)
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
