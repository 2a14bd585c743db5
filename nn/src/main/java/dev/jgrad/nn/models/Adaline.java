package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.SGD;
import java.util.SplittableRandom;

/**
 * ADAptive LInear NEuron (Widrow and Hoff): net input {@code z = x·wᵀ + b} with the identity as
 * activation, trained by gradient descent on the sum of squared errors / 2,
 * {@code J = ½ Σ_i (y_i - z_i)²}, whose gradient (computed here by {@code backward()}) gives the
 * Widrow-Hoff rule {@code w ← w + η Σ_i (y_i - z_i)·x_i}, {@code b ← b + η Σ_i (y_i - z_i)}.
 * Class predictions are the unit step {@code 1 if z >= 0 else -1}, so targets are -1 or 1 for
 * classification (any real values for regression).
 *
 * <ul>
 *   <li>{@link Mode#BATCH}: one update per epoch from all samples; the cost recorded for an epoch
 *       is J of the outputs that update used.
 *   <li>{@link Mode#STOCHASTIC}: one update per sample, {@code J_i = ½ (y_i - z_i)²}, in order
 *       or reshuffled every epoch (seeded); the cost recorded is the mean of the epoch's J_i.
 * </ul>
 *
 * <p>Weight {@code [1, d]} starts as N(0, 0.01²) from the seed, bias {@code [1]} at zero (named
 * {@code weight}, {@code bias}); FLOAT64.
 */
public final class Adaline extends Layer {
  /** Batch or stochastic (per-sample) gradient descent. */
  public enum Mode {
    /** Full-batch gradient descent, one update per epoch. */
    BATCH,
    /** Stochastic gradient descent, one update per sample. */
    STOCHASTIC
  }

  private final double eta;
  private final int epochs;
  private final Mode mode;
  private final boolean shuffle;
  private final SplittableRandom shuffleRng;
  private double[] costs = new double[0];

  /**
   * An Adaline for {@code numFeatures} inputs.
   *
   * @param shuffle reshuffle the samples every epoch (STOCHASTIC only)
   * @param seed seeds the initial weights and the shuffling
   * @throws IllegalArgumentException unless numFeatures, η and epochs are positive
   */
  public Adaline(int numFeatures, double eta, int epochs, Mode mode, boolean shuffle, long seed) {
    checkArgument(numFeatures > 0, "adaline: number of features must be positive, got %s",
        numFeatures);
    checkArgument(eta > 0 && Double.isFinite(eta), "adaline: eta must be finite and > 0, got %s",
        eta);
    checkArgument(epochs > 0, "adaline: epochs must be positive, got %s", epochs);
    this.eta = eta;
    this.epochs = epochs;
    this.mode = mode;
    this.shuffle = shuffle;
    SplittableRandom rng = new SplittableRandom(seed);
    registerParameter("weight", Init.smallRandom().create(rng, DType.FLOAT64, 1, numFeatures));
    registerParameter("bias", Tensor.zeros(DType.FLOAT64, 1));
    this.shuffleRng = rng.split();
  }

  /**
   * The net input (= activation) {@code z = x·wᵀ + b}: {@code [n, d] → [n]}.
   *
   * @throws IllegalArgumentException if x is not {@code [n, d]} with the model's d
   */
  @Override
  public Tensor forward(Tensor x) {
    Tensor w = parameter("weight");
    checkArgument(x.rank() == 2 && x.size(1) == w.size(1), "adaline: input has shape %s but the "
        + "model has %s features", x.shape(), w.size(1));
    return x.matmul(w.transpose()).add(parameter("bias")).reshape(x.size(0));
  }

  /** Fits on a dataset; see {@link #fit(Tensor, Tensor)}. */
  public Adaline fit(Dataset data) {
    return fit(data.features(), data.targets());
  }

  /**
   * Runs the configured epochs of gradient descent on {@code x [n, d]}, {@code y [n]}
   * (continuing from the current weights) and records the cost per epoch.
   *
   * @throws IllegalArgumentException if shapes do not fit or the data holds NaN/infinity
   */
  public Adaline fit(Tensor x, Tensor y) {
    checkArgument(x.rank() == 2 && x.size(0) > 0, "adaline: x must be [samples, features] with "
        + "at least one sample, got %s", x.shape());
    checkArgument(y.rank() == 1 && y.size(0) == x.size(0), "adaline: y must be [%s], got %s",
        x.size(0), y.shape());
    checkArgument(x.allFinite() && y.allFinite(), "adaline: data holds NaN or infinity");
    Tensor xs = x.detach().to(DType.FLOAT64);
    Tensor ys = y.detach().to(DType.FLOAT64);
    SGD gd = new SGD(parameters(), eta);
    int n = x.size(0);
    costs = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      if (mode == Mode.BATCH) {
        gd.zeroGrad();
        Tensor cost = Losses.halfSumSquaredError(forward(xs), ys);
        cost.backward();
        gd.step();
        costs[e] = cost.item();
      } else {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        if (shuffle) {
          for (int i = n - 1; i > 0; i--) {
            int j = shuffleRng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
        }
        double sum = 0;
        for (int i : order) {
          gd.zeroGrad();
          Tensor cost = Losses.halfSumSquaredError(forward(xs.indexSelect(0, i)),
              ys.indexSelect(0, i));
          cost.backward();
          gd.step();
          sum += cost.item();
        }
        costs[e] = sum / n;
      }
    }
    gd.zeroGrad();
    return this;
  }

  /** The unit step of the net input: 1 where {@code z >= 0}, else -1; {@code [n]}. */
  public Tensor predict(Tensor x) {
    return Autograd.noGrad(() -> {
      Tensor z = forward(x);
      return Tensor.where(z.ge(0.0), Tensor.scalar(z.dtype(), 1.0),
          Tensor.scalar(z.dtype(), -1.0));
    });
  }

  /** The cost of each epoch of the last fit (see the class description). */
  public double[] costPerEpoch() {
    return costs.clone();
  }

  /** The weight {@code [1, d]}. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias {@code [1]}. */
  public Tensor bias() {
    return parameter("bias");
  }

  @Override
  protected String extraRepr() {
    return "eta=" + eta + ", epochs=" + epochs + ", mode=" + mode + ", shuffle=" + shuffle;
  }
}
