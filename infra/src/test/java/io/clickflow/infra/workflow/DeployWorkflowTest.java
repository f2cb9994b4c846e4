package io.clickflow.infra.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickflow.infra.policy.TerraformFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds {@code .github/workflows/deploy.yml} to Databricks workload identity federation: the CLI
 * signs in with {@code DATABRICKS_AUTH_TYPE: github-oidc}, host and client id come from GitHub
 * variables, the job may mint an OIDC token, and no token or secret is read. It also checks the
 * workflow against {@code infra/terraform}, whose federation policy must accept the token the
 * workflow asks for, and proves the rules can fail: on the Entra-based workflow this replaced, and
 * on one mistake at a time.
 */
class DeployWorkflowTest {

  private static final Path WORKFLOWS = Path.of("..", ".github", "workflows");
  private static final Path DEPLOY = WORKFLOWS.resolve("deploy.yml");
  private static final Path FIXTURES = Path.of("src", "test", "resources", "workflow-fixtures");
  private static final Path TERRAFORM = Path.of("terraform");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String HOST = "${{ vars.DATABRICKS_HOST }}";
  private static final String CLIENT_ID = "${{ vars.DATABRICKS_CLIENT_ID }}";

  /** A major tag ({@code v4}), a full release ({@code v0.299.0}) or a commit SHA. */
  private static final Pattern PINNED_ACTION =
      Pattern.compile("[\\w.-]+/[\\w.-]+@(v\\d+(\\.\\d+){0,2}|[0-9a-f]{40})");

  /** setup-cli decides which CLI, and so which auth code, runs: an exact release only. */
  private static final Pattern PINNED_SETUP_CLI =
      Pattern.compile("databricks/setup-cli@(v\\d+\\.\\d+\\.\\d+|[0-9a-f]{40})");

  private static final Set<String> CREDENTIAL_VARIABLES =
      Set.of("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_PASSWORD");

  /** Entra sign-in settings: under github-oidc they are dead weight that hides the real flow. */
  private static final Set<String> ENTRA_VARIABLES =
      Set.of("ARM_CLIENT_ID", "ARM_TENANT_ID", "ARM_CLIENT_SECRET", "ARM_USE_MSI");

  @Test
  void deployWorkflowSignsInWithWorkloadIdentityFederation() {
    assertThat(problems(read(DEPLOY))).isEmpty();
  }

  @Test
  void entraSignInIsRejected() {
    List<String> problems = problems(read(FIXTURES.resolve("deploy-entra.yml")));

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("DATABRICKS_AUTH_TYPE is github-oidc-azure"))
        .anySatisfy(p -> assertThat(p).contains("DATABRICKS_CLIENT_ID is not set"))
        .anySatisfy(p -> assertThat(p).contains("ARM_CLIENT_ID"))
        .anySatisfy(p -> assertThat(p).contains("databricks/setup-cli@main"));
  }

  static Stream<Arguments> oneMistake() {
    return Stream.of(
        mistake(
            "Entra auth type",
            w -> env(w).put("DATABRICKS_AUTH_TYPE", "github-oidc-azure"),
            "DATABRICKS_AUTH_TYPE is github-oidc-azure"),
        mistake(
            "auth type left to the CLI",
            w -> env(w).remove("DATABRICKS_AUTH_TYPE"),
            "DATABRICKS_AUTH_TYPE is not set"),
        mistake(
            "host from a secret",
            w -> env(w).put("DATABRICKS_HOST", "${{ secrets.DATABRICKS_HOST }}"),
            "DATABRICKS_HOST is ${{ secrets.DATABRICKS_HOST }}"),
        mistake(
            "client id written in",
            w -> env(w).put("DATABRICKS_CLIENT_ID", "deploy-principal"),
            "DATABRICKS_CLIENT_ID is deploy-principal"),
        mistake(
            "personal access token",
            w -> env(w).put("DATABRICKS_TOKEN", "${{ secrets.DATABRICKS_TOKEN }}"),
            "reads secrets.DATABRICKS_TOKEN"),
        mistake(
            "client secret in a step",
            w -> step(w, 3).putObject("env").put("DATABRICKS_CLIENT_SECRET", "not-a-secret"),
            "sets DATABRICKS_CLIENT_SECRET"),
        mistake(
            "no id-token permission",
            w -> ((ObjectNode) w.get("permissions")).remove("id-token"),
            "id-token: write"),
        mistake(
            "write access to the repository",
            w -> ((ObjectNode) w.get("permissions")).put("contents", "write"),
            "contents: read"),
        mistake(
            "setup-cli from a branch",
            w -> step(w, 2).put("uses", "databricks/setup-cli@main"),
            "databricks/setup-cli@main"),
        mistake(
            "setup-cli from a major tag",
            w -> step(w, 2).put("uses", "databricks/setup-cli@v0"),
            "databricks/setup-cli@v0"),
        mistake(
            "checkout from a branch",
            w -> step(w, 0).put("uses", "actions/checkout@main"),
            "actions/checkout@main"),
        mistake(
            "no GitHub environment",
            w -> job(w).remove("environment"),
            "declares no GitHub environment"),
        mistake(
            "deploys from every branch",
            w -> ((ObjectNode) w.path("on").path("push")).putArray("branches").add("**"),
            "on.push"),
        mistake(
            "no deploy",
            w -> ((ArrayNode) job(w).get("steps")).remove(5),
            "databricks bundle deploy"),
        mistake(
            "no smoke run on dev",
            w -> ((ArrayNode) job(w).get("steps")).remove(6),
            "databricks bundle run --target dev"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneMistake")
  void oneMistakeIsReported(String mistake, Consumer<ObjectNode> change, String problemPart) {
    ObjectNode workflow = (ObjectNode) read(DEPLOY);
    change.accept(workflow);

    assertThat(problems(workflow)).anySatisfy(p -> assertThat(p).contains(problemPart));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workflows")
  void everyActionIsPinned(Path workflow) {
    assertThat(unpinnedActions(read(workflow))).isEmpty();
  }

  /** Pull requests run the README's test command, then validate the bundle for both targets. */
  @Test
  void pullRequestsRunEveryTestAndValidateTheBundle() {
    JsonNode ci = read(WORKFLOWS.resolve("ci.yml"));
    assertThat(ci.path("on").has("pull_request")).as("ci.yml runs on pull requests").isTrue();
    assertThat(ci.path("jobs")).hasSize(1);
    JsonNode job = ci.path("jobs").elements().next();
    assertThat(job.path("env").path("CI").asText()).isEqualTo("true");
    String commands = runCommands(job);
    assertThat(commands)
        .contains(
            "./clickflow test",
            "./clickflow bundle validate --target dev",
            "./clickflow bundle validate --target prod");
    assertThat(commands.indexOf("./clickflow test"))
        .as("validate runs after the tests built the JAR")
        .isLessThan(commands.indexOf("./clickflow bundle validate"));
  }

  @Test
  void ciAndDeployInstallTheSameCli() {
    assertThat(setupCli(read(WORKFLOWS.resolve("ci.yml"))))
        .isNotEmpty()
        .isEqualTo(setupCli(read(DEPLOY)));
  }

  /**
   * The federation policy accepts one audience, {@code <workspace>/oidc/v1/token}, built from the
   * same host the workflow gets as {@code DATABRICKS_HOST}: the token the CLI asks GitHub for must
   * carry exactly that.
   */
  @Test
  void tokenAudienceIsTheOneTheFederationPolicyAccepts() {
    TerraformFile main = TerraformFile.parse(TERRAFORM.resolve("main.tf"));
    TerraformFile outputs = TerraformFile.parse(TERRAFORM.resolve("outputs.tf"));
    String terraformAudience = String.valueOf(section(main, "locals").get("deploy_token_audience"));
    Object hostOutput = outputs.blocks("output").get("databricks_host").get("value");
    String workflowAudience = env(read(DEPLOY)).path("DATABRICKS_TOKEN_AUDIENCE").asText();

    assertThat(String.valueOf(hostOutput)).isEqualTo("local.databricks_host");
    assertThat(terraformAudience).startsWith("local.databricks_host");
    assertThat(workflowAudience)
        .isEqualTo(HOST + terraformAudience.substring("local.databricks_host".length()));
    assertThat(main.blocks("module").get("github_deploy").get("token_audience"))
        .as("the module's token_audience, the local as hcl4j resolves it")
        .hasToString(terraformAudience);
  }

  /**
   * The policy's subject names the GitHub environment the job declares; Terraform accepts exactly
   * the environments the workflow can run in, so a rename on one side cannot go unnoticed.
   */
  @Test
  void workflowEnvironmentsAreTheOnesTerraformTrusts() throws IOException {
    String environment = job(read(DEPLOY)).path("environment").asText();
    String variables = Files.readString(TERRAFORM.resolve("variables.tf"));

    assertThat(environment).contains("'prod'", "'dev'");
    assertThat(quotedNames(environment)).containsExactlyInAnyOrder("refs/tags/v", "prod", "dev");
    assertThat(variables).contains("contains([\"dev\", \"prod\"], var.github_environment)");
  }

  /** Every rule the deploy workflow breaks, one line each; empty when it breaks none. */
  static List<String> problems(JsonNode workflow) {
    List<String> problems = new ArrayList<>();
    JsonNode permissions = workflow.path("permissions");
    if (!permissions.equals(YAML.valueToTree(Map.of("id-token", "write", "contents", "read")))) {
      problems.add(
          "permissions are "
              + permissions
              + "; they must be exactly id-token: write and contents: read");
    }
    JsonNode push = workflow.path("on").path("push");
    if (!push.path("branches").equals(YAML.valueToTree(List.of("main")))
        || !push.path("tags").equals(YAML.valueToTree(List.of("v*")))) {
      problems.add("on.push is " + push + "; dev deploys from main and prod from v* tags");
    }
    JsonNode job = workflow.path("jobs").path("deploy");
    if (job.has("permissions")) {
      problems.add("job deploy overrides the workflow's permissions");
    }
    JsonNode env = job.path("env");
    expect(env, "DATABRICKS_AUTH_TYPE", "github-oidc", problems);
    expect(env, "DATABRICKS_HOST", HOST, problems);
    expect(env, "DATABRICKS_CLIENT_ID", CLIENT_ID, problems);
    if (!job.path("environment").asText().contains("'prod'")
        || !job.path("environment").asText().contains("'dev'")) {
      problems.add(
          "job deploy declares no GitHub environment dev or prod: the federation subject"
              + " repo:<owner>/<name>:environment:<env> can never match");
    }
    findCredentials(workflow, "", problems);
    problems.addAll(unpinnedActions(workflow));
    String commands = runCommands(job);
    for (String command :
        List.of(
            "databricks bundle validate",
            "databricks bundle deploy",
            "databricks bundle run --target dev")) {
      if (!commands.contains(command)) {
        problems.add("no step runs " + command);
      }
    }
    return problems;
  }

  private static void expect(JsonNode env, String name, String expected, List<String> problems) {
    String actual = env.path(name).asText(null);
    if (actual == null) {
      problems.add(name + " is not set; it must be " + expected);
    } else if (!actual.equals(expected)) {
      problems.add(name + " is " + actual + "; it must be " + expected);
    }
  }

  private static void findCredentials(JsonNode node, String at, List<String> problems) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                if (at.endsWith("env") && CREDENTIAL_VARIABLES.contains(field.getKey())) {
                  problems.add(path + ": sets " + field.getKey() + ", a credential");
                }
                if (at.endsWith("env") && ENTRA_VARIABLES.contains(field.getKey())) {
                  problems.add(
                      path
                          + ": sets "
                          + field.getKey()
                          + " for Entra sign-in; github-oidc uses none");
                }
                findCredentials(field.getValue(), path, problems);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findCredentials(node.get(i), at + "[" + i + "]", problems);
      }
    } else if (node.asText().contains("secrets.")) {
      problems.add(at + ": reads " + secretName(node.asText()) + "; deploys use no secret");
    }
  }

  private static String secretName(String text) {
    var matcher = Pattern.compile("secrets\\.[A-Za-z0-9_]+").matcher(text);
    return matcher.find() ? matcher.group() : "a secret";
  }

  static List<String> unpinnedActions(JsonNode workflow) {
    List<String> problems = new ArrayList<>();
    workflow
        .path("jobs")
        .forEach(
            job ->
                job.path("steps")
                    .forEach(
                        step -> {
                          String uses = step.path("uses").asText("");
                          Pattern pin =
                              uses.startsWith("databricks/setup-cli@")
                                  ? PINNED_SETUP_CLI
                                  : PINNED_ACTION;
                          if (!uses.isEmpty() && !pin.matcher(uses).matches()) {
                            problems.add(uses + " is not pinned to a release tag or a commit SHA");
                          }
                        }));
    return problems;
  }

  private static String setupCli(JsonNode workflow) {
    return workflow.path("jobs").findValuesAsText("uses").stream()
        .filter(uses -> uses.startsWith("databricks/setup-cli@"))
        .findFirst()
        .orElse("");
  }

  private static String runCommands(JsonNode job) {
    StringBuilder commands = new StringBuilder();
    job.path("steps").forEach(step -> commands.append(step.path("run").asText("")).append('\n'));
    return commands.toString();
  }

  private static List<String> quotedNames(String expression) {
    return Pattern.compile("'([^']*)'").matcher(expression).results().map(m -> m.group(1)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(TerraformFile file, String name) {
    return file.blocks().get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  static Stream<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  private static Arguments mistake(String name, Consumer<ObjectNode> change, String problemPart) {
    return Arguments.of(name, change, problemPart);
  }

  private static ObjectNode job(JsonNode workflow) {
    return (ObjectNode) workflow.path("jobs").path("deploy");
  }

  private static ObjectNode env(JsonNode workflow) {
    return (ObjectNode) workflow.path("jobs").path("deploy").path("env");
  }

  private static ObjectNode step(ObjectNode workflow, int index) {
    return (ObjectNode) job(workflow).path("steps").get(index);
  }

  private static JsonNode read(Path workflow) {
    try {
      return YAML.readTree(workflow.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("read workflow " + workflow, e);
    }
  }
}
