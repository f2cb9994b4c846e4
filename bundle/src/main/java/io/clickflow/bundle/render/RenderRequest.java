package io.clickflow.bundle.render;

import io.clickflow.bundle.config.Bundle;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to render.
 *
 * @param jobKey the job under {@code resources.jobs}; empty when the bundle has exactly one
 * @param variables values from {@code --var name=value}
 * @param environment the process environment, for {@code BUNDLE_VAR_<name>}
 */
public record RenderRequest(
    Bundle bundle,
    String target,
    Optional<String> jobKey,
    Map<String, String> variables,
    Map<String, String> environment) {
  public RenderRequest {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(jobKey, "jobKey");
    variables = Map.copyOf(variables);
    environment = Map.copyOf(environment);
  }
}
