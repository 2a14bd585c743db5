package dev.jgrad.bench;

import dev.jgrad.Autograd;
import dev.jgrad.Backend;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One iteration of the course's two cat/non-cat training loops, on synthetic float64 data of the
 * same shapes: X {@code [12288, 209]} (features × examples, values in [0, 1)), labels
 * {@code [1, 209]} of 0/1, written with core ops and autodiff as a user of the course would.
 * The course runs 2,000 iterations of {@link #logisticRegression} and 2,500 of
 * {@link #deepNetwork}; {@code bench/numpy/course_loops.py} times the course's NumPy code on the
 * same shapes.
 *
 * <ul>
 *   <li>logistic regression: {@code A = σ(wᵀX + b)}, {@code J = -mean(Y log A + (1-Y) log(1-A))},
 *       {@code w -= 0.005 ∂J/∂w}: products {@code [1,12288]·[12288,209]} and, backward,
 *       {@code [12288,209]·[209,1]};
 *   <li>L-layer network {@code [12288, 20, 7, 5, 1]} (ReLU, sigmoid output, same cost, learning
 *       rate 0.0075): {@code [20,12288]·[12288,209]} forward and the weight gradient
 *       {@code [20,209]·[209,12288]} backward.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CourseLoopsBench {
  @Param({"1", "2"})
  int threads;

  Tensor x;
  Tensor y;
  Tensor w;
  Tensor b;
  Tensor[] layers;

  @Setup
  public void setup() {
    Backend.setThreads(threads);
    SplittableRandom r = new SplittableRandom(7);
    x = Tensor.uniform(r, DType.FLOAT64, 0, 1, 12288, 209);
    double[] labels = new double[209];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.nextInt(2);
    }
    y = Tensor.of(labels, 1, 209);
    w = Tensor.zeros(DType.FLOAT64, 12288, 1).requiresGrad(true);
    b = Tensor.zeros(DType.FLOAT64, 1, 1).requiresGrad(true);
    int[] dims = {12288, 20, 7, 5, 1};
    layers = new Tensor[2 * (dims.length - 1)];
    for (int l = 1; l < dims.length; l++) {
      // the course's initialization: randn / sqrt(n_prev), zero biases
      layers[2 * l - 2] = Tensor.normal(r, DType.FLOAT64, 0, 1 / Math.sqrt(dims[l - 1]),
          dims[l], dims[l - 1]).requiresGrad(true);
      layers[2 * l - 1] = Tensor.zeros(DType.FLOAT64, dims[l], 1).requiresGrad(true);
    }
  }

  private Tensor cost(Tensor a) {
    Tensor ones = Tensor.ones(DType.FLOAT64, 1, 1);
    return y.mul(a.log()).add(ones.sub(y).mul(ones.sub(a).log())).mean().neg();
  }

  private static double descend(Tensor cost, double lr, boolean setToNone, Tensor... params) {
    for (Tensor p : params) {
      p.zeroGrad(setToNone);
    }
    cost.backward();
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (Tensor p : params) {
        p.addInPlace(p.grad(), -lr);
      }
    }
    return cost.item();
  }

  /**
   * One gradient-descent iteration of logistic regression.
   *
   * @return the cost before the update
   */
  @Benchmark
  public double logisticRegression() {
    Tensor a = w.matmul(x, true, false).add(b).sigmoid();
    return descend(cost(a), 0.005, true, w, b);
  }

  /**
   * One gradient-descent iteration of the four-layer network.
   *
   * @return the cost before the update
   */
  @Benchmark
  public double deepNetwork() {
    return deepNetworkStep(true);
  }

  /**
   * {@link #deepNetwork} with {@code zeroGrad(false)}: each weight's gradient {@code dZ·Aᵀ} is
   * added by {@code matmul}'s rule into the buffer of the step before (2 MB for the first
   * layer's [20, 12288]) instead of a fresh tensor.
   *
   * @return the cost before the update
   */
  @Benchmark
  public double deepNetworkReusingGrads() {
    return deepNetworkStep(false);
  }

  private double deepNetworkStep(boolean setToNone) {
    Tensor a = x;
    for (int l = 0; l < layers.length; l += 2) {
      Tensor z = layers[l].matmul(a).add(layers[l + 1]);
      a = l + 2 < layers.length ? z.relu() : z.sigmoid();
    }
    return descend(cost(a), 0.0075, setToNone, layers);
  }
}
