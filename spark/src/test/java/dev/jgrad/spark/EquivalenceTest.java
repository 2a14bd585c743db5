package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.models.LogisticRegression;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Distributed training against single-machine nn training, determinism, and retried tasks, on
 * {@code local[4,2]} (four threads; a failed task is tried up to twice).
 */
class EquivalenceTest {
  private static SparkSession spark;
  private static Dataset iris;
  private static Dataset cancer;

  @BeforeAll
  static void start() {
    spark = Frames.session("local[4,2]");
    iris = standardized(Datasets.iris());
    cancer = standardized(Datasets.breastCancer());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset standardized(Dataset d) {
    return Standardizer.fit(d).transform(d);
  }

  static Sequential mlp() {
    SplittableRandom rng = new SplittableRandom(3);
    return new Sequential(new Linear(4, 8, Init.xavierUniform(), rng, DType.FLOAT64), new Tanh(),
        new Linear(8, 3, Init.xavierUniform(), rng, DType.FLOAT64));
  }

  private static final int STEPS = 25;

  /** Full-batch gradient descent with nn alone: {@code STEPS} steps on the whole data. */
  private static Map<String, double[]> reference(Sequential model, Dataset data, SparkLoss loss,
      OptimizerFactory optimizer) {
    Optimizer opt = optimizer.create(model.parameters());
    for (int s = 0; s < STEPS; s++) {
      opt.zeroGrad();
      loss.compute(model.forward(data.features()), data.targets()).backward();
      opt.step();
    }
    return Frames.values(model);
  }

  /*
   * Where the difference comes from: on one machine the mean's backward hands 1/N to every
   * example and the matmul sums the N examples' terms in one order; distributed, each partition
   * sums its examples scaled by m_p (its mean's gradient times m_p), the partition sums are
   * added exactly and divided by N once. Both are within a few ulps per step.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void mlpMatchesSingleMachineTraining(int partitions) {
    SparkLoss loss = Losses::crossEntropy;
    OptimizerFactory sgd = p -> new SGD(p, 0.5).momentum(0.9);
    Map<String, double[]> expected = reference(mlp(), iris, loss, sgd);
    Sequential model = mlp();
    TrainingResult r = new SparkTrainer(model, loss, sgd).batchSize(iris.size()).epochs(STEPS)
        .fit(Frames.frame(spark, iris, partitions));
    assertEquals(STEPS, r.updates());
    double diff = Frames.relativeDifference(Frames.values(model), expected);
    assertTrue(diff < 1e-12, "relative difference " + diff);
    assertTrue(diff > 0 || partitions == 1, "summation order should leave some rounding");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void logisticRegressionMatchesSingleMachineTraining(int partitions) {
    SparkLoss loss = Losses::binaryCrossEntropyWithLogits; // the model's output is [n]
    OptimizerFactory sgd = p -> new SGD(p, 0.5);
    Map<String, double[]> expected = reference(new LogisticRegression(30, DType.FLOAT64), cancer,
        loss, sgd);
    LogisticRegression model = new LogisticRegression(30, DType.FLOAT64);
    new SparkTrainer(model, loss, sgd).batchSize(cancer.size()).epochs(STEPS)
        .fit(Frames.frame(spark, cancer, partitions));
    double diff = Frames.relativeDifference(Frames.values(model), expected);
    assertTrue(diff < 1e-12, "relative difference " + diff);
  }

  @Test
  void oneLocalStepOfPlainSgdEqualsSynchronousTraining() {
    OptimizerFactory sgd = p -> new SGD(p, 0.3);
    Sequential sync = mlp();
    Sequential local = mlp();
    SparkTrainer base = new SparkTrainer(sync, Losses::crossEntropy, sgd).batchSize(30).epochs(2);
    base.fit(Frames.frame(spark, iris, 3));
    new SparkTrainer(local, Losses::crossEntropy, sgd).batchSize(30).epochs(2).localSteps(1)
        .fit(Frames.frame(spark, iris, 3));
    double diff = Frames.relativeDifference(Frames.values(local), Frames.values(sync));
    assertTrue(diff < 1e-12, "relative difference " + diff);
  }

  private static TrainingResult miniBatchAdam(SparkLoss loss, int localSteps) {
    SparkTrainer t = new SparkTrainer(mlp(), loss, p -> new Adam(p, 0.01)).batchSize(16)
        .epochs(3).seed(11).metric("accuracy", SparkMetric.accuracyFromLogits());
    if (localSteps > 0) {
      t.localSteps(localSteps);
    }
    return t.fit(Frames.frame(spark, iris, 4));
  }

  private static void assertSameRun(TrainingResult a, TrainingResult b) {
    Map<String, double[]> pa = Frames.values(a.model());
    Map<String, double[]> pb = Frames.values(b.model());
    for (String k : pa.keySet()) {
      assertArrayEquals(pa.get(k), pb.get(k), 0.0, k); // bit-identical (0 tolerance)
    }
    assertArrayEquals(a.history().losses(), b.history().losses(), 0.0);
    assertArrayEquals(a.history().values("accuracy"), b.history().values("accuracy"), 0.0);
    assertArrayEquals(a.history().values("examples"), b.history().values("examples"), 0.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void twoRunsWithTheSameSeedAndPartitioningAreBitIdentical(int localSteps) {
    TrainingResult a = miniBatchAdam(Losses::crossEntropy, localSteps);
    TrainingResult b = miniBatchAdam(Losses::crossEntropy, localSteps);
    assertSameRun(a, b);
    assertArrayEquals(new double[] {150, 150, 150}, a.history().values("examples"), 0.0);
    double[] losses = a.history().losses();
    assertTrue(losses[2] < losses[0], "training should lower the loss: " + java.util.Arrays
        .toString(losses));
  }

  /** Fails the first attempt of every task of partition 1; Spark retries it. */
  static final class FailFirstAttempt {
    static SparkLoss of(SparkLoss loss) {
      return (out, y) -> {
        TaskContext tc = TaskContext.get();
        if (tc != null && tc.partitionId() == 1 && tc.attemptNumber() == 0) {
          throw new IllegalStateException("injected fault in partition 1, attempt 0");
        }
        return loss.compute(out, y);
      };
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void aTaskFailingOnItsFirstAttemptIsRetriedAndTheRunIsUnchanged(int localSteps) {
    TrainingResult clean = miniBatchAdam(Losses::crossEntropy, localSteps);
    TrainingResult faulty = miniBatchAdam(FailFirstAttempt.of(Losses::crossEntropy), localSteps);
    assertSameRun(clean, faulty); // nothing counted twice: same examples, losses, parameters
  }

  @Test
  void float32ModelsTrainAndStayFloat32() {
    SplittableRandom rng = new SplittableRandom(3);
    Sequential model = new Sequential(new Linear(4, 3, Init.xavierUniform(), rng,
        DType.FLOAT32));
    double[] before = model.parameters().get(0).toDoubleArray();
    TrainingResult r = new SparkTrainer(model, Losses::crossEntropy, p -> new SGD(p, 0.1))
        .batchSize(50).epochs(2).fit(Frames.frame(spark, iris, 2));
    assertEquals(DType.FLOAT32, model.parameters().get(0).dtype());
    assertTrue(r.history().losses()[1] < r.history().losses()[0],
        java.util.Arrays.toString(r.history().losses()));
    assertTrue(!java.util.Arrays.equals(before, model.parameters().get(0).toDoubleArray()));
  }
}
