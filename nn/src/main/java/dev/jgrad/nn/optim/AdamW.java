package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step first shrinks
 * {@code w ← w·(1 - η·λ)}, then takes the {@link Adam} step on the plain gradient (no L2 term,
 * so the decay is not scaled by the adaptive denominator). Default λ = 0.01 (PyTorch's).
 */
public final class AdamW extends Adam {
  /**
   * AdamW with β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01.
   *
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer}
   */
  public AdamW(Collection<Tensor> params, double learningRate) {
    super("adamw", params, learningRate, true);
    weightDecay(0.01);
  }
}
