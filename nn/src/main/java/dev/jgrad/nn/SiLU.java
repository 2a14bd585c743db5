package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * SiLU (swish) {@code z·σ(z)} elementwise ({@link Tensor#silu()}); derivative
 * {@code σ(z)·(1 + z·(1 - σ(z)))}. Smooth everywhere. Any shape; no parameters (saved as
 * {@code {"type": "silu"}}).
 */
public final class SiLU extends Layer {
  /** The (parameter-free) activation layer. */
  public SiLU() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.silu();
  }
}
