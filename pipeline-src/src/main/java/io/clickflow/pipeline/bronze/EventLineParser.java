package io.clickflow.pipeline.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parses one landing line against the fixed schema with Auto Loader's rescue semantics. It is the
 * single implementation of the rescue rules: the local file source and Databricks' cloudFiles both
 * feed raw lines through it.
 *
 * <ul>
 *   <li>Keys not in the schema, at any depth, are rescued under their dotted path.
 *   <li>Keys that match a schema field only when case is ignored are rescued, and the field stays
 *       NULL, as with Auto Loader's case-sensitive rescue.
 *   <li>Values of the wrong JSON type are rescued as the original JSON value; the field is NULL.
 *   <li>Lines that are not a JSON object are returned whole in {@code _corrupt_record}.
 * </ul>
 *
 * When anything was rescued, {@code _rescued_data} is a JSON object that also carries {@code
 * _file_path}; otherwise it is NULL.
 */
public final class EventLineParser implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final char BOM = '\uFEFF';

  private final StructType schema;
  private transient ObjectMapper mapper;

  public EventLineParser(StructType schema) {
    this.schema = schema;
  }

  /** Parses a line read from {@code filePath}; never throws on bad input. */
  public Row parse(String line, String filePath) {
    String text =
        line != null && !line.isEmpty() && line.charAt(0) == BOM ? line.substring(1) : line;
    JsonNode root;
    try {
      root = mapper().readTree(text);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return corrupt(line);
    }
    Map<String, JsonNode> rescued = new HashMap<>();
    Object[] values = new Object[schema.size() + 2];
    Object[] event = structValues(root, schema, "", rescued);
    System.arraycopy(event, 0, values, 0, event.length);
    values[schema.size()] = rescued.isEmpty() ? null : rescuedJson(rescued, filePath);
    values[schema.size() + 1] = null;
    return RowFactory.create(values);
  }

  private Row corrupt(String line) {
    Object[] values = new Object[schema.size() + 2];
    values[schema.size() + 1] = line;
    return RowFactory.create(values);
  }

  private Object[] structValues(
      JsonNode object, StructType type, String prefix, Map<String, JsonNode> rescued) {
    Object[] values = new Object[type.size()];
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      String path = prefix + key;
      int index = indexOf(type, key);
      if (index < 0) {
        rescued.put(path, value);
        continue;
      }
      StructField target = type.fields()[index];
      if (value.isNull()) {
        continue;
      }
      Object converted = convert(value, target.dataType(), path + ".", rescued);
      if (converted == MISMATCH) {
        rescued.put(path, value);
      } else {
        values[index] = converted;
      }
    }
    return values;
  }

  private static final Object MISMATCH = new Object();

  private Object convert(
      JsonNode value, DataType type, String childPrefix, Map<String, JsonNode> rescued) {
    if (type == DataTypes.StringType) {
      return value.isTextual() ? value.textValue() : MISMATCH;
    }
    if (type == DataTypes.LongType) {
      return value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : MISMATCH;
    }
    if (type == DataTypes.IntegerType) {
      return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : MISMATCH;
    }
    if (type == DataTypes.DoubleType) {
      return value.isNumber() ? value.doubleValue() : MISMATCH;
    }
    if (type == DataTypes.BooleanType) {
      return value.isBoolean() ? value.booleanValue() : MISMATCH;
    }
    if (type instanceof StructType struct) {
      return value.isObject()
          ? RowFactory.create(structValues(value, struct, childPrefix, rescued))
          : MISMATCH;
    }
    if (type instanceof MapType map && map.valueType() == DataTypes.StringType) {
      if (!value.isObject()) {
        return MISMATCH;
      }
      Map<String, String> result = new HashMap<>();
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  result.put(e.getKey(), e.getValue().textValue());
                } else if (!e.getValue().isNull()) {
                  rescued.put(childPrefix + e.getKey(), e.getValue());
                }
              });
      return result;
    }
    throw new IllegalStateException("unsupported Bronze type " + type);
  }

  /** Exact match first; a case-insensitive match counts as unknown so that it is rescued. */
  private static int indexOf(StructType type, String key) {
    scala.Option<Object> index = type.getFieldIndex(key);
    if (index.isDefined()) {
      return (Integer) index.get();
    }
    return -1;
  }

  private String rescuedJson(Map<String, JsonNode> rescued, String filePath) {
    ObjectNode node = mapper().createObjectNode();
    rescued.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.set(e.getKey(), e.getValue()));
    node.put("_file_path", filePath);
    return node.toString();
  }

  private ObjectMapper mapper() {
    if (mapper == null) {
      mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }
    return mapper;
  }
}
