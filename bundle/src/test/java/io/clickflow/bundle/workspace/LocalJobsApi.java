package io.clickflow.bundle.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP server that speaks the Databricks REST endpoints a test scripts, so the real SDK can
 * be pointed at {@code http://127.0.0.1:<port>}. Every request is recorded, so tests assert what
 * was sent. Each endpoint answers its scripted responses in order and repeats the last one; an
 * endpoint without a script answers 404, like a workspace that lacks it.
 */
public final class LocalJobsApi implements AutoCloseable {

  /** One request as the server received it, query parameters decoded. */
  public record Request(
      String method, String path, Map<String, String> query, String body, String authorization) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String endpoint() {
      return method + " " + path;
    }
  }

  /** A scripted answer. */
  public record Response(int status, String body, Map<String, String> headers) {
    public static Response ok(String json) {
      return new Response(200, json, Map.of());
    }

    public static Response error(int status, String errorCode, String message) {
      return new Response(
          status,
          "{\"error_code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}",
          Map.of());
    }

    public Response withHeader(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Response(status, body, all);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, Deque<Response>> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();

  private LocalJobsApi(HttpServer server) {
    this.server = server;
  }

  public static LocalJobsApi start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalJobsApi api = new LocalJobsApi(server);
      server.createContext("/", api::handle);
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Scripts {@code METHOD /path}: the responses in order, the last repeated. */
  public LocalJobsApi on(String method, String path, Response... responses) {
    if (responses.length == 0) {
      throw new IllegalArgumentException("script at least one response for " + path);
    }
    scripts.put(method + " " + path, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  /** Every request to a REST endpoint ({@code /api/...}), in arrival order. */
  public synchronized List<Request> apiRequests() {
    return requests.stream().filter(r -> r.path().startsWith("/api/")).toList();
  }

  public synchronized List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            query(exchange.getRequestURI().getRawQuery()),
            body,
            exchange.getRequestHeaders().getFirst("Authorization"));
    synchronized (this) {
      requests.add(request);
    }
    Response response = next(request.endpoint());
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Response next(String endpoint) {
    Deque<Response> script = scripts.get(endpoint);
    if (script == null) {
      return Response.error(404, "ENDPOINT_NOT_FOUND", "no such endpoint: " + endpoint);
    }
    synchronized (script) {
      return script.size() > 1 ? script.poll() : script.peek();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
