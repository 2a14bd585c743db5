package dev.jgrad.bench;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.Updates;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Adam step (β = 0.9, 0.999, ε = 1e-8, lr 1e-3) over a float32 parameter set of a
 * 784-256-128 MLP (weights [256, 784], [128, 256] and their biases): {@code fused} is {@link
 * Updates#adam} (one pass, no temporaries), {@code composite} the tensor-op form the optimizer
 * used before (about ten temporaries per parameter). Run with {@code -prof gc} for bytes/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OptimizerStepBench {
  private static final double LR = 1e-3;
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  Tensor[] params;
  Tensor[] grads;
  Tensor[] m;
  Tensor[] v;
  long t;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    int[][] shapes = {{256, 784}, {256}, {128, 256}, {128}};
    params = new Tensor[shapes.length];
    grads = new Tensor[shapes.length];
    m = new Tensor[shapes.length];
    v = new Tensor[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      params[i] = Tensor.normal(r, DType.FLOAT32, 0, 0.05, shapes[i]);
      grads[i] = Tensor.normal(r, DType.FLOAT32, 0, 1e-3, shapes[i]);
      m[i] = Tensor.zeros(DType.FLOAT32, shapes[i]);
      v[i] = Tensor.zeros(DType.FLOAT32, shapes[i]);
    }
  }

  @Benchmark
  public Tensor fused() {
    t++;
    for (int i = 0; i < params.length; i++) {
      Updates.adam(params[i], grads[i], m[i], v[i], null, LR, B1, B2, EPS, 0, false, t);
    }
    return params[0];
  }

  @Benchmark
  @SuppressWarnings("try")
  public Tensor composite() {
    t++;
    double c1 = 1 - Math.pow(B1, t);
    double c2 = 1 - Math.pow(B2, t);
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < params.length; i++) {
        Tensor g = grads[i];
        Tensor mi = m[i].mulInPlace(B1).addInPlace(g, 1 - B1);
        Tensor vi = v[i].mulInPlace(B2).addInPlace(g.square(), 1 - B2);
        Tensor denom = vi.sqrt().div(Math.sqrt(c2)).add(EPS);
        params[i].addInPlace(mi.div(denom), -LR / c1);
      }
    }
    return params[0];
  }
}
