package dev.jgrad.bench;

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
 * The non-square products of a training step, through {@link Tensor#matmul}: the course's
 * network on 64x64x3 images flattened, X {@code [12288, 209]} (one column per example), a hidden
 * layer W1 {@code [20, 12288]}, logistic regression w {@code [12288, 1]}. {@code GemmBench}
 * covers square products only; these shapes have one tiny dimension (GEMV, small n or m) or a
 * long K with a small output, where a square-tuned kernel wastes most of its time. GFLOPS =
 * 2·n·k·m / time.
 * <ul>
 *   <li>{@code mv}: {@code [1, 12288] @ [12288, 209]} — logistic regression forward
 *       {@code z = wᵀ·X} (a row vector times a matrix).</li>
 *   <li>{@code mvT}: {@code [12288, 209] @ [209, 1]} — its weight gradient
 *       {@code dw = X·dZᵀ} (a matrix times a column vector).</li>
 *   <li>{@code tall}: {@code [20, 12288] @ [12288, 209]} — hidden-layer forward
 *       {@code Z1 = W1·X} (long K, small output).</li>
 *   <li>{@code wgrad}: {@code [20, 209] @ X.transpose()} with X {@code [12288, 209]} — the
 *       weight gradient {@code dW1 = dZ1·Xᵀ}, Xᵀ a view read in place (transposed B).</li>
 *   <li>{@code wgradNT}: {@code [20, 209] @ [209, 12288]} — the same product with Xᵀ stored
 *       dense, to separate the cost of the transposed read.</li>
 *   <li>{@code dx}: {@code [12288, 20] @ [20, 209]} — the input gradient
 *       {@code dX = W1ᵀ·dZ1} (tall output, K = 20).</li>
 *   <li>{@code sq512}: {@code [512, 512] @ [512, 512]} — a square reference point, as in
 *       {@code GemmBench}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmShapeBench {
  /** Which product; see the class comment. */
  @Param({"mv", "mvT", "tall", "wgrad", "wgradNT", "dx", "sq512"})
  String shape;

  @Param({"f32", "f64"})
  String dtype;

  @Param({"1", "2"})
  int threads;

  Tensor a;
  Tensor b;

  /** Sets the thread count and draws both operands, uniform on [-1, 1]. */
  @Setup
  public void setup() {
    Backend.setThreads(threads);
    DType d = dtype.equals("f32") ? DType.FLOAT32 : DType.FLOAT64;
    SplittableRandom r = new SplittableRandom(1);
    switch (shape) {
      case "mv":
        a = Tensor.uniform(r, d, -1, 1, 1, 12288);
        b = Tensor.uniform(r, d, -1, 1, 12288, 209);
        break;
      case "mvT":
        a = Tensor.uniform(r, d, -1, 1, 12288, 209);
        b = Tensor.uniform(r, d, -1, 1, 209, 1);
        break;
      case "tall":
        a = Tensor.uniform(r, d, -1, 1, 20, 12288);
        b = Tensor.uniform(r, d, -1, 1, 12288, 209);
        break;
      case "wgrad":
        a = Tensor.uniform(r, d, -1, 1, 20, 209);
        b = Tensor.uniform(r, d, -1, 1, 12288, 209).transpose();  // a view, not a copy
        break;
      case "wgradNT":
        a = Tensor.uniform(r, d, -1, 1, 20, 209);
        b = Tensor.uniform(r, d, -1, 1, 209, 12288);
        break;
      case "dx":
        a = Tensor.uniform(r, d, -1, 1, 12288, 20);
        b = Tensor.uniform(r, d, -1, 1, 20, 209);
        break;
      case "sq512":
        a = Tensor.uniform(r, d, -1, 1, 512, 512);
        b = Tensor.uniform(r, d, -1, 1, 512, 512);
        break;
      default:
        throw new IllegalArgumentException("unknown shape " + shape);
    }
  }

  /** The product {@code a @ b}. */
  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }
}
