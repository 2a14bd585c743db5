package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;

/**
 * Adam (Kingma and Ba, 2015). With gradient {@code g = ∂L/∂w + λ·w} (λ the L2 weight decay, 0
 * by default) and t the parameter's step count (from 1):
 *
 * <pre>
 *   m ← β1·m + (1 - β1)·g            v ← β2·v + (1 - β2)·g²
 *   m̂ = m / (1 - β1^t)               v̂ = v / (1 - β2^t)
 *   w ← w - η·m̂ / (√v̂ + ε)
 * </pre>
 *
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (PyTorch's). For decoupled weight decay use
 * {@link AdamW}.
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double eps = 1e-8;
  private double weightDecay;
  private final boolean decoupled;
  private final Tensor[] m;
  private final Tensor[] v;
  private final long[] t;

  /**
   * Adam with the default hyperparameters.
   *
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer}
   */
  public Adam(Collection<Tensor> params, double learningRate) {
    this("adam", params, learningRate, false);
  }

  Adam(String name, Collection<Tensor> params, double learningRate, boolean decoupled) {
    super(name, params, learningRate);
    this.decoupled = decoupled;
    m = new Tensor[parameters().size()];
    v = new Tensor[m.length];
    t = new long[m.length];
  }

  /**
   * The moment decay rates.
   *
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
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adam eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * Weight decay λ: for Adam, L2 ({@code λ·w} added to the gradient, then adapted like it); for
   * {@link AdamW}, decoupled ({@code w ← w - η·λ·w} before the Adam step).
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adam weightDecay(double lambda) {
    checkRange("weight decay", lambda, 0, Double.MAX_VALUE, true);
    this.weightDecay = lambda;
    return this;
  }

  /** The weight decay λ. */
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad) {
    Tensor g = grad;
    if (weightDecay != 0) {
      if (decoupled) {
        w.mulInPlace(1 - learningRate() * weightDecay);
      } else {
        g = g.add(w.mul(weightDecay));
      }
    }
    long step = ++t[i];
    m[i] = m[i] == null ? g.mul(1 - beta1) : m[i].mul(beta1).add(g.mul(1 - beta1));
    Tensor g2 = g.square().mul(1 - beta2);
    v[i] = v[i] == null ? g2 : v[i].mul(beta2).add(g2);
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    Tensor denom = v[i].div(c2).sqrt().add(eps);
    w.addInPlace(m[i].div(denom), -learningRate() / c1);
  }
}
