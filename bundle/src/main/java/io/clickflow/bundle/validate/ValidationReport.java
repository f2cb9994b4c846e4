package io.clickflow.bundle.validate;

import io.clickflow.bundle.config.Problem;
import java.util.List;

/**
 * What one validation found.
 *
 * @param files how many bundle files were read
 * @param findings errors and warnings, in the order they were found
 */
public record ValidationReport(int files, List<Problem> findings) {
  public ValidationReport {
    if (files < 0) {
      throw new IllegalArgumentException("files must not be negative: " + files);
    }
    findings = List.copyOf(findings);
  }

  public long errorCount() {
    return findings.stream().filter(Problem::isError).count();
  }

  public boolean isValid() {
    return errorCount() == 0;
  }
}
