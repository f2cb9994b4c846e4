package io.clickflow.infra.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Provider versions are pinned: {@code ~>} (patch or minor updates only) or an exact version. Child
 * modules under a {@code modules} folder may name only a source and inherit the root's pin;
 * everywhere else a version is required.
 */
public final class ProviderPinningPolicy implements Policy {

  private static final Pattern PINNED = Pattern.compile("(~>|=)?\\s*\\d+(\\.\\d+)+");

  @Override
  public String name() {
    return "providers-pinned";
  }

  @Override
  public List<Violation> check(TerraformFile file) {
    List<Violation> violations = new ArrayList<>();
    boolean childModule = isChildModule(file);
    file.section("terraform", "required_providers")
        .forEach(
            (provider, requirement) -> {
              Object version =
                  requirement instanceof Map<?, ?> map ? map.get("version") : requirement;
              if (version == null && childModule) {
                return;
              }
              if (!(version instanceof String text) || !PINNED.matcher(text.trim()).matches()) {
                violations.add(
                    new Violation(
                        file.path(),
                        "provider "
                            + provider
                            + ": version "
                            + (version == null ? "not set" : "\"" + version + "\"")
                            + " is not pinned; use \"~> x.y\" or an exact version"));
              }
            });
    return violations;
  }

  private static boolean isChildModule(TerraformFile file) {
    for (var part : file.path()) {
      if (part.toString().equals("modules")) {
        return true;
      }
    }
    return false;
  }
}
