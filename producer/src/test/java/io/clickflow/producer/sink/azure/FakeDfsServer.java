package io.clickflow.producer.sink.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Answers like the ADLS Gen2 DFS endpoint for the calls the ADLS sink makes: create, append, flush,
 * rename, delete and list paths. It records every request, and can be told to answer chosen
 * requests with an error, the way a real account would.
 */
final class FakeDfsServer implements AutoCloseable {

  /**
   * One request as it arrived.
   *
   * @param path the decoded path; the SDK sends the slashes below the filesystem as %2F
   * @param headers lower-case names, first value
   */
  record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      int bodyLength) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * e.g. {@code PATCH action=append&position=0}, with the query parameters the test cares about.
     */
    String summary(String... parameters) {
      StringBuilder text = new StringBuilder(method).append(' ').append(path);
      String separator = "?";
      for (String parameter : parameters) {
        if (query.containsKey(parameter)) {
          text.append(separator).append(parameter).append('=').append(query.get(parameter));
          separator = "&";
        }
      }
      return text.toString();
    }
  }

  /** An error to send instead of the normal answer to the first request that matches. */
  private record Failure(
      Predicate<Request> matches, int status, String code, Map<String, String> headers) {}

  private final HttpsServer server;
  private final List<Request> requests = new ArrayList<>();
  private final List<Failure> failures = new ArrayList<>();
  private final Map<String, Boolean> paths = new TreeMap<>();
  private String listingError;

  private FakeDfsServer(SSLContext tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeDfsServer start(SSLContext tls) throws IOException {
    return new FakeDfsServer(tls);
  }

  /** The endpoint for an account, path-style as the SDK expects for an IP address. */
  URI endpoint(String account) {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/" + account);
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers the next request that matches with this error, once. */
  synchronized void fail(
      Predicate<Request> matches, int status, String code, Map<String, String> headers) {
    failures.add(new Failure(matches, status, code, headers));
  }

  /** Makes a file or directory exist for listings, by its path below the filesystem. */
  synchronized void addPath(String path, boolean directory) {
    paths.put(path, directory);
  }

  /** Answers listings with this error code and 404, as for a missing folder or filesystem. */
  synchronized void listingNotFound(String code) {
    listingError = code;
  }

  static Predicate<Request> action(String action) {
    return request -> action.equals(request.query().get("action"));
  }

  static Predicate<Request> create() {
    return request -> "file".equals(request.query().get("resource"));
  }

  static Predicate<Request> any() {
    return request -> true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int length;
      try (InputStream body = exchange.getRequestBody()) {
        length = body.readAllBytes().length;
      }
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              query(exchange.getRequestURI().getRawQuery()),
              headers,
              length);
      Failure failure;
      synchronized (this) {
        requests.add(request);
        failure = takeFailure(request);
      }
      if (failure != null) {
        failure.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        send(exchange, failure.status(), failure.code(), errorBody(failure.code()));
        return;
      }
      answer(exchange, request);
    }
  }

  private Failure takeFailure(Request request) {
    for (Iterator<Failure> it = failures.iterator(); it.hasNext(); ) {
      Failure failure = it.next();
      if (failure.matches().test(request)) {
        it.remove();
        return failure;
      }
    }
    return null;
  }

  private void answer(HttpExchange exchange, Request request) throws IOException {
    exchange.getResponseHeaders().add("ETag", "\"0x8DC0000000000" + requests.size() + "\"");
    exchange
        .getResponseHeaders()
        .add(
            "Last-Modified",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    String resource = request.query().get("resource");
    String action = request.query().get("action");
    switch (request.method()) {
      case "PUT" -> {
        if (request.header("x-ms-rename-source") != null) {
          synchronized (this) {
            paths.remove(belowFilesystem(request.header("x-ms-rename-source"), 2));
            paths.put(belowFilesystem(request.path(), 3), false);
          }
        } else if ("file".equals(resource)) {
          synchronized (this) {
            paths.put(belowFilesystem(request.path(), 3), false);
          }
        }
        send(exchange, 201, null, "");
      }
      case "PATCH" -> send(exchange, "append".equals(action) ? 202 : 200, null, "");
      case "DELETE" -> {
        synchronized (this) {
          paths.remove(belowFilesystem(request.path(), 3));
        }
        send(exchange, 200, null, "");
      }
      case "GET" -> {
        String error;
        StringBuilder json = new StringBuilder("{\"paths\":[");
        synchronized (this) {
          error = listingError;
          String separator = "";
          for (Map.Entry<String, Boolean> path : paths.entrySet()) {
            json.append(separator)
                .append("{\"name\":\"")
                .append(path.getKey())
                .append("\",\"isDirectory\":\"")
                .append(path.getValue())
                .append("\",\"contentLength\":\"0\",\"lastModified\":\"")
                .append(
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\",\"etag\":\"0x1\"}");
            separator = ",";
          }
        }
        json.append("]}");
        if (error != null) {
          send(exchange, 404, error, errorBody(error));
        } else {
          exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
          send(exchange, 200, null, json.toString());
        }
      }
      default -> send(exchange, 405, "UnsupportedHttpVerb", errorBody("UnsupportedHttpVerb"));
    }
  }

  /** The path without {@code /<account>/<filesystem>/} (or {@code /<filesystem>/}), decoded. */
  private static String belowFilesystem(String path, int skip) {
    String[] parts = path.split("/", skip + 1);
    return URLDecoder.decode(parts.length > skip ? parts[skip] : "", StandardCharsets.UTF_8);
  }

  private static String errorBody(String code) {
    return "{\"error\":{\"code\":\""
        + code
        + "\",\"message\":\"Answered by the test server.\\nRequestId:0\\nTime:0\"}}";
  }

  private static void send(HttpExchange exchange, int status, String code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("x-ms-request-id", "00000000-0000-0000-0000-000000000000");
    exchange.getResponseHeaders().add("x-ms-version", "2025-01-05");
    if (code != null) {
      exchange.getResponseHeaders().add("x-ms-error-code", code);
      exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
