package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The storage account settings the platform relies on, one policy each. */
public final class StorageAccountPolicies {

  private static final String STORAGE_ACCOUNT = "azurerm_storage_account";

  private StorageAccountPolicies() {}

  /** The producer's rename onto the final path is atomic only with a hierarchical namespace. */
  public static Policy hierarchicalNamespace() {
    return new AttributePolicy(
        "hns-enabled",
        "is_hns_enabled",
        value -> Boolean.TRUE.equals(value),
        "must be true: ADLS Gen2 needs the hierarchical namespace");
  }

  /** Account keys bypass Entra ID and RBAC; the default when the attribute is missing is on. */
  public static Policy sharedKeyDisabled() {
    return new AttributePolicy(
        "shared-key-disabled",
        "shared_access_key_enabled",
        value -> Boolean.FALSE.equals(value),
        "must be false: access goes through Microsoft Entra ID only");
  }

  public static Policy minimumTls12() {
    return new AttributePolicy(
        "tls-1.2-minimum",
        "min_tls_version",
        value -> value instanceof String tls && Set.of("TLS1_2", "TLS1_3").contains(tls),
        "must be \"TLS1_2\" or newer");
  }

  private interface Check {
    boolean accepts(Object value);
  }

  private record AttributePolicy(String name, String attribute, Check check, String rule)
      implements Policy {

    @Override
    public List<Violation> check(TerraformFile file) {
      List<Violation> violations = new ArrayList<>();
      for (Map.Entry<String, Map<String, Object>> account :
          file.resources(STORAGE_ACCOUNT).entrySet()) {
        Object value = account.getValue().get(attribute);
        if (!check.accepts(value)) {
          violations.add(
              new Violation(
                  file.path(),
                  STORAGE_ACCOUNT
                      + "."
                      + account.getKey()
                      + ": "
                      + attribute
                      + " is "
                      + (account.getValue().containsKey(attribute) ? value : "not set")
                      + ", "
                      + rule));
        }
      }
      return violations;
    }
  }
}
