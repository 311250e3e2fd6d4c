package io.customer360.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder in front of the real Elasticsearch, so a test can make Elasticsearch
 * unreachable for the application ({@link #close}) and reachable again ({@link #open}) without
 * stopping the shared server. The application under test is pointed at it by {@code
 * quarkus.elasticsearch.hosts}.
 */
public class ElasticsearchForwarder implements QuarkusTestResourceLifecycleManager {

  /** The running forwarder of the current test profile. */
  static volatile ElasticsearchForwarder current;

  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final String upstreamHost;
  private final int upstreamPort;
  private ServerSocket server;
  private int port;

  public ElasticsearchForwarder() {
    String hosts = System.getenv().getOrDefault("C360_ES_HOSTS", "127.0.0.1:9200").split(",")[0];
    upstreamHost = hosts.substring(0, hosts.lastIndexOf(':'));
    upstreamPort = Integer.parseInt(hosts.substring(hosts.lastIndexOf(':') + 1));
  }

  @Override
  public Map<String, String> start() {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    open();
    current = this;
    return Map.of(
        "quarkus.elasticsearch.hosts", "127.0.0.1:" + port, "customer360.search.backoff-max", "1s");
  }

  @Override
  public void stop() {
    close();
  }

  /** Starts accepting connections (again) on the same port. */
  synchronized void open() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = s;
      Thread acceptor = new Thread(() -> accept(s), "es-forwarder-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Refuses new connections and cuts the open ones: Elasticsearch is unreachable. */
  synchronized void close() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    server = null;
    sockets.forEach(ElasticsearchForwarder::quietly);
    sockets.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or upstream unreachable: the client sees a dropped connection
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // one side closed
              } finally {
                quietly(from);
                quietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "es-forwarder-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
