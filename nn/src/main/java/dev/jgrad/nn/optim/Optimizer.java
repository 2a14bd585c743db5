package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their accumulated gradients: {@link #step()} applies one
 * update to every parameter whose {@code grad()} is not null (others are skipped, as in
 * PyTorch), inside {@link Autograd#noGrad()}; {@link #zeroGrad()} clears the gradients.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *   opt.zeroGrad();
 *   loss(model.forward(b.features()), b.targets()).backward();
 *   opt.step();
 * }
 * }</pre>
 *
 * <p>Optimizer state (velocities, moments) is kept as plain tensors of each parameter's shape and
 * dtype. The learning rate may change between steps ({@link #setLearningRate}, e.g. from an
 * {@link LrSchedule}). Not thread-safe.
 */
public abstract class Optimizer {
  private final String name;
  private final List<Tensor> params;
  private final double initialLearningRate;
  private double learningRate;
  private long steps;

  /**
   * @param name used in error messages, e.g. {@code sgd}
   * @throws IllegalArgumentException if there are no parameters, one is not a leaf that requires
   *     grad, or the learning rate is negative or not finite
   */
  protected Optimizer(String name, Collection<Tensor> params, double learningRate) {
    this.name = name;
    checkArgument(params != null && !params.isEmpty(), "%s: no parameters given", name);
    Map<Tensor, Boolean> seen = new IdentityHashMap<>();
    List<Tensor> list = new ArrayList<>();
    int i = 0;
    for (Tensor p : params) {
      checkArgument(p != null, "%s: parameter %s is null", name, i);
      checkArgument(p.isLeaf() && p.requiresGrad(), "%s: parameter %s (shape %s) is not a leaf "
          + "that requires grad", name, i, p.shape());
      if (seen.put(p, Boolean.TRUE) == null) {
        list.add(p); // a tensor listed twice is updated once
      }
      i++;
    }
    this.params = Collections.unmodifiableList(list);
    checkLearningRate(learningRate);
    this.initialLearningRate = learningRate;
    this.learningRate = learningRate;
  }

  /**
   * One update of every parameter that has a gradient, in place (the parameters' storage
   * changes; graphs that used the old values can no longer be differentiated). Gradients are
   * left as they are.
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public final void step() {
    steps++;
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < params.size(); i++) {
        Tensor p = params.get(i);
        Tensor g = p.grad();
        if (g != null) {
          update(i, p, g.detach());
        }
      }
    }
  }

  /**
   * Updates parameter {@code index} in place from its gradient (same shape and dtype). Called
   * with grad mode off.
   */
  protected abstract void update(int index, Tensor param, Tensor grad);

  /** Sets every parameter's gradient to none. */
  public final void zeroGrad() {
    for (Tensor p : params) {
      p.zeroGrad();
    }
  }

  /** The parameters, in the order given (duplicates removed). */
  public final List<Tensor> parameters() {
    return params;
  }

  /** The learning rate the next step uses. */
  public final double learningRate() {
    return learningRate;
  }

  /** The learning rate given at construction (what schedules scale). */
  public final double initialLearningRate() {
    return initialLearningRate;
  }

  /**
   * Sets the learning rate for the following steps.
   *
   * @throws IllegalArgumentException if negative or not finite
   */
  public final void setLearningRate(double learningRate) {
    checkLearningRate(learningRate);
    this.learningRate = learningRate;
  }

  /** Number of {@link #step()} calls so far. */
  public final long stepCount() {
    return steps;
  }

  /** The name used in messages, e.g. {@code adam}. */
  protected final String name() {
    return name;
  }

  private void checkLearningRate(double lr) {
    checkArgument(lr >= 0 && Double.isFinite(lr), "%s: learning rate must be finite and >= 0, "
        + "got %s", name, lr);
  }

  /** Checks a hyperparameter lies in {@code [lo, hi)} (or {@code [lo, hi]} if inclusive). */
  protected final void checkRange(String what, double v, double lo, double hi, boolean inclusive) {
    boolean ok = v >= lo && (inclusive ? v <= hi : v < hi) && !Double.isNaN(v);
    checkArgument(ok, "%s: %s must be in [%s, %s%s, got %s", name, what, lo, hi,
        inclusive ? "]" : ")", v);
  }
}
