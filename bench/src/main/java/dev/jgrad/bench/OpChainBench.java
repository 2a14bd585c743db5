package dev.jgrad.bench;

import dev.jgrad.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fresh graph of {@code ops} scalar ops ({@code x*a, +b, *a, +b, tanh}, repeated), then
 * reverse mode for d(out)/d(a) and d(out)/d(b); divide the time by ops for µs per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OpChainBench {
  @Param({"10000"})
  int ops;

  @Benchmark
  public double forwardBackward() {
    Tensor a = Tensor.scalar(0.9).requiresGrad(true);
    Tensor b = Tensor.scalar(0.1).requiresGrad(true);
    Tensor x = Tensor.scalar(0.5);
    for (int i = 0; i < ops / 5; i++) {
      x = x.mul(a).add(b).mul(a).add(b).tanh();
    }
    x.backward();
    return a.grad().item() + b.grad().item();
  }
}
