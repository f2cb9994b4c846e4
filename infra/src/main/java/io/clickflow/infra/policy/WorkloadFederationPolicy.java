package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Databricks service principal federation policy trusts GitHub Actions tokens of exactly one
 * repository and one GitHub environment. Its issuer is GitHub's, its subject is {@code
 * repo:<owner>/<name>:environment:<environment>} with no wildcard, and it reads that subject from
 * the {@code sub} claim: a policy on another claim (say {@code repository}) would accept every
 * branch, tag and pull request of the repository.
 */
public final class WorkloadFederationPolicy implements Policy {

  static final String TYPE = "databricks_service_principal_federation_policy";
  static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  private static final Pattern REPO_AND_ENVIRONMENT =
      Pattern.compile("repo:[^:*?\\s]+:environment:[^:*?\\s]+");

  @Override
  public String name() {
    return "workload-federation-scoped";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    file.resources(TYPE)
        .forEach(
            (name, body) -> {
              String address = TYPE + "." + name;
              List<Map<?, ?>> policies = oidcPolicies(body.get("oidc_policy"));
              if (policies.isEmpty()) {
                violations.add(
                    new Violation(
                        file.path(),
                        address + ": no oidc_policy; it must name issuer and subject"));
              }
              policies.forEach(policy -> checkOidcPolicy(file, address, policy, violations));
            });
    return violations;
  }

  private static void checkOidcPolicy(
      TerraformFile file, String address, Map<?, ?> policy, List<Violation> violations) {
    Object issuer = policy.get("issuer");
    if (!GITHUB_ISSUER.equals(issuer)) {
      violations.add(
          new Violation(
              file.path(),
              address + ": issuer \"" + text(issuer) + "\" must be exactly " + GITHUB_ISSUER));
    }
    String subject = text(policy.get("subject"));
    if (subject.contains("*") || !REPO_AND_ENVIRONMENT.matcher(subject).matches()) {
      violations.add(
          new Violation(
              file.path(),
              address
                  + ": subject \""
                  + subject
                  + "\" must be repo:<owner>/<name>:environment:<environment> without wildcards"));
    }
    Object claim = policy.get("subject_claim");
    if (claim != null && !"sub".equals(claim)) {
      violations.add(
          new Violation(
              file.path(),
              address
                  + ": subject_claim \""
                  + claim
                  + "\" must be sub (or left out), the claim that names repository and environment"));
    }
  }

  /** {@code oidc_policy = {...}} parses to a map; the older block form may repeat, as a list. */
  private static List<Map<?, ?>> oidcPolicies(Object value) {
    List<Map<?, ?>> policies = new ArrayList<>();
    if (value instanceof Map<?, ?> map) {
      policies.add(map);
    } else if (value instanceof List<?> list) {
      list.stream().filter(Map.class::isInstance).forEach(item -> policies.add((Map<?, ?>) item));
    }
    return policies;
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
