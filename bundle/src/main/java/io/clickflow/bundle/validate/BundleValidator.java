package io.clickflow.bundle.validate;

import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.BundleLoader;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.validate.rules.BundleRule;
import io.clickflow.bundle.validate.schema.BundleSchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a loaded bundle: the official schema first, file by file, then every project rule over the
 * whole bundle. Everything found is reported; nothing stops at the first problem, so one run shows
 * all there is to fix.
 */
public final class BundleValidator {
  private final BundleSchemaValidator schema;
  private final List<BundleRule> rules;

  public BundleValidator(BundleSchemaValidator schema, List<BundleRule> rules) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.rules = List.copyOf(rules);
  }

  public ValidationReport validate(BundleLoader.Result loaded) {
    List<Problem> findings = new ArrayList<>(loaded.problems());
    for (BundleFile file : loaded.bundle().files()) {
      findings.addAll(schema.validate(file));
    }
    for (BundleRule rule : rules) {
      findings.addAll(rule.check(loaded.bundle()));
    }
    return new ValidationReport(loaded.bundle().files().size(), findings);
  }
}
