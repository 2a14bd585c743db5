package dev.jgrad.nn.optim;

import dev.jgrad.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), as documented for PyTorch's {@code
 * torch.optim.Adagrad}. With gradient {@code g = ∂L/∂w + λ·w} (λ the group's L2 weight decay),
 * η the group's rate and t the parameter's step count (from 1):
 *
 * <pre>
 *   η̃ = η / (1 + (t - 1)·δ)          (δ the rate decay, 0 by default)
 *   s ← s + g²                        (s starts at the initial accumulator value, 0 by default)
 *   w ← w - η̃·g / (√s + ε)
 * </pre>
 *
 * Default ε = 1e-10 (PyTorch's; PyTorch's default rate is 0.01). State: {@code sum} (s).
 */
public final class Adagrad extends Optimizer {
  private double lrDecay;
  private double initialAccumulator;
  private double eps = 1e-10;

  /**
   * Adagrad with the default hyperparameters.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public Adagrad(Collection<Tensor> params, double learningRate) {
    super("adagrad", params, learningRate);
  }

  /**
   * Adagrad over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public Adagrad(List<ParamGroup> groups, double learningRate) {
    super("adagrad", groups, learningRate);
  }

  /**
   * The rate decay δ: step t uses {@code η / (1 + (t - 1)·δ)}.
   *
   * @param delta δ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adagrad lrDecay(double delta) {
    checkRange("lr decay", delta, 0, Double.MAX_VALUE, true);
    this.lrDecay = delta;
    return this;
  }

  /**
   * The value s starts from (PyTorch's {@code initial_accumulator_value}).
   *
   * @param value the start value
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adagrad initialAccumulator(double value) {
    checkRange("initial accumulator", value, 0, Double.MAX_VALUE, true);
    this.initialAccumulator = value;
    return this;
  }

  /**
   * The denominator's ε.
   *
   * @param eps ε
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adagrad eps(double eps) {
    checkRange("eps", eps, 0, Double.MAX_VALUE, true);
    this.eps = eps;
    return this;
  }

  /**
   * L2 weight decay λ of groups that set none: adds {@code λ·w} to each gradient.
   *
   * @param lambda λ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public Adagrad weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("sum");
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("lr_decay", lrDecay);
    c.put("initial_accumulator_value", initialAccumulator);
    c.put("eps", eps);
    return c;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad, double lr, double weightDecay) {
    Tensor g = weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
    long t = stepOf(i);
    Tensor s = buffer("sum", i);
    if (t == 1 && initialAccumulator != 0) {
      s.set(Tensor.scalar(s.dtype(), initialAccumulator));
    }
    s.addInPlace(g.square(), 1);
    double rate = lr / (1 + (t - 1) * lrDecay);
    w.addInPlace(g.div(s.sqrt().add(eps)), -rate);
  }
}
