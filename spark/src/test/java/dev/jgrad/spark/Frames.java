package dev.jgrad.spark;

import dev.jgrad.Tensor;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test data as DataFrames with a chosen, deterministic partitioning, and model comparisons. */
final class Frames {
  private Frames() {}

  static final StructType SCHEMA = new StructType()
      .add("features", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("label", DataTypes.DoubleType, false);

  /** A local session for one test class (no UI, few shuffle partitions). */
  static SparkSession session(String master) {
    return SparkSession.builder().master(master).appName("jgrad-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /** The rows of {@code data} in order, cut into {@code partitions} contiguous slices. */
  static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data,
      int partitions) {
    return frame(spark, rows(data), partitions, SCHEMA);
  }

  static List<Row> rows(Dataset data) {
    double[][] x = data.features().toDoubleMatrix();
    double[] y = data.targets().toDoubleArray();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(x[i], y[i]));
    }
    return rows;
  }

  static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, List<Row> rows,
      int partitions, StructType schema) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
  }

  /** Copies of the model's parameters by name. */
  static Map<String, double[]> values(Layer model) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      out.put(e.getKey(), e.getValue().toDoubleArray());
    }
    return out;
  }

  /** The largest {@code max|a - b| / max|b|} over the parameter tensors. */
  static double relativeDifference(Map<String, double[]> a, Map<String, double[]> b) {
    double worst = 0;
    for (String k : b.keySet()) {
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < b.get(k).length; i++) {
        diff = Math.max(diff, Math.abs(a.get(k)[i] - b.get(k)[i]));
        scale = Math.max(scale, Math.abs(b.get(k)[i]));
      }
      worst = Math.max(worst, diff / scale);
    }
    return worst;
  }
}
