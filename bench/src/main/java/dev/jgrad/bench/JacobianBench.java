package dev.jgrad.bench;

import dev.jgrad.Functional;
import dev.jgrad.Index;
import dev.jgrad.Tensor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * The Jacobian {@code [T, 2]} of a T-step simulated trajectory with respect to its 2 parameters
 * (the {@code ForwardModeSensitivity} example): forward mode needs one pass per input (2),
 * reverse mode one backward pass per output (T), each over the whole graph.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class JacobianBench {
  @Param({"100", "500"})
  int steps;

  Function<Tensor, Tensor> f;
  Tensor theta;

  @Setup
  public void setup() {
    double dt = 0.02;
    f = t -> {
      Tensor omega = t.index(Index.at(0));
      Tensor zeta = t.index(Index.at(1));
      Tensor stiffness = omega.square().mul(dt);
      Tensor damping = zeta.mul(omega).mul(2 * dt);
      Tensor x = Tensor.scalar(1.0);
      Tensor v = Tensor.scalar(0.0);
      Tensor[] xs = new Tensor[steps];
      for (int i = 0; i < steps; i++) {
        v = v.sub(stiffness.mul(x)).sub(damping.mul(v));
        x = x.add(v.mul(dt));
        xs[i] = x;
      }
      return Tensor.stack(0, xs);
    };
    theta = Tensor.of(new double[] {2.0, 0.1});
  }

  @Benchmark
  public Tensor jacfwd() {
    return Functional.jacfwd(f, theta);
  }

  @Benchmark
  public Tensor jacobianReverse() {
    return Functional.jacobian(f, theta);
  }
}
