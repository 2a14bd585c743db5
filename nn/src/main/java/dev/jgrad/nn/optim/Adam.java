package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import dev.jgrad.Updates;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015), as documented for PyTorch's {@code torch.optim.Adam}. With gradient
 * {@code g = ∂L/∂w + λ·w} (λ the group's L2 weight decay, 0 by default), η the group's rate and t
 * the parameter's step count (from 1):
 *
 * <pre>
 *   m ← β1·m + (1 - β1)·g            v ← β2·v + (1 - β2)·g²
 *   v̂ ← v, or with AMSGrad  v̂ ← max(v̂, v)   (elementwise, from v̂ = 0)
 *   w ← w - (η / (1 - β1^t))·m / (√v̂ / √(1 - β2^t) + ε)
 * </pre>
 *
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, no AMSGrad (PyTorch's). State: {@code exp_avg} (m),
 * {@code exp_avg_sq} (v) and, with AMSGrad, {@code max_exp_avg_sq} (v̂). For decoupled weight
 * decay use {@link AdamW}.
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double eps = 1e-8;
  private boolean amsgrad;
  private final boolean decoupled;

  /**
   * Adam with the default hyperparameters.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public Adam(Collection<Tensor> params, double learningRate) {
    super("adam", params, learningRate);
    this.decoupled = false;
  }

  /**
   * Adam over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public Adam(List<ParamGroup> groups, double learningRate) {
    super("adam", groups, learningRate);
    this.decoupled = false;
  }

  /** For {@link AdamW}: decoupled weight decay. */
  Adam(String name, List<ParamGroup> groups, double learningRate, boolean decoupled) {
    super(name, groups, learningRate);
    this.decoupled = decoupled;
  }

  /**
   * The moment decay rates.
   *
   * @param beta1 β1 in [0, 1)
   * @param beta2 β2 in [0, 1)
   * @return this
   * @throws IllegalArgumentException unless both are in [0, 1)
   */
  public Adam betas(double beta1, double beta2) {
    checkRange("beta1", beta1, 0, 1, false);
    checkRange("beta2", beta2, 0, 1, false);
    this.beta1 = beta1;
    this.beta2 = beta2;
    return this;
  }

  /**
   * The denominator's ε.
   *
   * @param eps ε
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adam eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * AMSGrad (Reddi et al., 2018) on or off: divide by the running maximum of v instead of v.
   * Set it before the first step (v̂ starts at 0 when turned on).
   *
   * @param on whether to use AMSGrad
   * @return this
   */
  public Adam amsgrad(boolean on) {
    this.amsgrad = on;
    return this;
  }

  /**
   * Weight decay λ of groups that set none: for Adam, L2 ({@code λ·w} added to the gradient, then
   * adapted like it); for {@link AdamW}, decoupled ({@code w ← w - η·λ·w} before the Adam step).
   *
   * @param lambda λ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adam weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  @Override
  protected List<String> stateNames() {
    return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("beta1", beta1);
    c.put("beta2", beta2);
    c.put("eps", eps);
    c.put("amsgrad", flag(amsgrad));
    c.put("decoupled_weight_decay", flag(decoupled));
    return c;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad, double lr, double weightDecay) {
    // One pass over the elements, no temporaries (the same operations as the class formula).
    Tensor g = grad.contiguous();
    Tensor m = buffer("exp_avg", i);
    Tensor v = buffer("exp_avg_sq", i);
    Tensor vMax = amsgrad ? buffer("max_exp_avg_sq", i) : null;
    long t = stepOf(i);
    updateContiguous(w, p -> Updates.adam(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay,
        decoupled, t));
  }
}
