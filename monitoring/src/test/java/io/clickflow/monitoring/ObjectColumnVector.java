package io.clickflow.monitoring;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kernel column vector over plain Java values, for writing test tables. Structs are lists of
 * field values, arrays are lists of elements, timestamps are {@link Instant}s, and null is null.
 */
final class ObjectColumnVector implements ColumnVector {

  private final DataType type;
  private final List<?> values;

  ObjectColumnVector(DataType type, List<?> values) {
    this.type = type;
    this.values = values;
  }

  @Override
  public DataType getDataType() {
    return type;
  }

  @Override
  public int getSize() {
    return values.size();
  }

  @Override
  public void close() {}

  @Override
  public boolean isNullAt(int rowId) {
    return values.get(rowId) == null;
  }

  @Override
  public long getLong(int rowId) {
    Object value = values.get(rowId);
    if (value instanceof Instant instant) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
    return ((Number) value).longValue();
  }

  @Override
  public int getInt(int rowId) {
    return ((Number) values.get(rowId)).intValue();
  }

  @Override
  public String getString(int rowId) {
    return (String) values.get(rowId);
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    StructType struct = (StructType) type;
    List<Object> field = new ArrayList<>(values.size());
    for (Object row : values) {
      field.add(row == null ? null : ((List<?>) row).get(ordinal));
    }
    return new ObjectColumnVector(struct.at(ordinal).getDataType(), field);
  }

  @Override
  public ArrayValue getArray(int rowId) {
    List<?> elements = (List<?>) values.get(rowId);
    DataType elementType = ((ArrayType) type).getElementType();
    return new ArrayValue() {
      @Override
      public int getSize() {
        return elements.size();
      }

      @Override
      public ColumnVector getElements() {
        return new ObjectColumnVector(elementType, elements);
      }
    };
  }
}
