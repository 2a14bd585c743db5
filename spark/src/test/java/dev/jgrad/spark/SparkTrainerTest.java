package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's contract on {@code local[2]}: input checks, checkpoints, input formats. */
class SparkTrainerTest {
  private static SparkSession spark;
  private static Dataset iris;

  @BeforeAll
  static void start() {
    spark = Frames.session("local[2]");
    Dataset d = Datasets.iris();
    iris = Standardizer.fit(d).transform(d);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SparkTrainer trainer(Sequential model) {
    return new SparkTrainer(model, Losses::crossEntropy, p -> new SGD(p, 0.1)).batchSize(50)
        .epochs(1);
  }

  /** Runs {@code fit} on {@code frame}, expecting it to fail; checks the model is untouched. */
  private static String failure(org.apache.spark.sql.Dataset<Row> frame) {
    Sequential model = EquivalenceTest.mlp();
    Map<String, double[]> before = Frames.values(model);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer(model).fit(frame));
    Map<String, double[]> after = Frames.values(model);
    for (String k : before.keySet()) {
      assertArrayEquals(before.get(k), after.get(k), 0.0, "model changed by a failed fit: " + k);
    }
    return e.getMessage();
  }

  /** Iris rows with row {@code bad} replaced. */
  private static List<Row> irisWith(int bad, Row replacement) {
    List<Row> rows = new ArrayList<>(Frames.rows(iris));
    rows.set(bad, replacement);
    return rows;
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsThere() {
    org.apache.spark.sql.Dataset<Row> frame = Frames.frame(spark, iris, 2)
        .withColumnRenamed("label", "species");
    assertEquals("spark_trainer: the DataFrame has no column 'label' (columns: [features, "
        + "species])", failure(frame));
  }

  @Test
  void aWrongFeatureLengthNamesTheColumnAndTheRow() {
    // 150 rows in 2 partitions of 75: row 80 is row 5 of partition 1
    List<Row> rows = irisWith(80, RowFactory.create(new double[] {1, 2, 3}, 0.0));
    assertEquals("spark_trainer: row 80 (row 5 of partition 1): features column 'features' has "
        + "3 values, expected 4 (the model's input size)",
        failure(Frames.frame(spark, rows, 2, Frames.SCHEMA)));
  }

  @Test
  void aNonNumericLabelColumnIsNamedWithItsType() {
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.StringType);
    List<Row> rows = List.of(RowFactory.create(new double[] {1, 2, 3, 4}, "setosa"));
    assertEquals("spark_trainer: label column 'label' has type string; expected a number (int, "
        + "long, float, double, ...)", failure(Frames.frame(spark, rows, 1, schema)));
  }

  @Test
  void nullAndNanLabelsAndFeaturesNameTheRow() {
    StructType nullable = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.DoubleType);
    assertEquals("spark_trainer: row 7 (row 7 of partition 0): label column 'label' is null",
        failure(Frames.frame(spark, irisWith(7, RowFactory.create(new double[] {1, 2, 3, 4},
            null)), 2, nullable)));
    assertEquals("spark_trainer: row 149 (row 74 of partition 1): label column 'label' holds "
        + "NaN", failure(Frames.frame(spark, irisWith(149, RowFactory.create(
            new double[] {1, 2, 3, 4}, Double.NaN)), 2, Frames.SCHEMA)));
    assertEquals("spark_trainer: row 3 (row 3 of partition 0): features column 'features' is "
        + "null", failure(Frames.frame(spark, irisWith(3, RowFactory.create(null, 1.0)), 2,
            nullable)));
  }

  @Test
  void nanFeaturesNameTheColumnRowAndPosition() {
    List<Row> rows = irisWith(100, RowFactory.create(new double[] {1, 2, Double.NaN, 4}, 1.0));
    assertEquals("spark_trainer: row 100 (row 25 of partition 1): features column 'features' "
        + "holds NaN at position 2", failure(Frames.frame(spark, rows, 2, Frames.SCHEMA)));
  }

  @Test
  void aLabelTheLossRejectsNamesTheStepAndPartition() {
    List<Row> rows = irisWith(120, RowFactory.create(new double[] {1, 2, 3, 4}, 7.0));
    String m = failure(Frames.frame(spark, rows, 2, Frames.SCHEMA).coalesce(2));
    assertTrue(m.startsWith("spark_trainer: epoch 0, step 0, partition 1: cross_entropy: label 7 "
        + "at row "), m);
    assertTrue(m.endsWith(" is out of range for 3 classes"), m);
  }

  @Test
  void noRowsAtAllIsAnError() {
    assertEquals("spark_trainer: the DataFrame has no rows",
        failure(Frames.frame(spark, List.of(), 2, Frames.SCHEMA)));
  }

  @Test
  void emptyPartitionsAreSkipped() {
    // Partitions [A, B] and [A, empty, B, empty]: the same rows per non-empty partition, full
    // batch without shuffling, so the exact sums see the same terms: bit-identical.
    List<Row> rows = Frames.rows(iris);
    org.apache.spark.sql.Dataset<Row> two = Frames.frame(spark, rows, 2, Frames.SCHEMA);
    org.apache.spark.sql.Dataset<Row> four = spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(List.of(0, 1, 2, 3), 4).mapPartitionsWithIndex((i, it) -> {
              List<Row> part = new ArrayList<>();
              if (i == 0 || i == 2) {
                int from = i == 0 ? 0 : 75;
                part.addAll(rows.subList(from, from + 75));
              }
              return part.iterator();
            }, true), Frames.SCHEMA);
    assertEquals(4, four.javaRDD().getNumPartitions());
    assertEquals(150, four.count());
    Sequential a = EquivalenceTest.mlp();
    Sequential b = EquivalenceTest.mlp();
    TrainingResult ra = trainer(a).batchSize(150).epochs(3).shuffle(false).fit(two);
    TrainingResult rb = trainer(b).batchSize(150).epochs(3).shuffle(false).fit(four);
    Map<String, double[]> pa = Frames.values(a);
    Map<String, double[]> pb = Frames.values(b);
    for (String k : pa.keySet()) {
      assertArrayEquals(pa.get(k), pb.get(k), 0.0, k);
    }
    assertArrayEquals(ra.history().losses(), rb.history().losses(), 0.0);
  }

  @Test
  void mlVectorsTrainExactlyAsDoubleArrays() {
    StructType schema = new StructType().add("x", new VectorUDT()).add("y", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    double[][] x = iris.features().toDoubleMatrix();
    double[] y = iris.targets().toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      // every other row sparse, with an explicit zero dropped: the values are the same
      rows.add(RowFactory.create(i % 2 == 0 ? Vectors.dense(x[i])
          : Vectors.dense(x[i]).toSparse(), (int) y[i]));
    }
    Sequential a = EquivalenceTest.mlp();
    Sequential b = EquivalenceTest.mlp();
    trainer(a).epochs(2).fit(Frames.frame(spark, iris, 3));
    trainer(b).epochs(2).columns("x", "y").fit(Frames.frame(spark, rows, 3, schema));
    Map<String, double[]> pa = Frames.values(a);
    Map<String, double[]> pb = Frames.values(b);
    for (String k : pa.keySet()) {
      assertArrayEquals(pa.get(k), pb.get(k), 0.0, k);
    }
  }

  @Test
  void aFeaturesColumnOfAnotherTypeIsRefused() {
    StructType schema = new StructType().add("features", DataTypes.StringType)
        .add("label", DataTypes.DoubleType);
    assertEquals("spark_trainer: features column 'features' has type string; expected "
        + "array<double>, array<float> or an ML vector",
        failure(Frames.frame(spark, List.of(RowFactory.create("1,2", 0.0)), 1, schema)));
  }

  /** Stops a run by throwing from the listener after {@code after} updates. */
  private static final class StopAfter implements TrainingListener {
    private final int after;
    private int seen;

    StopAfter(int after) {
      this.after = after;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, double loss) {
      if (++seen == after) {
        throw new IllegalStateException("stopped after update " + after);
      }
    }
  }

  private static SparkTrainer adam(Sequential model, int localSteps) {
    SparkTrainer t = new SparkTrainer(model, Losses::crossEntropy, p -> new Adam(p, 0.02))
        .batchSize(20).epochs(3).seed(5).metric("accuracy", SparkMetric.accuracyFromLogits());
    return localSteps > 0 ? t.localSteps(localSteps) : t;
  }

  @Test
  void aRunResumedFromACheckpointEndsBitIdentical(@TempDir Path dir) throws Exception {
    for (int localSteps : new int[] {0, 2}) {
      org.apache.spark.sql.Dataset<Row> frame = Frames.frame(spark, iris, 3);
      Path full = dir.resolve("full-" + localSteps);
      Path cut = dir.resolve("cut-" + localSteps);
      Sequential uninterrupted = EquivalenceTest.mlp();
      TrainingResult expected = adam(uninterrupted, localSteps).checkpoints(full, 4).fit(frame);

      Sequential stopped = EquivalenceTest.mlp();
      Map<String, double[]> initial = Frames.values(stopped);
      IllegalStateException stop = assertThrows(IllegalStateException.class,
          () -> adam(stopped, localSteps).checkpoints(cut, 4).listener(new StopAfter(10))
              .fit(frame));
      assertEquals("stopped after update 10", stop.getMessage());
      assertArrayEquals(initial.get("layers.0.weight"),
          Frames.values(stopped).get("layers.0.weight"), 0.0, "a stopped fit leaves the model");
      Path last = Checkpoints.latest(cut).orElseThrow();
      assertEquals("step-00000008.safetensors", last.getFileName().toString());
      // written atomically: only finished files under their final names
      try (Stream<Path> files = Files.list(cut)) {
        assertEquals(List.of("step-00000004.safetensors", "step-00000008.safetensors"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      Checkpoints.Contents a = Checkpoints.read(full.resolve("step-00000008.safetensors"));
      Checkpoints.Contents b = Checkpoints.read(last);
      assertEquals(a.optimizer().keySet(), b.optimizer().keySet());
      a.optimizer().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(),
          b.optimizer().get(k).toDoubleArray(), 0.0, k));
      assertTrue(a.optimizer().containsKey("state.0.exp_avg"), "Adam's moments are saved");

      Sequential resumed = EquivalenceTest.mlp();
      TrainingResult r = adam(resumed, localSteps).resumeFrom(last).fit(frame);
      assertEquals(expected.updates(), r.updates());
      Map<String, double[]> pe = Frames.values(uninterrupted);
      Map<String, double[]> pr = Frames.values(resumed);
      for (String k : pe.keySet()) {
        assertArrayEquals(pe.get(k), pr.get(k), 0.0, k + " (local steps " + localSteps + ")");
      }
      assertArrayEquals(expected.history().losses(), r.history().losses(), 0.0);
      assertArrayEquals(expected.history().values("accuracy"), r.history().values("accuracy"),
          0.0);
      assertArrayEquals(expected.history().values("examples"), r.history().values("examples"),
          0.0);
    }
  }

  @Test
  void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws Exception {
    org.apache.spark.sql.Dataset<Row> frame = Frames.frame(spark, iris, 3);
    adam(EquivalenceTest.mlp(), 0).epochs(1).checkpoints(dir, 5).fit(frame);
    Path cp = Checkpoints.latest(dir).orElseThrow();
    Sequential model = EquivalenceTest.mlp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> adam(model, 0).batchSize(30).resumeFrom(cp).fit(frame));
    assertEquals("spark_trainer: checkpoint " + cp + " was written with batch_size = 20, this "
        + "run has 30", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> adam(model, 0).resumeFrom(cp).fit(Frames.frame(spark, iris, 2)));
    assertEquals("spark_trainer: checkpoint " + cp + " was written with rows = [50, 50, 50], "
        + "this run has [75, 75]", e.getMessage());
  }

  @Test
  void aFactoryBuildsModelsTheArchitectureFormatCannotDescribe() {
    LayerFactory factory = () -> new Residual();
    TrainingResult r = new SparkTrainer(factory, Losses::crossEntropy, p -> new SGD(p, 0.2))
        .batchSize(30).epochs(4).fit(Frames.frame(spark, iris, 2));
    assertTrue(r.model() instanceof Residual);
    double[] losses = r.history().losses();
    assertTrue(losses[3] < losses[0], java.util.Arrays.toString(losses));
  }

  /** A layer outside the architecture format: {@code x ↦ W2·relu(W1·x) + V·x}. */
  static final class Residual extends Layer {
    Residual() {
      SplittableRandom rng = new SplittableRandom(1);
      registerLayer("a", new Linear(4, 6, Init.heNormal(), rng, DType.FLOAT64));
      registerLayer("b", new Linear(6, 3, Init.xavierUniform(), rng, DType.FLOAT64));
      registerLayer("skip", new Linear(4, 3, Init.xavierUniform(), rng, DType.FLOAT64));
    }

    @Override
    public dev.jgrad.Tensor forward(dev.jgrad.Tensor x) {
      Layer a = namedChildren().get("a");
      Layer b = namedChildren().get("b");
      Layer skip = namedChildren().get("skip");
      return b.forward(new ReLU().forward(a.forward(x))).add(skip.forward(x));
    }
  }
}
