package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.Arrays;

/**
 * Pooling of images {@code [N, C, H, W]} over {@code k_h × k_w} windows moved by a stride, on
 * an input padded by {@code p} on each side: output {@code [N, C, H_out, W_out]} with
 * {@code H_out = floor((H + 2p_h - k_h) / s_h) + 1}, likewise {@code W_out}; the common part of
 * {@link MaxPool2d} and {@link AvgPool2d}, which say what a window reduces to. The padding is at
 * most half the kernel on each axis (as PyTorch requires), so every window holds at least one
 * input element. No parameters.
 */
public abstract class Pool2d extends Layer {
  private final String op;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  Pool2d(String op, int[] kernel, int[] stride, int[] padding) {
    this.op = op;
    this.kernel = Windows.check(op, "kernel size", kernel, 2, 1);
    this.stride = Windows.check(op, "stride", stride, 2, 1);
    this.padding = Windows.check(op, "padding", padding, 2, 0);
    for (int a = 0; a < 2; a++) {
      checkArgument(2 * padding[a] <= kernel[a], "%s: padding %s must be at most half the kernel "
          + "size %s", op, Arrays.toString(padding), Arrays.toString(kernel));
    }
  }

  /**
   * Reduces the windows {@code [N, C, k_h·k_w, H_out, W_out]} over axis 2.
   *
   * @param input the unpadded input, for reductions that need it
   * @param windows the windows, padded with {@link #padValue()}
   * @return {@code [N, C, H_out, W_out]}
   */
  abstract Tensor reduce(Tensor input, Tensor windows);

  /** What the padding holds (neutral for the reduction). */
  abstract double padValue();

  /**
   * Pools every window.
   *
   * @param input {@code [N, C, H, W]}, floating point
   * @return {@code [N, C, H_out, W_out]}
   * @throws IllegalArgumentException if the input is not 4-d floating point or is smaller than
   *     the kernel (after padding), naming the shape
   */
  @Override
  public Tensor forward(Tensor input) {
    Windows.checkInput(op, input, 2, "[N, C, H, W]");
    return reduce(input, Windows.extract(op, input, kernel, stride, padding, new int[] {1, 1},
        padValue()));
  }

  /** Windows of the same geometry over another tensor of the input's layout. */
  final Tensor windowsOf(Tensor x, double padValue) {
    return Windows.extract(op, x, kernel, stride, padding, new int[] {1, 1}, padValue);
  }

  /**
   * The window's height and width.
   *
   * @return a copy
   */
  public int[] kernelSize() {
    return kernel.clone();
  }

  /**
   * The step between windows per axis.
   *
   * @return a copy
   */
  public int[] stride() {
    return stride.clone();
  }

  /**
   * The padding on each side per axis.
   *
   * @return a copy
   */
  public int[] padding() {
    return padding.clone();
  }

  @Override
  protected String extraRepr() {
    return "kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride)
        + ", padding=" + Arrays.toString(padding);
  }
}
