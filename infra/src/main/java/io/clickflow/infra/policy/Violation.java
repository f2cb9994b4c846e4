package io.clickflow.infra.policy;

import java.nio.file.Path;
import java.util.Objects;

/** One place where a Terraform file breaks a policy. */
public record Violation(Path file, String message) {

  public Violation {
    Objects.requireNonNull(file, "file");
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a violation needs a message");
    }
  }

  @Override
  public String toString() {
    return file + ": " + message;
  }
}
