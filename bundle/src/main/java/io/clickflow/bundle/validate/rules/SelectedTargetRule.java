package io.clickflow.bundle.validate.rules;

import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.config.Targets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The target being validated exists: the one passed with {@code --target}, or else the single
 * target marked {@code default: true}, which is what {@code databricks bundle deploy} would pick.
 */
public final class SelectedTargetRule implements BundleRule {
  private final Optional<String> requested;

  public SelectedTargetRule(Optional<String> requested) {
    this.requested = Objects.requireNonNull(requested, "requested");
  }

  @Override
  public List<Problem> check(Bundle bundle) {
    return new Targets(bundle)
        .select(requested)
        .failure()
        .map(reason -> List.of(Problem.error(Bundle.ROOT_FILE, "$.targets", reason)))
        .orElse(List.of());
  }
}
