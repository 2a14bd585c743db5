package dev.jgrad.bench;

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
 * Elementwise ops and reductions: per-op overhead on small tensors (8x8, 100 elements) and
 * throughput on large ones (1M elements), float32, recorded (inputs require grad).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SmallTensorBench {
  @Param({"8x8", "100", "1000x1000"})
  String shape;

  Tensor x;
  Tensor y;
  Tensor row;

  @Setup
  public void setup() {
    int[] dims = shape.contains("x") ? new int[] {Integer.parseInt(shape.split("x")[0]),
        Integer.parseInt(shape.split("x")[1])} : new int[] {Integer.parseInt(shape)};
    SplittableRandom r = new SplittableRandom(2);
    x = Tensor.uniform(r, DType.FLOAT32, -1, 1, dims).requiresGrad(true);
    y = Tensor.uniform(r, DType.FLOAT32, -1, 1, dims).requiresGrad(true);
    row = Tensor.uniform(r, DType.FLOAT32, -1, 1, dims[dims.length - 1]).requiresGrad(true);
  }

  @Benchmark
  public Tensor add() {
    return x.add(y);
  }

  @Benchmark
  public Tensor mul() {
    return x.mul(y);
  }

  @Benchmark
  public Tensor addBroadcastRow() {
    return x.add(row);
  }

  @Benchmark
  public Tensor exp() {
    return x.exp();
  }

  @Benchmark
  public Tensor relu() {
    return x.relu();
  }

  @Benchmark
  public Tensor sumAll() {
    return x.sum();
  }

  @Benchmark
  public Tensor sumLastAxis() {
    return x.sum(-1);
  }

  @Benchmark
  public Tensor[] mulForwardBackward() {
    Tensor z = x.mul(y).sum();
    return dev.jgrad.Autograd.grad(z, x, y);
  }
}
