package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAdam: Adam with Nesterov momentum (Dozat, 2016), as documented for PyTorch's {@code
 * torch.optim.NAdam}. With gradient g (plus {@code λ·w} for L2 weight decay, or {@code w ← w·(1 -
 * η·λ)} first when decoupled), η the group's rate and t the parameter's step count (from 1):
 *
 * <pre>
 *   μ_t = β1·(1 - ½·0.96^(t·ψ))        μ_{t+1} = β1·(1 - ½·0.96^((t+1)·ψ))
 *   P_t = P_{t-1}·μ_t                   (P_0 = 1)
 *   m ← β1·m + (1 - β1)·g              v ← β2·v + (1 - β2)·g²
 *   d = √(v / (1 - β2^t)) + ε
 *   w ← w - η·(1 - μ_t)/(1 - P_t) · g/d - η·μ_{t+1}/(1 - P_t·μ_{t+1}) · m/d
 * </pre>
 *
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, momentum decay ψ = 0.004 (PyTorch's; its default rate
 * is 2e-3). State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code mu_product} (P).
 */
public final class NAdam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double eps = 1e-8;
  private double momentumDecay = 4e-3;
  private boolean decoupled;
  private final double[] muProduct;

  /**
   * NAdam with the default hyperparameters.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public NAdam(Collection<Tensor> params, double learningRate) {
    super("nadam", params, learningRate);
    muProduct = scalarState("mu_product", 1);
  }

  /**
   * NAdam over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public NAdam(List<ParamGroup> groups, double learningRate) {
    super("nadam", groups, learningRate);
    muProduct = scalarState("mu_product", 1);
  }

  /**
   * The moment decay rates.
   *
   * @param beta1 β1 in [0, 1)
   * @param beta2 β2 in [0, 1)
   * @return this
   * @throws IllegalArgumentException unless both are in [0, 1)
   */
  public NAdam betas(double beta1, double beta2) {
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
  public NAdam eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * The momentum decay ψ of the schedule μ_t.
   *
   * @param psi ψ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public NAdam momentumDecay(double psi) {
    checkRange("momentum decay", psi, 0, Double.MAX_VALUE, true);
    this.momentumDecay = psi;
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
  public NAdam weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  /**
   * Decoupled weight decay (NAdamW): {@code w ← w·(1 - η·λ)} before the step instead of L2.
   *
   * @param on whether to decouple
   * @return this
   */
  public NAdam decoupledWeightDecay(boolean on) {
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
    c.put("momentum_decay", momentumDecay);
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
    double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
    muProduct[i] *= mu;
    double product = muProduct[i];
    Tensor m = buffer("exp_avg", i).mulInPlace(beta1).addInPlace(g, 1 - beta1);
    Tensor v = buffer("exp_avg_sq", i).mulInPlace(beta2).addInPlace(g.square(), 1 - beta2);
    Tensor d = v.div(1 - Math.pow(beta2, t)).sqrt().add(eps);
    w.addInPlace(g.div(d), -lr * (1 - mu) / (1 - product));
    w.addInPlace(m.div(d), -lr * muNext / (1 - product * muNext));
  }
}
