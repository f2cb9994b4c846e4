package io.clickflow.bundle.workspace.sdk;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.service.jobs.JobSettings;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.config.JsonPaths;
import java.util.Optional;

/**
 * Checks job settings against databricks-sdk-java's own {@link JobSettings} class, the request
 * model the SDK sends to the Jobs API, and returns them as that model serializes them.
 *
 * <p>Unknown fields and unknown enum values fail instead of being dropped silently, which is what
 * the SDK does with server answers. Scalars are converted to the field's type the way the
 * Databricks CLI normalizes bundle YAML (a quoted number for a number field, a number for a string
 * field); text that is not a number for a number field fails.
 */
public final class JobsApiModel {
  private final ObjectMapper strict =
      SerDeUtils.createMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, false)
          .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
  private final ObjectMapper sdk = SerDeUtils.createMapper();

  /** The reason the settings do not fit the model: a JSON path and what is wrong there. */
  public static final class MismatchException extends RuntimeException {
    MismatchException(String path, String message, Throwable cause) {
      super(path + ": " + message, cause);
    }
  }

  /**
   * @throws MismatchException when a field is unknown to the Jobs API or has the wrong type
   */
  public ObjectNode normalize(JsonNode settings) {
    JobSettings model;
    try {
      model = strict.treeToValue(settings, JobSettings.class);
    } catch (UnrecognizedPropertyException e) {
      throw new MismatchException(
          path(e), "'" + e.getPropertyName() + "' is not a Jobs API job setting", e);
    } catch (InvalidFormatException e) {
      throw new MismatchException(
          path(e),
          "cannot read "
              + (e.getValue() instanceof String text ? "\"" + text + "\"" : e.getValue())
              + " as "
              + Optional.ofNullable(e.getTargetType()).map(Class::getSimpleName).orElse("?"),
          e);
    } catch (MismatchedInputException e) {
      throw new MismatchException(
          path(e),
          "expected "
              + Optional.ofNullable(e.getTargetType()).map(Class::getSimpleName).orElse("?")
              + ", found something else",
          e);
    } catch (JsonMappingException e) {
      throw new MismatchException(path(e), e.getOriginalMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MismatchException(JsonPaths.ROOT, e.getOriginalMessage(), e);
    }
    return sdk.valueToTree(model);
  }

  private static String path(JsonMappingException e) {
    String path = JsonPaths.ROOT;
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path = JsonPaths.child(path, reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path = JsonPaths.index(path, reference.getIndex());
      }
    }
    return path;
  }
}
