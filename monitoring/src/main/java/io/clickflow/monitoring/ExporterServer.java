package io.clickflow.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} in the Prometheus text format and {@code /healthz} with the JDK's
 * built-in HTTP server: two endpoints do not justify a web framework. A scrape renders the values
 * the {@link MetricsRefresher} last published and never reads the event log itself, so that its
 * time does not depend on storage or on the size of the log.
 */
public final class ExporterServer implements AutoCloseable {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(ExporterServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private ExporterServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param address where to listen; port 0 picks a free port, see {@link #port()}
   * @throws IOException when the address cannot be bound, e.g. the port is taken
   */
  public static ExporterServer start(InetSocketAddress address, PrometheusMeterRegistry registry)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics", exchange -> respond(exchange, PROMETHEUS_TEXT, registry::scrape));
    server.createContext(
        "/healthz", exchange -> respond(exchange, "text/plain; charset=utf-8", () -> "ok\n"));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "monitor-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    return new ExporterServer(server, executor);
  }

  /** The bound port, useful after binding port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  public URI metricsUri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/metrics");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private interface Body {
    String render();
  }

  private static void respond(HttpExchange exchange, String contentType, Body body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes;
      int status = 200;
      try {
        bytes = body.render().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        log.warn("serve {}: {}", exchange.getRequestURI(), e.toString());
        bytes = ("internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8);
        contentType = "text/plain; charset=utf-8";
        status = 500;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(method)) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
