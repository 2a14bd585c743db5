package dev.jgrad.bench;

import dev.jgrad.Backend;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Conv2d;
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
 * The second convolution of the Fashion-MNIST CNN example (3×3, 16 → 32 channels, padding 1, a
 * float32 batch of 64 images 14×14): forward alone and forward + backward, and the window
 * extraction it is built on — an index-select of one element per index along the last axis
 * ({@code windowsLastAxis}, what the layer does) against the same number of elements selected
 * in slices of 16 ({@code sameSizeInSlicesOf16}, the baseline the one-element path is compared
 * with).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBench {
  Conv2d conv;
  Tensor x;
  Tensor xFlat;
  Tensor xChannelsLast;
  int[] windowIdx;

  @Setup
  public void setup() {
    Backend.setThreads(1);
    SplittableRandom r = new SplittableRandom(1);
    conv = new Conv2d(16, 32, 3, 1, 1, r);
    x = Tensor.uniform(r, DType.FLOAT32, 0, 1, 64, 16, 14, 14).requiresGrad(true);
    // The padded 16×16 planes, as the layer selects from them.
    xFlat = Tensor.uniform(r, DType.FLOAT32, 0, 1, 64, 16, 256);
    xChannelsLast = Tensor.uniform(r, DType.FLOAT32, 0, 1, 64, 256, 16);
    windowIdx = new int[9 * 196];
    int t = 0;
    for (int u = 0; u < 3; u++) {
      for (int v = 0; v < 3; v++) {
        for (int i = 0; i < 14; i++) {
          for (int j = 0; j < 14; j++) {
            windowIdx[t++] = (i + u) * 16 + j + v;
          }
        }
      }
    }
  }

  @Benchmark
  public Tensor forward() {
    return conv.forward(x.detach());
  }

  @Benchmark
  public double forwardBackward() {
    x.zeroGrad();
    conv.zeroGrad();
    conv.forward(x).sum().backward();
    return x.grad().get(0, 0, 0, 0);
  }

  @Benchmark
  public Tensor windowsLastAxis() {
    return xFlat.indexSelect(2, windowIdx);
  }

  @Benchmark
  public Tensor sameSizeInSlicesOf16() {
    // 64 × 1764 slices of 16: the same 1.8M values, copied 16 at a time
    return xChannelsLast.indexSelect(1, windowIdx);
  }
}
