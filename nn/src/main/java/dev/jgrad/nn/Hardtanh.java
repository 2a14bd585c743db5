package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * {@code clamp(z, min, max)} elementwise ({@link Tensor#hardtanh(double, double)}); derivative
 * 1 inside {@code [min, max]} (the bounds included), 0 outside. Any shape; no parameters (saved
 * as {@code {"type": "hardtanh", "min": min, "max": max}}).
 */
public final class Hardtanh extends Layer {
  private final double min;
  private final double max;

  /** Between -1 and 1 (PyTorch's defaults). */
  public Hardtanh() {
    this(-1, 1);
  }

  /**
   * Between {@code min} and {@code max}.
   *
   * @param min the lower bound
   * @param max the upper bound
   * @throws IllegalArgumentException unless both are finite and {@code min < max}
   */
  public Hardtanh(double min, double max) {
    checkArgument(Double.isFinite(min) && Double.isFinite(max) && min < max,
        "hardtanh: need finite min < max, got min=%s, max=%s", min, max);
    this.min = min;
    this.max = max;
  }

  /**
   * The lower bound.
   *
   * @return min
   */
  public double min() {
    return min;
  }

  /**
   * The upper bound.
   *
   * @return max
   */
  public double max() {
    return max;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.hardtanh(min, max);
  }

  @Override
  protected String extraRepr() {
    return "min=" + min + ", max=" + max;
  }
}
