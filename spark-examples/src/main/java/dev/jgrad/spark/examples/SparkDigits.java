package dev.jgrad.spark.examples;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.TrainingListener;
import dev.jgrad.spark.SparkMetric;
import dev.jgrad.spark.SparkTrainer;
import dev.jgrad.spark.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shipped 8x8 digits trained on Spark: the standardized train and test splits are written as
 * Parquet with Spark, read back as DataFrames, and a {@code 64-64-10} ReLU network is trained
 * with synchronous data-parallel Adam on {@code local[*]}; per-epoch loss and accuracy, the test
 * accuracy, and the same training on one machine with nn alone for comparison.
 *
 * <p>Arguments: epochs (default 20), master (default {@code local[*]}). Output goes to
 * {@code out/spark-digits/} (or {@code -Djgrad.out=DIR}).
 */
public final class SparkDigits {
  private SparkDigits() {}

  /** Test accuracies of the Spark-trained and the single-machine model. */
  public record Result(double sparkAccuracy, double localAccuracy, TrainingResult training) {}

  /**
   * Runs the program.
   *
   * @param args {@code [epochs [master]]}
   */
  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String master = args.length > 1 ? args[1] : "local[*]";
    Path out = Path.of(System.getProperty("jgrad.out", "out")).resolve("spark-digits")
        .toAbsolutePath();
    SparkSession spark = Sessions.start(master, "jgrad-spark-digits");
    try {
      Result r = run(spark, out, epochs, 0, true);
      System.out.printf(Locale.ROOT, "test accuracy: %.1f%% on Spark, %.1f%% on one machine "
          + "(same model, batch size and epochs)%n", 100 * r.sparkAccuracy(),
          100 * r.localAccuracy());
      System.out.println("Parquet files in " + out);
    } finally {
      spark.stop();
    }
  }

  static final StructType SCHEMA = new StructType()
      .add("features", DataTypes.createArrayType(DataTypes.FloatType), false)
      .add("label", DataTypes.IntegerType, false);

  private static Sequential model() {
    SplittableRandom rng = new SplittableRandom(0);
    return new Sequential(new Linear(64, 64, Init.heNormal(), rng, DType.FLOAT32), new ReLU(),
        new Linear(64, 10, Init.xavierUniform(), rng, DType.FLOAT32));
  }

  /**
   * Writes the splits as Parquet under {@code out}, trains on Spark and on one machine.
   *
   * @param spark the session
   * @param out the directory for the Parquet files
   * @param epochs passes over the training rows
   * @param localSteps 0 for synchronous SGD, else the local steps between parameter averages
   * @param print whether to print each epoch's loss and accuracy
   * @return both test accuracies and the Spark run
   */
  public static Result run(SparkSession spark, Path out, int epochs, int localSteps,
      boolean print) {
    Split split = Split.stratified(Datasets.digits().to(DType.FLOAT32), 0.2, 7);
    Standardizer scaler = Standardizer.fit(split.train());
    Dataset train = scaler.transform(split.train());
    Dataset test = scaler.transform(split.test());
    String trainPath = out.resolve("digits-train.parquet").toString();
    spark.createDataFrame(rows(train), SCHEMA).repartition(4).write().mode(SaveMode.Overwrite)
        .parquet(trainPath);
    spark.createDataFrame(rows(test), SCHEMA).write().mode(SaveMode.Overwrite)
        .parquet(out.resolve("digits-test.parquet").toString());
    org.apache.spark.sql.Dataset<Row> frame = spark.read().parquet(trainPath);

    Sequential model = model();
    TrainingResult r = new SparkTrainer(model, Losses::crossEntropy, p -> new Adam(p, 2e-3))
        .batchSize(64).epochs(epochs).localSteps(localSteps)
        .metric("accuracy", SparkMetric.accuracyFromLogits())
        .listener(new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult e) {
            if (print) {
              System.out.printf(Locale.ROOT, "epoch %2d  loss %.4f  accuracy %.1f%%  "
                  + "%.1f ms/step%n", e.epoch() + 1, e.loss(), 100 * e.get("accuracy"),
                  1000 * e.get("seconds_per_step"));
            }
          }
        })
        .fit(frame);

    Sequential local = model();
    Optimizer opt = new Adam(local.parameters(), 2e-3);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (Batch b : DataLoader.of(train, 64).shuffle(epoch)) {
        opt.zeroGrad();
        Losses.crossEntropy(local.forward(b.features()), b.targets()).backward();
        opt.step();
      }
    }
    return new Result(accuracy(model, test), accuracy(local, test), r);
  }

  private static double accuracy(Sequential model, Dataset test) {
    Tensor predicted = Autograd.noGrad(() -> model.forward(test.features()).argmax(1));
    return Metrics.accuracy(predicted, test.targets());
  }

  private static List<Row> rows(Dataset d) {
    float[] x = d.features().toFloatArray();
    int[] y = d.labels();
    int n = d.numFeatures();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      float[] f = new float[n];
      System.arraycopy(x, i * n, f, 0, n);
      rows.add(RowFactory.create(f, y[i]));
    }
    return rows;
  }
}
