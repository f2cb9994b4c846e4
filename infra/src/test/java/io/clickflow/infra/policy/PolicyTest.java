package io.clickflow.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds {@code infra/terraform} to every policy, and proves each policy can fail by running it on a
 * fixture that breaks it on purpose ({@code src/test/resources/policy-fixtures/<policy>}).
 */
class PolicyTest {

  private static final Path TERRAFORM = Path.of("terraform");
  private static final Path FIXTURES = Path.of("src", "test", "resources", "policy-fixtures");

  private static List<TerraformFile> tree;

  @BeforeAll
  static void parseTree() {
    tree = TerraformFile.parseTree(TERRAFORM);
  }

  static Stream<Policy> policies() {
    return Policies.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void terraformMeetsPolicy(Policy policy) {
    assertThat(policy.check(tree)).as(policy.name()).isEmpty();
  }

  static Stream<Arguments> badFixtures() {
    return Stream.of(
        Arguments.of("hns-enabled", 3, "is_hns_enabled"),
        Arguments.of("shared-key-disabled", 2, "shared_access_key_enabled"),
        Arguments.of("tls-1.2-minimum", 3, "min_tls_version"),
        Arguments.of("role-assignment-scope", 3, "broader than a filesystem"),
        Arguments.of("no-hard-coded-ids", 6, "id"),
        Arguments.of("federated-subject-scoped", 3, "without wildcards"),
        Arguments.of("workload-federation-scoped", 6, WorkloadFederationPolicy.TYPE + "."),
        Arguments.of("variables-documented", 3, "variable"),
        Arguments.of("providers-pinned", 3, "is not pinned"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFixtures")
  void badFixtureIsReported(String policyName, int expected, String messagePart) {
    Policy policy =
        Policies.all().stream().filter(p -> p.name().equals(policyName)).findFirst().orElseThrow();
    Path fixture = FIXTURES.resolve(policyName);

    List<Violation> violations = policy.check(TerraformFile.parseTree(fixture));

    assertThat(violations)
        .hasSize(expected)
        .allSatisfy(
            v -> {
              assertThat(v.file()).startsWith(fixture);
              assertThat(v.message()).contains(messagePart);
            });
  }

  @Test
  void everyPolicyHasABadFixture() {
    assertThat(badFixtures().map(arguments -> arguments.get()[0]))
        .containsExactlyInAnyOrderElementsOf(policies().map(Policy::name).toList());
    policies().forEach(policy -> assertThat(FIXTURES.resolve(policy.name())).isDirectory());
  }

  @Test
  void policiesAreNotVacuous() {
    assertThat(tree).hasSizeGreaterThanOrEqualTo(20);
    assertThat(count("azurerm_storage_account")).isEqualTo(1);
    assertThat(count("azurerm_storage_data_lake_gen2_filesystem")).isEqualTo(2);
    assertThat(count("azurerm_role_assignment")).isEqualTo(3);
    assertThat(count(WorkloadFederationPolicy.TYPE)).isEqualTo(1);
    assertThat(tree.stream().mapToLong(f -> f.blocks("variable").size()).sum()).isGreaterThan(40);
    assertThat(tree.stream().mapToLong(f -> f.section("terraform", "required_providers").size()))
        .contains(2L);
  }

  /**
   * One state per environment, one deploy principal per state, and its federation policy trusts
   * that state's GitHub environment only (the root variable allows dev and prod): tokens with the
   * audience deploy.yml asks for, from GitHub, for this repository and environment.
   */
  @Test
  void deployPrincipalTrustsItsGithubEnvironmentOnly() {
    Map<String, Object> policy =
        tree.stream()
            .flatMap(f -> f.resources(WorkloadFederationPolicy.TYPE).entrySet().stream())
            .filter(e -> e.getKey().equals("github"))
            .findFirst()
            .orElseThrow()
            .getValue();

    assertThat(policy.get("provider")).hasToString("databricks.account");
    assertThat(policy.get("policy_id")).isEqualTo("github-${var.github_environment}");
    assertThat(policy.get("oidc_policy"))
        .isEqualTo(
            Map.of(
                "issuer",
                WorkloadFederationPolicy.GITHUB_ISSUER,
                "audiences",
                List.of("${var.token_audience}"),
                "subject",
                "repo:${var.github_repository}:environment:${var.github_environment}"));
  }

  @Test
  void producerMayWriteLandingOnly() {
    Map<String, Object> grant =
        tree.stream()
            .flatMap(f -> f.resources("azurerm_role_assignment").entrySet().stream())
            .filter(e -> e.getKey().equals("landing_writer"))
            .findFirst()
            .orElseThrow()
            .getValue();

    assertThat(grant.get("role_definition_name")).isEqualTo("Storage Blob Data Contributor");
    assertThat(grant.get("scope").toString())
        .endsWith("/blobServices/default/containers/${var.landing_filesystem_name}");
  }

  @Test
  void documentedExceptionAllowsABroaderScope() {
    Policy policy =
        new RoleAssignmentScopePolicy(
            Map.of("azurerm_role_assignment.account", "fixture: shows how an exception reads"));

    List<Violation> violations =
        policy.check(TerraformFile.parseTree(FIXTURES.resolve("role-assignment-scope")));

    assertThat(violations)
        .hasSize(2)
        .noneMatch(v -> v.message().startsWith("azurerm_role_assignment.account:"));
  }

  @Test
  void exceptionWithoutReasonIsRefused() {
    assertThatThrownBy(
            () -> new RoleAssignmentScopePolicy(Map.of("azurerm_role_assignment.account", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("azurerm_role_assignment.account");
  }

  @Test
  void exampleVariablesHoldPlaceholdersOnly() throws IOException {
    String example = Files.readString(TERRAFORM.resolve("terraform.tfvars.example"));

    assertThat(
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-")
                .matcher(example)
                .find())
        .as("GUID in terraform.tfvars.example")
        .isFalse();
    assertThat(example).contains("<your-subscription-id>", "<your-tenant-id>");
  }

  @ParameterizedTest
  @MethodSource("brokenSources")
  void unparseableFileIsNamed(String source, @TempDir Path dir) throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.tf"), source);

    assertThatThrownBy(() -> TerraformFile.parse(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.tf");
  }

  static Stream<String> brokenSources() {
    return Stream.of(
        "resource \"x\" \"y\" {\n  a = 1\n",
        "a = \"never closed\n",
        "a = [1, 2\n",
        "}\n",
        "resource \"x\" {{ }\n");
  }

  private static long count(String resourceType) {
    return tree.stream().mapToLong(f -> f.resources(resourceType).size()).sum();
  }
}
