package io.clickflow.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickflow.contract.EventContract;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Bronze Spark schema and the event JSON Schema describe the same fields and types. */
class BronzeSchemaContractTest {

  @Test
  void bronzeSchemaMatchesTheEventContractFieldByField() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(EventContract.schemaJson());
    TreeMap<String, String> fromContract = new TreeMap<>();
    flattenJson("", schema, fromContract);
    TreeMap<String, String> fromSpark = new TreeMap<>();
    flattenSpark("", BronzeSchema.EVENT, fromSpark);
    assertThat(fromSpark).isEqualTo(fromContract);
  }

  private static void flattenJson(String prefix, JsonNode node, TreeMap<String, String> out) {
    node.get("properties")
        .fields()
        .forEachRemaining(
            field -> {
              String path = prefix + field.getKey();
              JsonNode def = field.getValue();
              String type = mainType(def);
              if (type.equals("object") && def.has("properties")) {
                out.put(path, "struct");
                flattenJson(path + ".", def, out);
              } else if (type.equals("object")) {
                out.put(path, "map<string," + mainType(def.get("additionalProperties")) + ">");
              } else {
                out.put(path, type);
              }
            });
  }

  private static String mainType(JsonNode def) {
    JsonNode type = def.get("type");
    List<String> types = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    types.remove("null");
    assertThat(types).as("one non-null type in %s", def).hasSize(1);
    return types.get(0);
  }

  private static void flattenSpark(String prefix, StructType struct, TreeMap<String, String> out) {
    for (StructField field : struct.fields()) {
      String path = prefix + field.name();
      DataType type = field.dataType();
      if (type instanceof StructType nested) {
        out.put(path, "struct");
        flattenSpark(path + ".", nested, out);
      } else if (type instanceof MapType map) {
        out.put(path, "map<string," + jsonType(map.valueType()) + ">");
      } else {
        out.put(path, jsonType(type));
      }
    }
  }

  private static String jsonType(DataType type) {
    if (type == DataTypes.StringType) {
      return "string";
    }
    if (type == DataTypes.LongType || type == DataTypes.IntegerType) {
      return "integer";
    }
    if (type == DataTypes.DoubleType) {
      return "number";
    }
    if (type == DataTypes.BooleanType) {
      return "boolean";
    }
    throw new AssertionError("no JSON type for " + type);
  }
}
