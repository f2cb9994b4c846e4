package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;

/** Every variable says what it is for and what type it takes. */
public final class VariableDeclarationPolicy implements Policy {

  @Override
  public String name() {
    return "variables-documented";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    file.blocks("variable")
        .forEach(
            (name, body) -> {
              if (!(body.get("description") instanceof String description)
                  || description.isBlank()) {
                violations.add(
                    new Violation(file.path(), "variable " + name + " has no description"));
              }
              if (body.get("type") == null) {
                violations.add(new Violation(file.path(), "variable " + name + " has no type"));
              }
            });
    return violations;
  }
}
