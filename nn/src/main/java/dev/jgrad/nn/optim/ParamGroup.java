package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Parameters that share a learning rate and a weight decay (PyTorch's parameter groups), e.g. no
 * decay on biases:
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(List.of(
 *     ParamGroup.of(weights),                      // the optimizer's rate and decay
 *     ParamGroup.of(biases).weightDecay(0)), 1e-3); // the same rate, no decay
 * }</pre>
 *
 * <p>A group that sets no rate or decay uses the optimizer's (its constructor's rate; its
 * {@code weightDecay(...)} setting, also when set later). Immutable: the setters return a new
 * group.
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final double learningRate;
  private final double weightDecay;

  private ParamGroup(List<Tensor> params, double learningRate, double weightDecay) {
    this.params = params;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /**
   * A group of {@code params} (copied) with the optimizer's rate and weight decay.
   *
   * @param params the group's parameters; checked by the optimizer that receives the group
   * @return the group
   * @throws IllegalArgumentException if params is null
   */
  public static ParamGroup of(Collection<Tensor> params) {
    checkArgument(params != null, "param_group: parameters are null");
    return new ParamGroup(Collections.unmodifiableList(new ArrayList<>(params)), Double.NaN,
        Double.NaN);
  }

  /**
   * This group with its own learning rate (what schedules scale for this group).
   *
   * @param learningRate the rate, finite and {@code >= 0}
   * @return a new group
   * @throws IllegalArgumentException if negative or not finite
   */
  public ParamGroup learningRate(double learningRate) {
    checkArgument(learningRate >= 0 && Double.isFinite(learningRate),
        "param_group: learning rate must be finite and >= 0, got %s", learningRate);
    return new ParamGroup(params, learningRate, weightDecay);
  }

  /**
   * This group with its own weight decay λ (the optimizer decides how λ is applied: L2 on the
   * gradient, or decoupled for AdamW).
   *
   * @param lambda the decay, finite and {@code >= 0}
   * @return a new group
   * @throws IllegalArgumentException if negative or not finite
   */
  public ParamGroup weightDecay(double lambda) {
    checkArgument(lambda >= 0 && Double.isFinite(lambda),
        "param_group: weight decay must be finite and >= 0, got %s", lambda);
    return new ParamGroup(params, learningRate, lambda);
  }

  /**
   * The group's parameters.
   *
   * @return an unmodifiable list, in the order given
   */
  public List<Tensor> parameters() {
    return params;
  }

  /** The group's own rate, or NaN to use the optimizer's. */
  double learningRateOrNaN() {
    return learningRate;
  }

  /** The group's own weight decay, or NaN to use the optimizer's. */
  double weightDecayOrNaN() {
    return weightDecay;
  }
}
