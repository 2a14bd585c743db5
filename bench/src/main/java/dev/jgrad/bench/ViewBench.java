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
 * Views cost O(1), not O(elements): transpose, permute, a strided slice, expand and reshape of a
 * contiguous float32 tensor {@code [n, n]} (or {@code [n, n, 2]} for permute), as a constant (no
 * graph). Run with {@code -prof gc}: bytes per op must not grow with {@code n} (a copy of the
 * 1000 × 1000 tensor would be 4 MB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ViewBench {
  @Param({"10", "1000"})
  int n;

  Tensor x;
  Tensor x3;
  Tensor row;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    x = Tensor.uniform(r, DType.FLOAT32, -1, 1, n, n);
    x3 = Tensor.uniform(r, DType.FLOAT32, -1, 1, n, n, 2);
    row = Tensor.uniform(r, DType.FLOAT32, -1, 1, 1, n);
  }

  /** {@code xᵀ}. @return the view */
  @Benchmark
  public Tensor transpose() {
    return x.transpose();
  }

  /** {@code x3.permute(2, 0, 1)}. @return the view */
  @Benchmark
  public Tensor permute() {
    return x3.permute(2, 0, 1);
  }

  /** Every second column: {@code x[:, 0:n:2]}. @return the view */
  @Benchmark
  public Tensor slice() {
    return x.slice(1, 0, n, 2);
  }

  /** {@code [1, n] → [n, n]} without copying. @return the view */
  @Benchmark
  public Tensor expand() {
    return row.expand(n, n);
  }

  /** {@code [n, n] → [n·n]} of a contiguous tensor. @return the view */
  @Benchmark
  public Tensor reshape() {
    return x.reshape(n * n);
  }
}
