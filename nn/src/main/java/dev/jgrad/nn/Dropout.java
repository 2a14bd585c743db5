package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training mode each element is kept with probability {@code 1 - p} and
 * scaled by {@code 1 / (1 - p)} (zeroed otherwise), so the expected output equals the input; in
 * evaluation mode ({@link Layer#eval()}) it is the identity. Gradients flow through kept
 * elements, scaled the same way. No parameters.
 *
 * <p>The masks come from {@code new SplittableRandom(seed)}, one uniform draw per element in
 * row-major order, one forward call after the other, so a run is reproducible from the seed.
 * The seed is saved with the model ({@code {"type": "dropout", "p": p, "seed": seed}}); a loaded
 * layer draws its masks from the start of that stream again.
 */
public final class Dropout extends Layer {
  private final double p;
  private final long seed;
  private final SplittableRandom rng;

  /**
   * Drops with probability {@code p}, masks drawn from {@code seed}.
   *
   * @param p the probability of zeroing an element
   * @param seed seeds the masks
   * @throws IllegalArgumentException unless {@code 0 <= p < 1}
   */
  public Dropout(double p, long seed) {
    checkArgument(p >= 0 && p < 1, "dropout: probability must be in [0, 1), got %s", p);
    this.p = p;
    this.seed = seed;
    this.rng = new SplittableRandom(seed);
  }

  /**
   * The drop probability.
   *
   * @return p
   */
  public double p() {
    return p;
  }

  /**
   * The seed of the masks.
   *
   * @return the seed given at construction
   */
  public long seed() {
    return seed;
  }

  /**
   * {@code x · mask / (1 - p)} in training mode, {@code x} itself in evaluation mode.
   *
   * @param input any shape
   * @return the input with dropped elements zeroed and the others scaled
   */
  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    // mask = 1[u >= p] for u ~ U[0, 1): a constant, so only the input is differentiated. The
    // mask multiplies first, so the scale keeps the input's dtype.
    Tensor u = Tensor.uniform(rng, input.dtype(), 0, 1, input.shape().dims());
    return input.mul(u.ge(p)).mul(1.0 / (1.0 - p));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p + ", seed=" + seed;
  }
}
