package io.clickflow.bundle.validate.rules;

import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.Problem;
import java.util.List;

/**
 * A project policy on top of the official schema: something the schema allows but clickflow does
 * not want deployed.
 *
 * <p>A rule reads the whole bundle, since policies often span files (a job in {@code resources/},
 * its target in {@code databricks.yml}). It reports what it finds and never throws for a malformed
 * bundle: shapes the schema rejects are the schema check's to report, and a rule skips them.
 */
public interface BundleRule {
  List<Problem> check(Bundle bundle);
}
