package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.Collection;

/**
 * Gradient descent, with optional momentum (two conventions), Nesterov momentum and L2 weight
 * decay. With gradient {@code g = ∂L/∂w + λ·w} (λ the weight decay, 0 by default):
 *
 * <ul>
 *   <li>no momentum: {@code w ← w - η·g};
 *   <li>{@link MomentumForm#PYTORCH} (heavy ball, PyTorch's {@code SGD}):
 *       {@code v ← β·v + g}, {@code w ← w - η·v};
 *   <li>{@link MomentumForm#COURSE} (an exponentially weighted average, the course's form):
 *       {@code v ← β·v + (1 - β)·g}, {@code w ← w - η·v};
 *   <li>Nesterov: the step uses the look-ahead {@code g + β·v} (PyTorch form) or
 *       {@code (1 - β)·g + β·v} (course form) in place of {@code v}.
 * </ul>
 *
 * <p>{@code v} starts at 0. The two forms differ only by a factor: with the same β, the course
 * form with rate η moves exactly as the PyTorch form with rate {@code η·(1 - β)}.
 * Configure with the fluent setters before training; they return this.
 */
public final class SGD extends Optimizer {
  /** Which momentum update {@code v ← β·v + c·g} to use. */
  public enum MomentumForm {
    /** {@code c = 1 - β}: v is an exponentially weighted average of gradients (the course's). */
    COURSE,
    /** {@code c = 1}: v accumulates gradients (PyTorch's, dampening 0). */
    PYTORCH
  }

  private double momentum;
  private MomentumForm form = MomentumForm.PYTORCH;
  private boolean nesterov;
  private double weightDecay;
  private final Tensor[] velocity;

  /**
   * Plain gradient descent {@code w ← w - η·∂L/∂w}.
   *
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer}
   */
  public SGD(Collection<Tensor> params, double learningRate) {
    super("sgd", params, learningRate);
    velocity = new Tensor[parameters().size()];
  }

  /** Momentum β in the PyTorch form; see {@link #momentum(double, MomentumForm)}. */
  public SGD momentum(double beta) {
    return momentum(beta, MomentumForm.PYTORCH);
  }

  /**
   * Momentum β (0 turns it off) in the given form.
   *
   * @throws IllegalArgumentException unless {@code 0 <= β < 1}, or if β is 0 with Nesterov on
   */
  public SGD momentum(double beta, MomentumForm form) {
    checkRange("momentum", beta, 0, 1, false);
    checkArgument(!(nesterov && beta == 0), "sgd: Nesterov momentum needs momentum > 0");
    this.momentum = beta;
    this.form = form;
    return this;
  }

  /**
   * Nesterov momentum on or off.
   *
   * @throws IllegalArgumentException if turned on while momentum is 0
   */
  public SGD nesterov(boolean on) {
    checkArgument(!on || momentum > 0, "sgd: Nesterov momentum needs momentum > 0; call "
        + "momentum(beta) first");
    this.nesterov = on;
    return this;
  }

  /**
   * L2 weight decay λ: adds {@code λ·w} to each gradient (the gradient of {@code (λ/2)|w|²}).
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public SGD weightDecay(double lambda) {
    checkRange("weight decay", lambda, 0, Double.MAX_VALUE, true);
    this.weightDecay = lambda;
    return this;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad) {
    Tensor g = weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
    if (momentum == 0) {
      w.addInPlace(g, -learningRate());
      return;
    }
    double c = form == MomentumForm.COURSE ? 1 - momentum : 1;
    Tensor v = velocity[i] == null ? g.mul(c) : velocity[i].mul(momentum).add(g.mul(c));
    velocity[i] = v;
    Tensor d = nesterov ? g.mul(c).add(v.mul(momentum)) : v;
    w.addInPlace(d, -learningRate());
  }
}
