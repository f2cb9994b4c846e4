package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every {@code azurerm_role_assignment} is scoped to one filesystem (blob container) or narrower,
 * never to a subscription, resource group or storage account. The scope must show that shape in the
 * resource itself ({@code ".../blobServices/default/containers/<name>"}), so that a reviewer and
 * this policy can both see it without evaluating Terraform.
 *
 * <p>A broader scope is allowed only when it is listed, with its reason, in the documented
 * exceptions: resource address (e.g. {@code azurerm_role_assignment.deployer}) to reason.
 */
public final class RoleAssignmentScopePolicy implements Policy {

  /** Documented exceptions for {@code infra/terraform}: none, every grant is per filesystem. */
  public static final Map<String, String> DOCUMENTED_EXCEPTIONS = Map.of();

  private static final String ROLE_ASSIGNMENT = "azurerm_role_assignment";
  private static final Pattern CONTAINER_SCOPE =
      Pattern.compile(".+/blobServices/default/containers/[^/]+(/.*)?");

  private final Map<String, String> exceptions;

  public RoleAssignmentScopePolicy(Map<String, String> exceptions) {
    exceptions.forEach(
        (address, reason) -> {
          if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(
                "the exception for " + address + " needs a reason that documents it");
          }
        });
    this.exceptions = Map.copyOf(exceptions);
  }

  @Override
  public String name() {
    return "role-assignment-scope";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    file.resources(ROLE_ASSIGNMENT)
        .forEach(
            (name, body) -> {
              String address = ROLE_ASSIGNMENT + "." + name;
              Object scope = body.get("scope");
              String text = scope == null ? "" : scope.toString();
              if (!CONTAINER_SCOPE.matcher(text).matches() && !exceptions.containsKey(address)) {
                violations.add(
                    new Violation(
                        file.path(),
                        address
                            + ": scope "
                            + (text.isEmpty() ? "(not readable)" : text)
                            + " is broader than a filesystem; scope it to"
                            + " <account id>/blobServices/default/containers/<filesystem>"
                            + " or document an exception"));
              }
            });
    return violations;
  }
}
