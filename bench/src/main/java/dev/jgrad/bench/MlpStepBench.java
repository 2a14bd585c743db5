package dev.jgrad.bench;

import dev.jgrad.Autograd;
import dev.jgrad.Backend;
import dev.jgrad.DType;
import dev.jgrad.LinearActivation;
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
 * One SGD step (forward, backward, update, lr 0.01) of an MLP 784-256-128-10 (ReLU, ReLU,
 * softmax cross-entropy) on a fixed synthetic float32 batch of 128 ({@code size = large}), or of
 * 64-128-64-10 on a batch of 32 ({@code small}, the course's scale), written with core ops the
 * way the peers harness defines the workload ({@code step}), and the same step with the fused
 * primitives {@link Tensor#linear} and {@link Tensor#crossEntropy} ({@code fusedStep}), also
 * with the gradients zeroed in place and reused ({@code fusedStepReusingGrads}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpStepBench {
  @Param({"1", "2"})
  int threads;

  @Param({"large", "small"})
  String size;

  Tensor x;
  Tensor labels;
  Tensor classes;
  Tensor[] params;

  @Setup
  public void setup() {
    Backend.setThreads(threads);
    SplittableRandom r = new SplittableRandom(3);
    boolean large = size.equals("large");
    int batch = large ? 128 : 32;
    int in = large ? 784 : 64;
    int h1 = large ? 256 : 128;
    int h2 = large ? 128 : 64;
    x = Tensor.uniform(r, DType.FLOAT32, 0, 1, batch, in);
    double[] y = new double[batch];
    for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
    labels = Tensor.of(y, batch, 1).to(DType.INT64); // gather needs integer indices
    classes = Tensor.of(y, batch).to(DType.INT64);
    int[][] shapes = {{h1, in}, {h1}, {h2, h1}, {h2}, {10, h2}, {10}};
    params = new Tensor[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      double scale = shapes[i].length == 2 ? Math.sqrt(2.0 / shapes[i][1]) : 0;
      params[i] = Tensor.normal(r, DType.FLOAT32, 0, scale, shapes[i]).requiresGrad(true);
    }
  }

  @Benchmark
  public double step() {
    Tensor h = x.matmul(params[0], false, true).add(params[1]).relu();
    h = h.matmul(params[2], false, true).add(params[3]).relu();
    Tensor logits = h.matmul(params[4], false, true).add(params[5]);
    Tensor loss = logits.logSoftmax(1).gather(1, labels).mean().neg();
    return descend(loss, true);
  }

  @Benchmark
  public double fusedStep() {
    return descend(fusedLoss(), true);
  }

  /** {@link #fusedStep} with {@code zeroGrad(false)}: gradient buffers reused across steps. */
  @Benchmark
  public double fusedStepReusingGrads() {
    return descend(fusedLoss(), false);
  }

  private Tensor fusedLoss() {
    Tensor h = x.linear(params[0], params[1], LinearActivation.RELU);
    h = h.linear(params[2], params[3], LinearActivation.RELU);
    Tensor logits = h.linear(params[4], params[5], LinearActivation.NONE);
    return logits.crossEntropy(classes).mean();
  }

  /**
   * Zeroes the gradients (to none, or in place), backward from {@code loss} and the SGD update
   * {@code p -= 0.01·∂loss/∂p}; returns the loss.
   */
  private double descend(Tensor loss, boolean setToNone) {
    for (Tensor p : params) {
      p.zeroGrad(setToNone);
    }
    loss.backward();
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (Tensor p : params) {
        p.addInPlace(p.grad(), -0.01);
      }
    }
    return loss.item();
  }
}
