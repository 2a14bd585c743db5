package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * {@code log σ(z) = -softplus(-z)} elementwise ({@link Tensor#logSigmoid()}), computed stably
 * (finite for any {@code z}: about {@code z} for large negative {@code z}, about {@code -e^-z}
 * for large positive); derivative {@code 1 - σ(z)}. Any shape; no parameters (saved as
 * {@code {"type": "log_sigmoid"}}).
 */
public final class LogSigmoid extends Layer {
  /** The (parameter-free) activation layer. */
  public LogSigmoid() {}

  /**
   * Applies the function elementwise.
   *
   * @param input any shape
   * @return the values, of the input's shape
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.logSigmoid();
  }
}
