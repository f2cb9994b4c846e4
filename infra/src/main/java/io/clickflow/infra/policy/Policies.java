package io.clickflow.infra.policy;

import java.util.List;

/** The policies {@code infra/terraform} is held to. */
public final class Policies {

  private Policies() {}

  public static List<Policy> all() {
    return List.of(
        StorageAccountPolicies.hierarchicalNamespace(),
        StorageAccountPolicies.sharedKeyDisabled(),
        StorageAccountPolicies.minimumTls12(),
        new RoleAssignmentScopePolicy(RoleAssignmentScopePolicy.DOCUMENTED_EXCEPTIONS),
        new HardCodedIdPolicy(),
        new FederatedSubjectPolicy(),
        new WorkloadFederationPolicy(),
        new VariableDeclarationPolicy(),
        new ProviderPinningPolicy());
  }
}
