package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/**
 * Adaptive average pooling to a fixed output size, as PyTorch's {@code nn.AdaptiveAvgPool2d}:
 * for an input {@code [N, C, H, W]} and output size {@code (h, w)}, {@code y[n, c, i, j]} is the
 * mean of the rows {@code [floor(i·H/h), ceil((i+1)·H/h))} and columns
 * {@code [floor(j·W/w), ceil((j+1)·W/w))} of {@code x[n, c]}. Computed as
 * {@code P_h · x · P_wᵀ} with the averaging matrices {@code P_h [h, H]} and {@code P_w [w, W]}
 * (two matmuls, so gradients of any order follow). No parameters.
 */
public final class AdaptiveAvgPool2d extends Layer {
  private final int outH;
  private final int outW;

  /**
   * Pools to {@code size × size} (e.g. 1 for global average pooling).
   *
   * @param size the output's height and width
   * @throws IllegalArgumentException if the size is not positive
   */
  public AdaptiveAvgPool2d(int size) {
    this(size, size);
  }

  /**
   * Pools to {@code outH × outW}.
   *
   * @param outH the output's height
   * @param outW the output's width
   * @throws IllegalArgumentException if a size is not positive
   */
  public AdaptiveAvgPool2d(int outH, int outW) {
    checkArgument(outH > 0 && outW > 0,
        "adaptive_avg_pool2d: the output size must be positive, got [%s, %s]", outH, outW);
    this.outH = outH;
    this.outW = outW;
  }

  /** {@code P[i, r] = 1 / len_i} for r in bin i of n inputs into m bins, else 0. */
  static Tensor averaging(DType dtype, int m, int n) {
    double[] p = new double[m * n];
    for (int i = 0; i < m; i++) {
      int start = (int) ((long) i * n / m);
      int end = (int) (((long) (i + 1) * n + m - 1) / m);
      for (int r = start; r < end; r++) {
        p[i * n + r] = 1.0 / (end - start);
      }
    }
    return Tensor.of(p, m, n).to(dtype);
  }

  /**
   * Averages each bin.
   *
   * @param input {@code [N, C, H, W]}, floating point, any {@code H, W >= 1}
   * @return {@code [N, C, outH, outW]}
   * @throws IllegalArgumentException if the input is not 4-d floating point
   */
  @Override
  public Tensor forward(Tensor input) {
    Windows.checkInput("adaptive_avg_pool2d", input, 2, "[N, C, H, W]");
    Tensor ph = averaging(input.dtype(), outH, input.size(2));
    Tensor pw = averaging(input.dtype(), outW, input.size(3));
    return ph.matmul(input.matmul(pw, false, true));
  }

  /**
   * The output size.
   *
   * @return {@code {outH, outW}}
   */
  public int[] outputSize() {
    return new int[] {outH, outW};
  }

  @Override
  protected String extraRepr() {
    return "size=[" + outH + ", " + outW + "]";
  }
}
