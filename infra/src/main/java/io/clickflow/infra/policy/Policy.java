package io.clickflow.infra.policy;

import java.util.List;

/**
 * A rule that the Terraform under {@code infra/terraform} must meet. A policy only reads parsed
 * files: it never runs Terraform and never talks to Azure or Databricks. It returns every violation
 * it finds, and an empty list when the file is clean or has nothing the rule is about.
 */
public interface Policy {

  /** Short, stable name; also the folder of the fixture that proves the policy can fail. */
  String name();

  List<Violation> check(TerraformFile file);

  default List<Violation> check(List<TerraformFile> files) {
    return files.stream().flatMap(file -> check(file).stream()).toList();
  }
}
