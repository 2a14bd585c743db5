package dev.jgrad.nn;

import dev.jgrad.DType;
import java.util.random.RandomGenerator;

/**
 * A 1-d convolution of sequences {@code [N, C_in, L]} to {@code [N, C_out, L_out]}, as
 * PyTorch's {@code nn.Conv1d}: {@code y[n, o, i] = bias[o] + Σ_{c, u} weight[o, c, u] ·
 * xp[n, g·C_in/G + c, i·s + u·d]} with {@code g} the group of output channel {@code o} and
 * {@code xp} the zero-padded input; {@code L_out = floor((L + 2p - d·(k - 1) - 1) / s) + 1}.
 * Weight {@code [C_out, C_in/G, k]}, bias {@code [C_out]}; see {@link Convolution} for the
 * initialization and the computation.
 */
public final class Conv1d extends Convolution {
  /**
   * A convolution with stride 1, no padding, a bias, FLOAT32 and PyTorch's default
   * initialization.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel the kernel's length
   * @param rng the initialization's randomness (weight drawn first, then bias)
   * @throws IllegalArgumentException if a count is not positive
   */
  public Conv1d(int in, int out, int kernel, RandomGenerator rng) {
    this(in, out, kernel, 1, 0, 1, 1, true, null, null, rng, DType.FLOAT32);
  }

  /**
   * A convolution with every option.
   *
   * @param in input channels, divisible by {@code groups}
   * @param out output channels, divisible by {@code groups}
   * @param kernel the kernel's length, {@code >= 1}
   * @param stride the step between windows, {@code >= 1}
   * @param padding zeros on each side, {@code >= 0}
   * @param dilation the spacing of kernel taps, {@code >= 1}
   * @param groups the number of channel groups
   * @param bias whether to add a bias
   * @param weightInit makes the weight, or null for PyTorch's default
   * @param biasInit makes the bias, or null for PyTorch's default
   * @param rng the initializers' randomness (may be null for deterministic ones)
   * @param dtype the parameters' dtype (floating point)
   * @throws IllegalArgumentException naming the bad value
   */
  public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
      boolean bias, Init weightInit, Init biasInit, RandomGenerator rng, DType dtype) {
    super("conv1d", 1, in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding},
        new int[] {dilation}, groups, bias, weightInit, biasInit, rng, dtype);
  }

  @Override
  String layout() {
    return "[N, C, L]";
  }
}
