package dev.jgrad.nn;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;

/**
 * Average pooling, as PyTorch's {@code nn.AvgPool2d}: {@code y[n, c, i, j]} is the sum of the
 * window at {@code (i·s_h - p_h, j·s_w - p_w)} (the padding counting as zeros) divided by
 * {@code k_h·k_w}, or, with {@code countIncludePad} off, by the number of input elements the
 * window covers (see {@link Pool2d} for the geometry).
 */
public final class AvgPool2d extends Pool2d {
  private final boolean countIncludePad;

  /**
   * Square windows with stride equal to the kernel and no padding.
   *
   * @param kernel the window's height and width
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public AvgPool2d(int kernel) {
    this(new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, true);
  }

  /**
   * Windows of any size.
   *
   * @param kernel {@code {k_h, k_w}}, each {@code >= 1}
   * @param stride {@code {s_h, s_w}}, each {@code >= 1}
   * @param padding {@code {p_h, p_w}}, each at most half its kernel size
   * @param countIncludePad divide by the window's size (true, PyTorch's default) or by the
   *     number of input elements in it
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    super("avg_pool2d", kernel, stride, padding);
    this.countIncludePad = countIncludePad;
  }

  @Override
  Tensor reduce(Tensor input, Tensor windows) {
    if (countIncludePad) {
      return windows.mean(2);
    }
    // Per output position, how many input elements its window covers: windows of ones.
    Tensor count = Autograd.noGrad(() -> windowsOf(
        Tensor.ones(input.dtype(), 1, 1, input.size(2), input.size(3)), 0).sum(2));
    return windows.sum(2).div(count);
  }

  @Override
  double padValue() {
    return 0;
  }

  /**
   * Whether the padding counts in the divisor.
   *
   * @return true if every window divides by {@code k_h·k_w}
   */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + ", count_include_pad=" + countIncludePad;
  }
}
