package dev.jgrad.spark.examples;

import dev.jgrad.DType;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.spark.SparkTrainer;
import dev.jgrad.spark.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Timed benchmark (not a test): training steps per second of a {@code 64-64-10} float32 network
 * on the digits (batch 64) with {@link SparkTrainer}, for 1, 2 and 4 partitions, synchronous and
 * with 8 local steps per averaging, against the same loop on one machine; and Spark's own cost
 * per driver update, measured apart: broadcasting the parameter bytes, a {@code treeAggregate}
 * job over the cached partitions whose tasks only read the broadcast, and destroying it.
 *
 * <p>Arguments: epochs per configuration (default 4; the first is warm-up and not counted),
 * master (default {@code local[*]}).
 */
public final class SparkStepBench {
  private SparkStepBench() {}

  private static Sequential model() {
    SplittableRandom rng = new SplittableRandom(0);
    return new Sequential(new Linear(64, 64, Init.heNormal(), rng, DType.FLOAT32), new ReLU(),
        new Linear(64, 10, Init.xavierUniform(), rng, DType.FLOAT32));
  }

  /**
   * Runs the benchmark and prints a table.
   *
   * @param args {@code [epochs [master]]}
   */
  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    String master = args.length > 1 ? args[1] : "local[*]";
    Dataset d = Datasets.digits().to(DType.FLOAT32);
    Dataset data = Standardizer.fit(d).transform(d);
    SparkSession spark = Sessions.start(master, "jgrad-spark-bench");
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      System.out.printf(Locale.ROOT, "%s (%d cores), digits %d rows, batch 64, %d timed epochs%n",
          master, sc.defaultParallelism(), data.size(), epochs - 1);
      System.out.printf(Locale.ROOT, "one machine, nn alone: %.0f steps/s%n", local(data, epochs));
      System.out.println("partitions | sync steps/s | local-8 steps/s | Spark alone ms/update");
      for (int p : new int[] {1, 2, 4}) {
        org.apache.spark.sql.Dataset<Row> frame = frame(spark, data, p).cache();
        frame.count();
        double sync = stepsPerSecond(frame, epochs, 0);
        double local = stepsPerSecond(frame, epochs, 8);
        double overhead = sparkOverheadMs(sc, p, 50);
        System.out.printf(Locale.ROOT, "%10d | %12.0f | %15.0f | %21.1f%n", p, sync, local,
            overhead);
        frame.unpersist();
      }
    } finally {
      spark.stop();
    }
  }

  private static double local(Dataset data, int epochs) {
    Sequential m = model();
    Optimizer opt = new Adam(m.parameters(), 2e-3);
    long steps = 0;
    long t0 = 0;
    for (int e = 0; e < epochs; e++) {
      if (e == 1) {
        t0 = System.nanoTime();
      }
      for (Batch b : DataLoader.of(data, 64).shuffle(e)) {
        opt.zeroGrad();
        Losses.crossEntropy(m.forward(b.features()), b.targets()).backward();
        opt.step();
        steps += e >= 1 ? 1 : 0;
      }
    }
    return steps / ((System.nanoTime() - t0) / 1e9);
  }

  /** Optimizer steps per second over the epochs after the first. */
  private static double stepsPerSecond(org.apache.spark.sql.Dataset<Row> frame, int epochs,
      int localSteps) {
    SparkTrainer t = new SparkTrainer(model(), Losses::crossEntropy, p -> new Adam(p, 2e-3))
        .batchSize(64).epochs(epochs);
    if (localSteps > 0) {
      t.localSteps(localSteps);
    }
    TrainingResult r = t.fit(frame);
    double[] seconds = r.history().values("seconds_per_step");
    double mean = 0;
    for (int e = 1; e < seconds.length; e++) {
      mean += seconds[e] / (seconds.length - 1);
    }
    return (localSteps > 0 ? localSteps : 1) / mean;
  }

  /** Milliseconds per update of the Spark machinery alone: broadcast, empty job, destroy. */
  private static double sparkOverheadMs(JavaSparkContext sc, int partitions, int reps) {
    byte[] bytes = SafeTensors.toBytes(model().namedParameters(), null);
    List<Integer> seq = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      seq.add(i);
    }
    JavaRDD<Integer> rdd = sc.parallelize(seq, partitions).cache();
    rdd.count();
    long t0 = 0;
    for (int i = 0; i < reps + 5; i++) {
      if (i == 5) {
        t0 = System.nanoTime();
      }
      Broadcast<byte[]> bc = sc.broadcast(bytes);
      rdd.treeAggregate(0L, (acc, x) -> acc + bc.value().length, Long::sum, 2);
      bc.destroy();
    }
    double ms = (System.nanoTime() - t0) / 1e6 / reps;
    rdd.unpersist();
    return ms;
  }

  private static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data,
      int partitions) {
    float[] x = data.features().toFloatArray();
    int[] y = data.labels();
    int n = data.numFeatures();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      float[] f = new float[n];
      System.arraycopy(x, i * n, f, 0, n);
      rows.add(RowFactory.create(f, y[i]));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), SparkDigits.SCHEMA);
  }
}
