package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * A training objective: a differentiable scalar (for the default reductions) computed from a
 * model's output and the targets, e.g. {@code Losses::crossEntropy}, {@code Losses::mse} or a
 * model's own {@code loss} method.
 */
@FunctionalInterface
public interface Loss {
  /**
   * The loss of {@code output} against {@code target}.
   *
   * @param output the model's output
   * @param target the targets
   * @return the loss
   * @throws IllegalArgumentException if the shapes or target values do not fit the loss
   */
  Tensor compute(Tensor output, Tensor target);
}
