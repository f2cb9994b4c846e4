package io.clickflow.monitoring.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server on 127.0.0.1 that speaks the Databricks REST endpoints the exporter's SDK
 * calls, so that the real SDK can be pointed at it:
 *
 * <ul>
 *   <li>{@code POST /api/2.0/sql/statements}, {@code GET /api/2.0/sql/statements/{id}}, {@code GET
 *       /api/2.0/sql/statements/{id}/result/chunks/{n}} and {@code POST
 *       /api/2.0/sql/statements/{id}/cancel}, answered by a {@link Warehouse} that a test supplies;
 *   <li>{@code GET /api/2.2/jobs/list} and {@code GET /api/2.2/jobs/runs/list}, answered by
 *       scripts.
 * </ul>
 *
 * Every request is recorded, so tests assert what was sent. HTTP failures (429, 503) can be put in
 * front of any endpoint. The warehouse applies {@code row_limit} as a real one does, and splits
 * results into chunks of {@link Answer#chunkRows} rows.
 */
public final class LocalDatabricks implements AutoCloseable {

  /** A personal access token that exists nowhere but in these tests. */
  public static final String TOKEN = "local-test-token";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATEMENTS = "/api/2.0/sql/statements";
  private static final Pattern STATEMENT = Pattern.compile(STATEMENTS + "/([^/]+)");
  private static final Pattern CHUNK =
      Pattern.compile(STATEMENTS + "/([^/]+)/result/chunks/(\\d+)");
  private static final Pattern CANCEL = Pattern.compile(STATEMENTS + "/([^/]+)/cancel");

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
  }

  /** A scripted HTTP answer. */
  public record Response(int status, String body, Map<String, String> headers) {
    public static Response ok(String json) {
      return new Response(200, json, Map.of());
    }

    public static Response error(int status, String errorCode, String message) {
      ObjectNode body =
          JSON.createObjectNode().put("error_code", errorCode).put("message", message);
      return new Response(status, body.toString(), Map.of());
    }

    /** The answer a rate-limited or briefly unavailable workspace gives, retryable at once. */
    public static Response retryLater(int status) {
      return error(status, status == 429 ? "TOO_MANY_REQUESTS" : "TEMPORARILY_UNAVAILABLE", "later")
          .withHeader("Retry-After", "0");
    }

    public Response withHeader(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Response(status, body, all);
    }
  }

  /** A statement as the warehouse received it. */
  public record Statement(String id, JsonNode body) {
    public String sql() {
      return body.path("statement").asText();
    }

    public String warehouseId() {
      return body.path("warehouse_id").asText(null);
    }

    public String catalog() {
      return body.path("catalog").asText(null);
    }

    public String schema() {
      return body.path("schema").asText(null);
    }

    public OptionalLong rowLimit() {
      JsonNode limit = body.get("row_limit");
      return limit == null || limit.isNull()
          ? OptionalLong.empty()
          : OptionalLong.of(limit.asLong());
    }

    /** Parameter values by name. */
    public Map<String, String> parameters() {
      Map<String, String> values = new LinkedHashMap<>();
      body.path("parameters")
          .forEach(p -> values.put(p.path("name").asText(), p.path("value").asText()));
      return values;
    }

    /** Parameter types by name. */
    public Map<String, String> parameterTypes() {
      Map<String, String> types = new LinkedHashMap<>();
      body.path("parameters")
          .forEach(p -> types.put(p.path("name").asText(), p.path("type").asText()));
      return types;
    }

    public String parameter(String name) {
      String value = parameters().get(name);
      if (value == null) {
        throw new AssertionError("statement has no parameter " + name + ": " + body);
      }
      return value;
    }
  }

  /** How the warehouse answers one statement. */
  public static final class Answer {
    private final List<String> columns;
    private final List<List<String>> rows;
    private final ObjectNode error;
    private final String sqlState;
    private int unfinishedAnswers;
    private int chunkRows = Integer.MAX_VALUE;

    private Answer(
        List<String> columns, List<List<String>> rows, ObjectNode error, String sqlState) {
      this.columns = columns;
      this.rows = rows;
      this.error = error;
      this.sqlState = sqlState;
    }

    public static Answer rows(List<String> columns, List<List<String>> rows) {
      return new Answer(List.copyOf(columns), new ArrayList<>(rows), null, null);
    }

    public static Answer failed(String errorCode, String message, String sqlState) {
      ObjectNode error =
          JSON.createObjectNode().put("error_code", errorCode).put("message", message);
      return new Answer(List.of(), List.of(), error, sqlState);
    }

    /** What a warehouse says about a table that does not exist. */
    public static Answer tableNotFound(String table) {
      return failed(
          "BAD_REQUEST",
          "[TABLE_OR_VIEW_NOT_FOUND] The table or view " + table + " cannot be found.",
          "42P01");
    }

    /** The submit and the next {@code answers - 1} polls report the statement unfinished. */
    public Answer unfinishedFor(int answers) {
      this.unfinishedAnswers = answers;
      return this;
    }

    public Answer neverFinishes() {
      return unfinishedFor(Integer.MAX_VALUE);
    }

    public Answer chunkRows(int rowsPerChunk) {
      this.chunkRows = rowsPerChunk;
      return this;
    }
  }

  /** Answers statements; a test's stand-in for the SQL engine. */
  @FunctionalInterface
  public interface Warehouse extends Function<Statement, Answer> {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, Deque<Response>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Deque<Response>> faults = new ConcurrentHashMap<>();
  private volatile Warehouse warehouse =
      statement -> Answer.failed("BAD_REQUEST", "no warehouse scripted", null);

  private LocalDatabricks(HttpServer server) {
    this.server = server;
  }

  public static LocalDatabricks start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalDatabricks api = new LocalDatabricks(server);
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

  /** The SDK's configuration for this server, with a token that is valid nowhere else. */
  public DatabricksConfig config() {
    return new DatabricksConfig().setHost(url()).setToken(TOKEN).setAuthType("pat");
  }

  public WorkspaceClient workspace() {
    return new WorkspaceClient(config());
  }

  public LocalDatabricks warehouse(Warehouse answers) {
    this.warehouse = Objects.requireNonNull(answers, "answers");
    return this;
  }

  /** Scripts {@code METHOD /path}: the responses in order, the last repeated. */
  public LocalDatabricks on(String method, String path, Response... responses) {
    if (responses.length == 0) {
      throw new IllegalArgumentException("script at least one response for " + path);
    }
    scripts.put(method + " " + path, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  /** Answers the next requests to {@code METHOD /path} with these failures, then normally. */
  public LocalDatabricks failFirst(String method, String path, Response... failures) {
    faults.put(method + " " + path, new ArrayDeque<>(List.of(failures)));
    return this;
  }

  public synchronized List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  /** Every request to a REST endpoint ({@code /api/...}), in arrival order. */
  public synchronized List<Request> apiRequests() {
    return requests.stream().filter(r -> r.path().startsWith("/api/")).toList();
  }

  /** Statements the warehouse accepted, in arrival order. */
  public synchronized List<Statement> statements() {
    return List.copyOf(statements);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    Request request =
        new Request(
            exchange.getRequestMethod(),
            path,
            query(exchange.getRequestURI().getRawQuery()),
            body,
            exchange.getRequestHeaders().getFirst("Authorization"));
    synchronized (this) {
      requests.add(request);
    }
    Response response;
    Deque<Response> fault = faults.get(request.method() + " " + path);
    Response injected = fault == null ? null : fault.poll();
    if (injected != null) {
      response = injected;
    } else if (!path.startsWith("/api/")) {
      // Discovery (/.well-known/..., /oidc/...) answers without a token on a real workspace.
      response = Response.error(404, "NOT_FOUND", "no such path: " + path);
    } else if (!("Bearer " + TOKEN).equals(request.authorization())) {
      response = Response.error(401, "UNAUTHENTICATED", "Invalid access token.");
    } else {
      response = route(request);
    }
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Response route(Request request) {
    String path = request.path();
    if (request.method().equals("POST") && path.equals(STATEMENTS)) {
      return submit(request);
    }
    Matcher chunk = CHUNK.matcher(path);
    if (request.method().equals("GET") && chunk.matches()) {
      Run run = runs.get(chunk.group(1));
      return run == null
          ? noStatement(chunk.group(1))
          : run.chunk(Integer.parseInt(chunk.group(2)));
    }
    Matcher cancel = CANCEL.matcher(path);
    if (request.method().equals("POST") && cancel.matches()) {
      Run run = runs.get(cancel.group(1));
      if (run == null) {
        return noStatement(cancel.group(1));
      }
      run.cancelled = true;
      return Response.ok("{}");
    }
    Matcher statement = STATEMENT.matcher(path);
    if (request.method().equals("GET") && statement.matches()) {
      Run run = runs.get(statement.group(1));
      return run == null ? noStatement(statement.group(1)) : run.poll();
    }
    Deque<Response> script = scripts.get(request.method() + " " + path);
    if (script == null) {
      return Response.error(404, "ENDPOINT_NOT_FOUND", "no such endpoint: " + path);
    }
    synchronized (script) {
      return script.size() > 1 ? script.poll() : script.peek();
    }
  }

  private Response submit(Request request) {
    Statement statement;
    synchronized (this) {
      statement = new Statement("stmt-" + (statements.size() + 1), request.json());
      statements.add(statement);
    }
    Answer answer = warehouse.apply(statement);
    Run run = new Run(statement, answer);
    runs.put(statement.id(), run);
    return run.poll();
  }

  private static Response noStatement(String id) {
    return Response.error(404, "NOT_FOUND", "statement " + id + " does not exist");
  }

  /** One statement's life: unfinished answers, then its outcome. */
  private static final class Run {
    private final Statement statement;
    private final Answer answer;
    private final List<List<String>> rows;
    private final boolean truncated;
    private int unfinished;
    private volatile boolean cancelled;

    Run(Statement statement, Answer answer) {
      this.statement = statement;
      this.answer = answer;
      this.unfinished = answer.unfinishedAnswers;
      long limit = statement.rowLimit().orElse(Long.MAX_VALUE);
      this.truncated = answer.rows.size() > limit;
      this.rows = truncated ? answer.rows.subList(0, (int) limit) : answer.rows;
    }

    synchronized Response poll() {
      ObjectNode response = JSON.createObjectNode().put("statement_id", statement.id());
      ObjectNode status = response.putObject("status");
      if (cancelled) {
        status.put("state", "CANCELED");
        return Response.ok(response.toString());
      }
      if (unfinished > 0) {
        status.put("state", unfinished == answer.unfinishedAnswers ? "PENDING" : "RUNNING");
        if (unfinished != Integer.MAX_VALUE) {
          unfinished--;
        }
        return Response.ok(response.toString());
      }
      if (answer.error != null) {
        status.put("state", "FAILED");
        status.set("error", answer.error.deepCopy());
        if (answer.sqlState != null) {
          status.put("sql_state", answer.sqlState);
        }
        return Response.ok(response.toString());
      }
      status.put("state", "SUCCEEDED");
      ObjectNode manifest = response.putObject("manifest");
      manifest.put("format", "JSON_ARRAY");
      ObjectNode schema = manifest.putObject("schema").put("column_count", answer.columns.size());
      ArrayNode columns = schema.putArray("columns");
      for (int i = 0; i < answer.columns.size(); i++) {
        columns
            .addObject()
            .put("name", answer.columns.get(i))
            .put("position", i)
            .put("type_name", "STRING")
            .put("type_text", "STRING");
      }
      int chunks = chunkCount();
      manifest.put("total_chunk_count", chunks);
      manifest.put("total_row_count", rows.size());
      manifest.put("truncated", truncated);
      ArrayNode chunkInfos = manifest.putArray("chunks");
      for (int i = 0; i < chunks; i++) {
        chunkInfos
            .addObject()
            .put("chunk_index", i)
            .put("row_offset", (long) i * answer.chunkRows)
            .put("row_count", chunkRows(i).size());
      }
      if (chunks > 0) {
        response.set("result", chunkBody(0));
      }
      return Response.ok(response.toString());
    }

    Response chunk(int index) {
      if (index >= chunkCount()) {
        return Response.error(400, "INVALID_PARAMETER_VALUE", "no chunk " + index);
      }
      return Response.ok(chunkBody(index).toString());
    }

    private int chunkCount() {
      return (int) ((rows.size() + (long) answer.chunkRows - 1) / answer.chunkRows);
    }

    private List<List<String>> chunkRows(int index) {
      int from = index * answer.chunkRows;
      return rows.subList(from, Math.min(rows.size(), from + answer.chunkRows));
    }

    private ObjectNode chunkBody(int index) {
      List<List<String>> chunk = chunkRows(index);
      ObjectNode body =
          JSON.createObjectNode()
              .put("chunk_index", index)
              .put("row_offset", (long) index * answer.chunkRows)
              .put("row_count", chunk.size());
      ArrayNode data = body.putArray("data_array");
      for (List<String> row : chunk) {
        ArrayNode values = data.addArray();
        row.forEach(values::add);
      }
      if (index + 1 < chunkCount()) {
        body.put("next_chunk_index", index + 1);
        body.put(
            "next_chunk_internal_link",
            STATEMENTS + "/" + statement.id() + "/result/chunks/" + (index + 1));
      }
      return body;
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
