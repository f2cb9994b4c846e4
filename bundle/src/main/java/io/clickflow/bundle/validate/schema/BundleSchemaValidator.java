package io.clickflow.bundle.validate.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.config.BundleFile;
import io.clickflow.bundle.config.Problem;
import java.util.List;
import java.util.Set;

/**
 * Validates each bundle file against the official Databricks bundle JSON schema. Every file is
 * checked on its own against the root schema, which is how the CLI treats included files: they
 * share the shape of {@code databricks.yml}.
 */
public final class BundleSchemaValidator {
  private final JsonSchema schema;

  private BundleSchemaValidator(JsonSchema schema) {
    this.schema = schema;
  }

  /**
   * @throws UsageException when the text is not a JSON schema
   */
  public static BundleSchemaValidator compile(SchemaText text) {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(text.json());
    } catch (JacksonException e) {
      throw new UsageException(
          "parse bundle schema from " + text.origin() + ": " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new UsageException(
          "parse bundle schema from " + text.origin() + ": expected a JSON object");
    }
    // The CLI's schema declares no $schema but uses $defs, which first appeared in 2020-12.
    SpecVersion.VersionFlag version =
        SpecVersionDetector.detectOptionalVersion(node, false)
            .orElse(SpecVersion.VersionFlag.V202012);
    JsonMetaSchema base = metaSchema(version);
    // The schema carries editor hints (markdownDescription, doNotSuggest, ...) and nests $defs in
    // folders named like Go packages; none of it validates, so it is read as silent annotation
    // rather than logged as an unknown keyword on every run.
    JsonMetaSchema meta =
        JsonMetaSchema.builder(base)
            .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(version))
            .metaSchema(meta)
            .defaultMetaSchemaIri(meta.getIri())
            .build();
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    JsonSchema schema = factory.getSchema(node, config);
    schema.initializeValidators();
    return new BundleSchemaValidator(schema);
  }

  public List<Problem> validate(BundleFile file) {
    Set<ValidationMessage> messages = schema.validate(file.root());
    return ViolationCondenser.condense(messages).stream()
        .map(v -> Problem.error(file.name(), v.path(), v.message()))
        .toList();
  }

  private static JsonMetaSchema metaSchema(SpecVersion.VersionFlag version) {
    return switch (version) {
      case V4 -> JsonMetaSchema.getV4();
      case V6 -> JsonMetaSchema.getV6();
      case V7 -> JsonMetaSchema.getV7();
      case V201909 -> JsonMetaSchema.getV201909();
      case V202012 -> JsonMetaSchema.getV202012();
    };
  }
}
