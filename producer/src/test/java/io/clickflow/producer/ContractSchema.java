package io.clickflow.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.clickflow.contract.EventContract;
import java.util.Set;

/** The contract's JSON Schema, with {@code format} asserted rather than only annotated. */
public final class ContractSchema {

  private final JsonSchema schema =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              EventContract.schemaJson(),
              SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

  public Set<ValidationMessage> validate(JsonNode event) {
    return schema.validate(event);
  }
}
