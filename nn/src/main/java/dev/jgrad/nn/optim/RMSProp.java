package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;

/**
 * RMSProp (Hinton): with gradient {@code g = ∂L/∂w + λ·w} (λ the L2 weight decay, 0 by default),
 *
 * <pre>
 *   s ← α·s + (1 - α)·g²      w ← w - η·g / (√s + ε)
 * </pre>
 *
 * s starts at 0 (as PyTorch; the course writes α as β). Defaults α = 0.99, ε = 1e-8.
 */
public final class RMSProp extends Optimizer {
  private double alpha = 0.99;
  private double eps = 1e-8;
  private double weightDecay;
  private final Tensor[] s;

  /**
   * RMSProp with the default hyperparameters.
   *
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer}
   */
  public RMSProp(Collection<Tensor> params, double learningRate) {
    super("rmsprop", params, learningRate);
    s = new Tensor[parameters().size()];
  }

  /**
   * The decay rate α of the squared-gradient average.
   *
   * @throws IllegalArgumentException unless in [0, 1)
   */
  public RMSProp alpha(double alpha) {
    checkRange("alpha", alpha, 0, 1, false);
    this.alpha = alpha;
    return this;
  }

  /**
   * The denominator's ε.
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public RMSProp eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * L2 weight decay λ: adds {@code λ·w} to each gradient.
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public RMSProp weightDecay(double lambda) {
    checkRange("weight decay", lambda, 0, Double.MAX_VALUE, true);
    this.weightDecay = lambda;
    return this;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad) {
    Tensor g = weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
    Tensor g2 = g.square().mul(1 - alpha);
    s[i] = s[i] == null ? g2 : s[i].mul(alpha).add(g2);
    w.addInPlace(g.div(s[i].sqrt().add(eps)), -learningRate());
  }
}
