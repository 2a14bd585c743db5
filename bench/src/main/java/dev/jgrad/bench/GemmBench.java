package dev.jgrad.bench;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.Backend;
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

/** Square GEMM C = A·B through {@link Tensor#matmul}; GFLOPS = 2n³ / time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
  @Param({"64", "128", "256", "512", "1024"})
  int n;

  @Param({"f32", "f64"})
  String dtype;

  @Param({"1", "2"})
  int threads;

  Tensor a;
  Tensor b;

  @Setup
  public void setup() {
    Backend.setThreads(threads);
    DType d = dtype.equals("f32") ? DType.FLOAT32 : DType.FLOAT64;
    SplittableRandom r = new SplittableRandom(1);
    a = Tensor.uniform(r, d, -1, 1, n, n);
    b = Tensor.uniform(r, d, -1, 1, n, n);
  }

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }
}
