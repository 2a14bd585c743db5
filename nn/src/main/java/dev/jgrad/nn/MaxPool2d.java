package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * Max pooling, as PyTorch's {@code nn.MaxPool2d}: {@code y[n, c, i, j]} is the largest element
 * of the window at {@code (i·s_h - p_h, j·s_w - p_w)}, the padding counting as {@code -∞} (see
 * {@link Pool2d} for the geometry). The gradient goes to that element only: on ties, to the
 * first in row-major window order (PyTorch's choice); NaN counts as the largest.
 */
public final class MaxPool2d extends Pool2d {
  /**
   * Square windows with stride equal to the kernel (non-overlapping) and no padding.
   *
   * @param kernel the window's height and width
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /**
   * Square windows.
   *
   * @param kernel the window's height and width, {@code >= 1}
   * @param stride the step on both axes, {@code >= 1}
   * @param padding on each side, {@code <= kernel / 2}
   * @throws IllegalArgumentException if a value is out of range
   */
  public MaxPool2d(int kernel, int stride, int padding) {
    this(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
  }

  /**
   * Windows of any size.
   *
   * @param kernel {@code {k_h, k_w}}, each {@code >= 1}
   * @param stride {@code {s_h, s_w}}, each {@code >= 1}
   * @param padding {@code {p_h, p_w}}, each at most half its kernel size
   * @throws IllegalArgumentException if a value is out of range, naming it
   */
  public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
    super("max_pool2d", kernel, stride, padding);
  }

  @Override
  Tensor reduce(Tensor input, Tensor windows) {
    return windows.maxWithIndex(2, false).values();
  }

  @Override
  double padValue() {
    return Double.NEGATIVE_INFINITY;
  }
}
