package dev.jgrad.nn;

import dev.jgrad.DType;
import java.util.random.RandomGenerator;

/**
 * A 2-d convolution of images {@code [N, C_in, H, W]} to {@code [N, C_out, H_out, W_out]}, as
 * PyTorch's {@code nn.Conv2d}: {@code y[n, o, i, j] = bias[o] + Σ_{c, u, v} weight[o, c, u, v] ·
 * xp[n, g·C_in/G + c, i·s_h + u·d_h, j·s_w + v·d_w]} with {@code g} the group of output channel
 * {@code o} and {@code xp} the zero-padded input; {@code H_out = floor((H + 2p_h - d_h·(k_h - 1)
 * - 1) / s_h) + 1}, likewise {@code W_out}. Weight {@code [C_out, C_in/G, k_h, k_w]}, bias
 * {@code [C_out]}; see {@link Convolution} for the initialization and the computation.
 */
public final class Conv2d extends Convolution {
  /**
   * A square {@code kernel × kernel} convolution with stride 1, no padding, a bias, FLOAT32 and
   * PyTorch's default initialization.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel the kernel's height and width
   * @param rng the initialization's randomness (weight drawn first, then bias)
   * @throws IllegalArgumentException if a count is not positive
   */
  public Conv2d(int in, int out, int kernel, RandomGenerator rng) {
    this(in, out, kernel, 1, 0, rng);
  }

  /**
   * A square convolution with the same stride and padding on both axes, a bias, FLOAT32 and
   * PyTorch's default initialization.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel the kernel's height and width
   * @param stride the step between windows, {@code >= 1}
   * @param padding zeros added on each side, {@code >= 0}
   * @param rng the initialization's randomness
   * @throws IllegalArgumentException if a count is not positive or the padding is negative
   */
  public Conv2d(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
    this(in, out, new int[] {kernel, kernel}, new int[] {stride, stride},
        new int[] {padding, padding}, new int[] {1, 1}, 1, true, null, null, rng, DType.FLOAT32);
  }

  /**
   * A convolution with every option.
   *
   * @param in input channels, divisible by {@code groups}
   * @param out output channels, divisible by {@code groups}
   * @param kernel {@code {k_h, k_w}}, each {@code >= 1}
   * @param stride {@code {s_h, s_w}}, each {@code >= 1}
   * @param padding {@code {p_h, p_w}} zeros on each side, each {@code >= 0}
   * @param dilation {@code {d_h, d_w}}, the spacing of kernel taps, each {@code >= 1}
   * @param groups the number of channel groups ({@code in} for a depthwise convolution)
   * @param bias whether to add a bias
   * @param weightInit makes the weight, or null for PyTorch's default
   * @param biasInit makes the bias, or null for PyTorch's default
   * @param rng the initializers' randomness (may be null for deterministic ones)
   * @param dtype the parameters' dtype (floating point)
   * @throws IllegalArgumentException naming the bad value, e.g. {@code conv2d: in channels 3
   *     and out channels 4 must both be divisible by groups 2}
   */
  public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias, Init weightInit, Init biasInit, RandomGenerator rng,
      DType dtype) {
    super("conv2d", 2, in, out, kernel, stride, padding, dilation, groups, bias, weightInit,
        biasInit, rng, dtype);
  }

  @Override
  String layout() {
    return "[N, C, H, W]";
  }
}
