package io.clickflow.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pepper is read through databricks-sdk-java from a local server that answers the Secrets API
 * endpoint the way a workspace does ({@code GET /api/2.0/secrets/get}, base64 value, JSON errors).
 */
class DatabricksSecretPepperTest {

  private static final String TOKEN = "local-test-token";
  private static final String PEPPER = "pepper-for-a-local-test-only";

  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/2.0/secrets/get", this::secretsGet);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void secretsGet(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    String query = exchange.getRequestURI().getQuery();
    if (query.contains("scope=clickflow") && query.contains("key=pii-pepper")) {
      String value =
          Base64.getEncoder().encodeToString((PEPPER + "\n").getBytes(StandardCharsets.UTF_8));
      respond(exchange, 200, "{\"key\":\"pii-pepper\",\"value\":\"" + value + "\"}");
    } else {
      respond(
          exchange,
          404,
          "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Secret does not exist with"
              + " scope: clickflow and key: missing\"}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private WorkspaceClient client() {
    return new WorkspaceClient(
        new DatabricksConfig()
            .setHost("http://127.0.0.1:" + server.getAddress().getPort())
            .setToken(TOKEN)
            .setAuthType("pat"));
  }

  @Test
  void thePepperComesFromTheSecretScopeDecodedAndTrimmed() {
    Pseudonymiser fromSecret = DatabricksSecretPepper.read(client(), "clickflow", "pii-pepper");

    assertThat(fromSecret.pseudonymise("a@example.test"))
        .isEqualTo(new Pseudonymiser(PEPPER).pseudonymise("a@example.test"));
    assertThat(requests).singleElement().asString().startsWith("GET /api/2.0/secrets/get?");
    assertThat(requests.get(0)).contains("scope=clickflow", "key=pii-pepper");
    assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    assertThat(fromSecret.toString()).doesNotContain(PEPPER);
  }

  @Test
  void aMissingSecretIsOneClearErrorWithoutTheValue() {
    assertThatThrownBy(() -> DatabricksSecretPepper.read(client(), "clickflow", "missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "cannot read the PII pepper from Databricks secret clickflow/missing")
        .hasMessageContaining("Secret does not exist");
  }

  @Test
  void blankSecretNamesAreRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> DatabricksSecretPepper.read(" ", "pii-pepper"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--pepper-secret-scope");
    assertThat(requests).isEmpty();
  }
}
