package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RAdam: Adam with a rectified adaptive rate (Liu et al., 2020), as documented for PyTorch's
 * {@code torch.optim.RAdam}. With gradient g (plus {@code λ·w} for L2 weight decay, or {@code w ←
 * w·(1 - η·λ)} first when decoupled), η the group's rate and t the parameter's step count:
 *
 * <pre>
 *   m ← β1·m + (1 - β1)·g              v ← β2·v + (1 - β2)·g²
 *   ρ_∞ = 2/(1 - β2) - 1                ρ_t = ρ_∞ - 2t·β2^t / (1 - β2^t)
 *   if ρ_t &gt; 5:  r = √((ρ_t - 4)(ρ_t - 2)ρ_∞ / ((ρ_∞ - 4)(ρ_∞ - 2)ρ_t)),
 *                w ← w - η·r·√(1 - β2^t)/(1 - β1^t) · m / (√v + ε)
 *   else:        w ← w - η/(1 - β1^t) · m          (plain momentum while the variance is unknown)
 * </pre>
 *
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (PyTorch's). State: {@code exp_avg} (m), {@code
 * exp_avg_sq} (v).
 */
public final class RAdam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double eps = 1e-8;
  private boolean decoupled;

  /**
   * RAdam with the default hyperparameters.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public RAdam(Collection<Tensor> params, double learningRate) {
    super("radam", params, learningRate);
  }

  /**
   * RAdam over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public RAdam(List<ParamGroup> groups, double learningRate) {
    super("radam", groups, learningRate);
  }

  /**
   * The moment decay rates.
   *
   * @param beta1 β1 in [0, 1)
   * @param beta2 β2 in [0, 1)
   * @return this
   * @throws IllegalArgumentException unless both are in [0, 1)
   */
  public RAdam betas(double beta1, double beta2) {
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
  public RAdam eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * Weight decay λ of groups that set none (L2 on the gradient unless {@link
   * #decoupledWeightDecay(boolean)}).
   *
   * @param lambda λ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public RAdam weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  /**
   * Decoupled weight decay (RAdamW): {@code w ← w·(1 - η·λ)} before the step instead of L2.
   *
   * @param on whether to decouple
   * @return this
   */
  public RAdam decoupledWeightDecay(boolean on) {
    this.decoupled = on;
    return this;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("beta1", beta1);
    c.put("beta2", beta2);
    c.put("eps", eps);
    c.put("decoupled_weight_decay", flag(decoupled));
    return c;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad, double lr, double weightDecay) {
    Tensor g = grad;
    if (weightDecay != 0) {
      if (decoupled) {
        w.mulInPlace(1 - lr * weightDecay);
      } else {
        g = g.add(w.mul(weightDecay));
      }
    }
    long t = stepOf(i);
    Tensor m = buffer("exp_avg", i).mulInPlace(beta1).addInPlace(g, 1 - beta1);
    Tensor v = buffer("exp_avg_sq", i).mulInPlace(beta2).addInPlace(g.square(), 1 - beta2);
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double rhoInf = 2 / (1 - beta2) - 1;
    double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / c2;
    if (rhoT > 5) {
      double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf
          / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      w.addInPlace(m.div(v.sqrt().add(eps)), -lr * r * Math.sqrt(c2) / c1);
    } else {
      w.addInPlace(m, -lr / c1);
    }
  }
}
