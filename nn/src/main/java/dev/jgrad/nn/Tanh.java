package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code tanh z} elementwise; derivative {@code 1 - tanh² z}. Any shape; no parameters (saved as
 * {@code {"type": "tanh"}}).
 */
public final class Tanh extends Layer {
  /** The (parameter-free) activation layer. */
  public Tanh() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
