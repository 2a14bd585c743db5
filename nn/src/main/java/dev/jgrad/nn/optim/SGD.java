package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import dev.jgrad.Updates;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent, with optional momentum (two conventions), dampening, Nesterov momentum and L2
 * weight decay. With gradient {@code g = ∂L/∂w + λ·w} (λ the group's weight decay, 0 by default)
 * and η the group's rate:
 *
 * <ul>
 *   <li>no momentum: {@code w ← w - η·g};
 *   <li>{@link MomentumForm#PYTORCH} (heavy ball, PyTorch's {@code SGD}): {@code v ← g} at a
 *       parameter's first step, then {@code v ← β·v + (1 - τ)·g} with dampening τ (0 by
 *       default); {@code w ← w - η·v};
 *   <li>{@link MomentumForm#COURSE} (an exponentially weighted average, the course's form):
 *       {@code v ← β·v + (1 - β)·g} from {@code v = 0}; {@code w ← w - η·v};
 *   <li>Nesterov: the step uses the look-ahead {@code g + β·v} (PyTorch form) or
 *       {@code (1 - β)·g + β·v} (course form) in place of {@code v}.
 * </ul>
 *
 * <p>These are the update rules of PyTorch's {@code torch.optim.SGD} documentation (the PyTorch
 * form). The two forms differ only by a factor when τ = 0: with the same β, the course form with
 * rate η moves exactly as the PyTorch form with rate {@code η·(1 - β)}. The velocity is saved as
 * {@code state.I.momentum_buffer}. Configure with the fluent setters before training; they return
 * this.
 */
public final class SGD extends Optimizer {
  /** Which momentum update {@code v ← β·v + c·g} to use. */
  public enum MomentumForm {
    /** {@code c = 1 - β}: v is an exponentially weighted average of gradients (the course's). */
    COURSE,
    /** {@code c = 1 - τ} (τ the dampening, default 0): v accumulates gradients (PyTorch's). */
    PYTORCH
  }

  private double momentum;
  private double dampening;
  private MomentumForm form = MomentumForm.PYTORCH;
  private boolean nesterov;

  /**
   * Plain gradient descent {@code w ← w - η·∂L/∂w}.
   *
   * @param params the parameters
   * @param learningRate η
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, Collection, double)}
   */
  public SGD(Collection<Tensor> params, double learningRate) {
    super("sgd", params, learningRate);
  }

  /**
   * Gradient descent over parameter groups, each with its own rate and weight decay.
   *
   * @param groups the groups
   * @param learningRate η of groups that set none
   * @throws IllegalArgumentException as {@link Optimizer#Optimizer(String, List, double)}
   */
  public SGD(List<ParamGroup> groups, double learningRate) {
    super("sgd", groups, learningRate);
  }

  /**
   * Momentum β in the PyTorch form; see {@link #momentum(double, MomentumForm)}.
   *
   * @param beta β in [0, 1)
   * @return this
   * @throws IllegalArgumentException as {@link #momentum(double, MomentumForm)}
   */
  public SGD momentum(double beta) {
    return momentum(beta, MomentumForm.PYTORCH);
  }

  /**
   * Momentum β (0 turns it off) in the given form.
   *
   * @param beta β in [0, 1)
   * @param form the convention
   * @return this
   * @throws IllegalArgumentException unless {@code 0 <= β < 1}, if β is 0 with Nesterov on, or if
   *     the course form is chosen with a dampening set
   */
  public SGD momentum(double beta, MomentumForm form) {
    checkRange("momentum", beta, 0, 1, false);
    checkArgument(form != null, "sgd: momentum form is null");
    checkArgument(!(nesterov && beta == 0), "sgd: Nesterov momentum needs momentum > 0");
    checkArgument(form == MomentumForm.PYTORCH || dampening == 0, "sgd: dampening applies to the "
        + "PyTorch momentum form; the course form already weights the gradient by 1 - beta");
    this.momentum = beta;
    this.form = form;
    return this;
  }

  /**
   * Dampening τ of the PyTorch momentum form: {@code v ← β·v + (1 - τ)·g} after the first step
   * (PyTorch's {@code dampening}).
   *
   * @param tau τ in [0, 1]
   * @return this
   * @throws IllegalArgumentException if τ is outside [0, 1], if Nesterov is on and τ is not 0, or
   *     if the course form is in use
   */
  public SGD dampening(double tau) {
    checkRange("dampening", tau, 0, 1, true);
    checkArgument(form == MomentumForm.PYTORCH || tau == 0, "sgd: dampening applies to the "
        + "PyTorch momentum form; the course form already weights the gradient by 1 - beta");
    checkArgument(!nesterov || tau == 0, "sgd: Nesterov momentum needs dampening 0 (as PyTorch)");
    this.dampening = tau;
    return this;
  }

  /**
   * Nesterov momentum on or off.
   *
   * @param on whether to use the look-ahead
   * @return this
   * @throws IllegalArgumentException if turned on while momentum is 0 or dampening is not 0
   */
  public SGD nesterov(boolean on) {
    checkArgument(!on || momentum > 0, "sgd: Nesterov momentum needs momentum > 0; call "
        + "momentum(beta) first");
    checkArgument(!on || dampening == 0, "sgd: Nesterov momentum needs dampening 0 (as PyTorch)");
    this.nesterov = on;
    return this;
  }

  /**
   * L2 weight decay λ of groups that set none: adds {@code λ·w} to each gradient (the gradient of
   * {@code (λ/2)|w|²}).
   *
   * @param lambda λ
   * @return this
   * @throws IllegalArgumentException if negative or not finite
   */
  public SGD weightDecay(double lambda) {
    setWeightDecay(lambda);
    return this;
  }

  @Override
  protected List<String> stateNames() {
    return momentum == 0 ? List.of() : List.of("momentum_buffer");
  }

  @Override
  protected Map<String, Double> config() {
    Map<String, Double> c = new LinkedHashMap<>();
    c.put("momentum", momentum);
    c.put("dampening", dampening);
    c.put("nesterov", flag(nesterov));
    c.put("course_form", flag(form == MomentumForm.COURSE));
    return c;
  }

  @Override
  protected void update(int i, Tensor w, Tensor grad, double lr, double weightDecay) {
    // One pass over the elements (Updates.sgd). The course form is the PyTorch form with
    // dampening β and no copy of the first gradient (its velocity starts at 0).
    Tensor g = grad.contiguous();
    Tensor v = momentum == 0 ? null : buffer("momentum_buffer", i);
    boolean course = form == MomentumForm.COURSE;
    double tau = course ? momentum : dampening;
    boolean first = !course && stepOf(i) == 1;
    updateContiguous(w, p -> Updates.sgd(p, g, v, lr, momentum, tau, nesterov, weightDecay,
        first));
  }
}
