package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code max(z, 0)} elementwise; derivative 1 for z > 0, else 0 (0 at the kink). Any shape; no
 * parameters (saved as {@code {"type": "relu"}}).
 */
public final class ReLU extends Layer {
  /** The (parameter-free) activation layer. */
  public ReLU() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.relu();
  }
}
