package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import dev.jgrad.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton), as documented for PyTorch's {@code torch.optim.RMSprop}. With gradient {@code
 * g = ∂L/∂w + λ·w} (λ the group's L2 weight decay, 0 by default) and η the group's rate:
 *
 * <pre>
 *   s ← α·s + (1 - α)·g²
 *   centered:  ḡ ← α·ḡ + (1 - α)·g,  d = √(s - ḡ²) + ε;   otherwise  d = √s + ε
 *   momentum μ &gt; 0:  b ← μ·b + g / d,  w ← w - η·b;      otherwise  w ← w - η·g / d
 * </pre>
 *
 * s, ḡ and b start at 0 (as PyTorch; the course writes α as β). Defaults α = 0.99, ε = 1e-8, not
 * centered, no momentum. State: {@code square_avg} (s), {@code grad_avg} (ḡ, centered only),
 * {@code momentum_buffer} (b, with momentum only).
 */
public final class RMSProp extends Optimizer {
  private double alpha = 0.99;
  private double eps = 1e-8;
  private double momentum;
  private boolean centered;

  /**
   * RMSProp with the default hyperparameters.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public RMSProp(Collection<Tensor> params, double learningRate) {
    super("rmsprop", params, learningRate);
  }

  /**
   * RMSProp over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public RMSProp(List<ParamGroup> groups, double learningRate) {
    super("rmsprop", groups, learningRate);
  }

  /**
   * The decay rate α of the squared-gradient average.
   *
   * @param alpha α in [0, 1)
   * @return this
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
   * @param eps ε
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public RMSProp eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * Momentum μ on the normalized step (0 turns it off).
   *
   * @param mu μ in [0, 1)
   * @return this
   * @throws IllegalArgumentException unless in [0, 1)
   */
  public RMSProp momentum(double mu) {
    checkRange("momentum", mu, 0, 1, false);
    this.momentum = mu;
    return this;
  }

  /**
   * Centered RMSProp on or off: normalize by an estimate of the gradient's variance {@code s -
   * ḡ²} instead of its second moment.
   *
   * @param on whether to center
   * @return this
   */
  public RMSProp centered(boolean on) {
    this.centered = on;
    return this;
  }

  /**
   * L2 weight decay λ of groups that set none: adds {@code λ·w} to each gradient.
   *
   * @param lambda λ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public RMSProp weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  @Override
  protected List<String> stateNames() {
    List<String> names = new ArrayList<>(List.of("square_avg"));
    if (centered) {
      names.add("grad_avg");
    }
    if (momentum > 0) {
      names.add("momentum_buffer");
    }
    return names;
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("alpha", alpha);
    c.put("eps", eps);
    c.put("momentum", momentum);
    c.put("centered", flag(centered));
    return c;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad, double lr, double weightDecay) {
    // One pass over the elements, no temporaries (the same operations as the class formula).
    Tensor g = grad.contiguous();
    Tensor s = buffer("square_avg", i);
    Tensor mean = centered ? buffer("grad_avg", i) : null;
    Tensor b = momentum > 0 ? buffer("momentum_buffer", i) : null;
    updateContiguous(w, p -> Updates.rmsprop(p, g, s, mean, b, lr, alpha, eps, momentum,
        weightDecay));
  }
}
