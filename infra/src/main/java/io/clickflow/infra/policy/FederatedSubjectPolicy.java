package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A GitHub federated credential trusts exactly one repository and one GitHub environment: {@code
 * repo:<owner>/<name>:environment:<environment>}. No wildcard, and no branch or pull-request
 * subject, which any contributor's workflow run could match.
 */
public final class FederatedSubjectPolicy implements Policy {

  private static final List<String> CREDENTIAL_TYPES =
      List.of(
          "azuread_application_federated_identity_credential",
          "azurerm_federated_identity_credential");

  private static final Pattern REPO_AND_ENVIRONMENT =
      Pattern.compile("repo:[^:*?\\s]+:environment:[^:*?\\s]+");

  @Override
  public String name() {
    return "federated-subject-scoped";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    for (String type : CREDENTIAL_TYPES) {
      file.resources(type)
          .forEach(
              (name, body) -> {
                Object subject = body.get("subject");
                String text = subject == null ? "" : subject.toString();
                if (text.contains("*") || !REPO_AND_ENVIRONMENT.matcher(text).matches()) {
                  violations.add(
                      new Violation(
                          file.path(),
                          type
                              + "."
                              + name
                              + ": subject \""
                              + text
                              + "\" must be repo:<owner>/<name>:environment:<environment>"
                              + " without wildcards"));
                }
              });
    }
    return violations;
  }
}
