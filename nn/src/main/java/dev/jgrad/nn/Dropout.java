package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training mode each element is kept with probability {@code 1 - p} and
 * scaled by {@code 1 / (1 - p)} (zeroed otherwise), so the expected output equals the input; in
 * evaluation mode ({@link Layer#eval()}) it is the identity. The mask is drawn from the
 * generator given at construction, one draw per element in row-major order, so runs are
 * reproducible. Gradients flow through kept elements, scaled the same way. No parameters.
 */
public final class Dropout extends Layer {
  private final double p;
  private final RandomGenerator rng;

  /**
   * Drops with probability {@code p}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= p < 1}
   */
  public Dropout(double p, RandomGenerator rng) {
    checkArgument(p >= 0 && p < 1, "dropout: probability must be in [0, 1), got %s", p);
    checkArgument(rng != null, "dropout: random generator is null");
    this.p = p;
    this.rng = rng;
  }

  /** The drop probability. */
  public double p() {
    return p;
  }

  /** {@code x · mask / (1 - p)} in training mode, {@code x} in evaluation mode. */
  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    // mask = 1[u >= p] for u ~ U[0, 1): a constant, so only the input is differentiated.
    Tensor u = Tensor.uniform(rng, input.dtype(), 0, 1, input.shape().dims());
    // The kept mask scaled in the input's own dtype (a bool mask times a Java double would be
    // float32).
    return input.mul(u.ge(p).to(input.dtype()).mul(1.0 / (1.0 - p)));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
