package io.clickflow.monitoring.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;

/** Turns what the SDK throws into one line for messages that already name the action and place. */
final class SdkErrors {

  private SdkErrors() {}

  static String describe(RuntimeException e) {
    if (e instanceof DatabricksError error) {
      StringBuilder text = new StringBuilder();
      if (error.getStatusCode() > 0) {
        text.append(error.getStatusCode()).append(' ');
      }
      if (error.getErrorCode() != null && !error.getErrorCode().isBlank()) {
        text.append(error.getErrorCode()).append(": ");
      }
      return text.append(firstLine(error.getMessage()))
          .append(hint(error.getStatusCode()))
          .toString();
    }
    if (e instanceof DatabricksException) {
      return firstLine(e.getMessage());
    }
    // Credential providers fail with plain runtime exceptions, e.g. when no token can be had.
    return firstLine(e.toString());
  }

  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    return message.strip().lines().findFirst().orElse("").strip();
  }

  private static String hint(int status) {
    return switch (status) {
      case 401 ->
          " — the credentials were refused; check DATABRICKS_HOST and the authentication"
              + " settings in the environment or the profile";
      case 403 ->
          " — the identity lacks a permission: it needs CAN USE on the SQL warehouse, SELECT on"
              + " the pipeline's tables and CAN VIEW on the job";
      default -> "";
    };
  }
}
