package io.clickflow.pipeline.runtime;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * What a table is created with besides its columns: the dataset's comment and table properties,
 * including Delta's own ({@code delta.*}) such as which columns collect data-skipping statistics.
 */
public record TableDeclaration(String comment, Map<String, String> properties)
    implements Serializable {

  public static final TableDeclaration NONE = new TableDeclaration("", Map.of());

  public TableDeclaration {
    comment = comment == null ? "" : comment;
    properties = Map.copyOf(properties);
  }

  /** {@code CREATE TABLE IF NOT EXISTS}: a concurrent creator wins quietly. */
  String createSql(String sqlName, StructType schema) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(sqlName)
            .append(" (")
            .append(schema.toDDL())
            .append(") USING delta");
    if (!comment.isEmpty()) {
      sql.append(" COMMENT ").append(literal(comment));
    }
    if (!properties.isEmpty()) {
      sql.append(
          new TreeMap<>(properties)
              .entrySet().stream()
                  .map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
                  .collect(Collectors.joining(", ", " TBLPROPERTIES (", ")")));
    }
    return sql.toString();
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
