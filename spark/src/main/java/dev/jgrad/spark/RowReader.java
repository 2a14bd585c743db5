package dev.jgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the features and label columns of a DataFrame's rows into {@link PartitionData}: the
 * schema is checked on the driver ({@link #check}), each row on the executors ({@link #read}).
 *
 * <p>Features: an array of float or double, or a Spark ML {@code Vector} (dense or sparse), of
 * the same length in every row. Label: any numeric column (byte, short, int, long, float, double,
 * decimal). Nulls, NaN and infinities are errors naming the column and the row.
 */
final class RowReader implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String featuresColumn;
  private final String labelColumn;
  private final int featuresIndex;
  private final int labelIndex;
  private final boolean vector;
  private final int expectedFeatures;

  private RowReader(String featuresColumn, String labelColumn, int featuresIndex, int labelIndex,
      boolean vector, int expectedFeatures) {
    this.featuresColumn = featuresColumn;
    this.labelColumn = labelColumn;
    this.featuresIndex = featuresIndex;
    this.labelIndex = labelIndex;
    this.vector = vector;
    this.expectedFeatures = expectedFeatures;
  }

  /**
   * Checks the schema and returns a reader for it.
   *
   * @param expectedFeatures the number of features the model takes, or -1 if unknown (then the
   *     first row fixes it)
   * @throws IllegalArgumentException naming a missing column (and the columns present) or a
   *     column of the wrong type
   */
  static RowReader check(StructType schema, String featuresColumn, String labelColumn,
      int expectedFeatures) {
    List<String> names = Arrays.asList(schema.fieldNames());
    for (String c : List.of(featuresColumn, labelColumn)) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(String.format("spark_trainer: the DataFrame has no "
            + "column '%s' (columns: %s)", c, names));
      }
    }
    int fi = schema.fieldIndex(featuresColumn);
    int li = schema.fieldIndex(labelColumn);
    DataType ft = schema.fields()[fi].dataType();
    boolean vector = ft instanceof VectorUDT;
    boolean array = ft instanceof ArrayType
        && (((ArrayType) ft).elementType().equals(DataTypes.DoubleType)
            || ((ArrayType) ft).elementType().equals(DataTypes.FloatType));
    if (!vector && !array) {
      throw new IllegalArgumentException(String.format("spark_trainer: features column '%s' has "
          + "type %s; expected array<double>, array<float> or an ML vector", featuresColumn,
          ft.simpleString()));
    }
    DataType lt = schema.fields()[li].dataType();
    boolean numeric = lt.equals(DataTypes.ByteType) || lt.equals(DataTypes.ShortType)
        || lt.equals(DataTypes.IntegerType) || lt.equals(DataTypes.LongType)
        || lt.equals(DataTypes.FloatType) || lt.equals(DataTypes.DoubleType)
        || lt instanceof DecimalType;
    if (!numeric) {
      throw new IllegalArgumentException(String.format("spark_trainer: label column '%s' has "
          + "type %s; expected a number (int, long, float, double, ...)", labelColumn,
          lt.simpleString()));
    }
    return new RowReader(featuresColumn, labelColumn, fi, li, vector, expectedFeatures);
  }

  /** The features column's name. */
  String featuresColumn() {
    return featuresColumn;
  }

  /**
   * Reads one partition's rows; the first bad row is recorded in the result (not thrown, so
   * Spark does not retry a task that can only fail again).
   */
  PartitionData read(int partition, Iterator<Row> rows, boolean float32) {
    List<double[]> features = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    int width = expectedFeatures;
    boolean fromModel = expectedFeatures >= 0;
    int r = 0;
    for (; rows.hasNext(); r++) {
      Row row = rows.next();
      String problem = null;
      double[] x = null;
      if (row.isNullAt(featuresIndex)) {
        problem = String.format("features column '%s' is null", featuresColumn);
      } else {
        x = features(row);
      }
      if (problem == null && x == null) {
        problem = String.format("features column '%s' holds a null element", featuresColumn);
      } else if (problem == null) {
        if (width < 0) {
          width = x.length;
        }
        if (x.length != width) {
          problem = String.format("features column '%s' has %s values, expected %s (%s)",
              featuresColumn, x.length, width, fromModel ? "the model's input size"
                  : "as in the partition's first row");
        } else {
          for (int j = 0; j < x.length && problem == null; j++) {
            if (!Double.isFinite(x[j])) {
              problem = String.format("features column '%s' holds %s at position %s",
                  featuresColumn, x[j], j);
            }
          }
        }
      }
      if (problem == null) {
        if (row.isNullAt(labelIndex)) {
          problem = String.format("label column '%s' is null", labelColumn);
        } else {
          double y = ((Number) row.get(labelIndex)).doubleValue();
          if (!Double.isFinite(y)) {
            problem = String.format("label column '%s' holds %s", labelColumn, y);
          }
          labels.add(y);
        }
      }
      if (problem != null) {
        return PartitionData.failed(partition, r, problem);
      }
      features.add(x);
    }
    return PartitionData.of(partition, features, labels, Math.max(width, 0), float32);
  }

  /** The row's features, or null if an array element is null. */
  private double[] features(Row row) {
    if (vector) {
      return ((Vector) row.get(featuresIndex)).toArray();
    }
    List<Object> values = row.getList(featuresIndex);
    double[] x = new double[values.size()];
    for (int j = 0; j < x.length; j++) {
      Object v = values.get(j);
      if (v == null) {
        return null;
      }
      x[j] = ((Number) v).doubleValue();
    }
    return x;
  }
}
