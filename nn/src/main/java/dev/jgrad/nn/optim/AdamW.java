package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019; PyTorch's {@code
 * torch.optim.AdamW}): each step first shrinks {@code w ← w·(1 - η·λ)} with the group's λ, then
 * takes the {@link Adam} step on the plain gradient (no L2 term, so the decay is not scaled by the
 * adaptive denominator). Default λ = 0.01 (PyTorch's); AMSGrad as in Adam.
 */
public final class AdamW extends Adam {
  /**
   * AdamW with β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public AdamW(Collection<Tensor> params, double learningRate) {
    this(List.of(ParamGroup.of(params == null ? List.of() : params)), learningRate);
  }

  /**
   * AdamW over parameter groups; groups without their own weight decay get λ = 0.01 (or what
   * {@link #weightDecay(double)} sets).
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public AdamW(List<ParamGroup> groups, double learningRate) {
    super("adamw", groups, learningRate, true);
    weightDecay(0.01);
  }
}
