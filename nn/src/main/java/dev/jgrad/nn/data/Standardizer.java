package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;

/**
 * Per-feature standardization {@code x' = (x - μ) / σ}, with μ and σ (population standard
 * deviation, as scikit-learn's {@code StandardScaler}) fit on the training data only and then
 * applied unchanged to validation and test data, so no test statistics leak into training. A
 * constant feature (σ = 0) gets σ = 1, so it maps to 0 instead of NaN.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(split.train());
 * Dataset train = s.transform(split.train());
 * Dataset test = s.transform(split.test());
 * }</pre>
 */
public final class Standardizer {
  private final Tensor mean;
  private final Tensor std;

  private Standardizer(Tensor mean, Tensor std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Fits μ and σ of each column of {@code x [n, d]}.
   *
   * @throws IllegalArgumentException if x is not 2-d, has no rows, or holds NaN/infinity
   */
  public static Standardizer fit(Tensor x) {
    checkArgument(x.rank() == 2, "standardize: expected [samples, features], got shape %s",
        x.shape());
    checkArgument(x.size(0) > 0, "standardize: cannot fit on an empty input (shape %s)",
        x.shape());
    checkArgument(x.allFinite(), "standardize: input of shape %s holds NaN or infinity",
        x.shape());
    return Autograd.noGrad(() -> {
      Tensor c = x.detach();
      Tensor mu = c.mean(0);
      Tensor sigma = c.sub(mu).square().mean(0).sqrt();
      sigma = Tensor.where(sigma.gt(0), sigma, Tensor.ones(sigma.dtype(), sigma.shape().dims()));
      return new Standardizer(mu, sigma);
    });
  }

  /** Fits on a dataset's features; see {@link #fit(Tensor)}. */
  public static Standardizer fit(Dataset data) {
    return fit(data.features());
  }

  /**
   * {@code (x - μ) / σ} for {@code x [..., d]} (differentiable in x).
   *
   * @throws IllegalArgumentException if the feature count differs from the fitted one
   */
  public Tensor transform(Tensor x) {
    checkFeatures(x);
    return x.sub(mean.to(x.dtype())).div(std.to(x.dtype()));
  }

  /** A dataset with standardized features (targets unchanged). */
  public Dataset transform(Dataset data) {
    return data.withFeatures(transform(data.features()));
  }

  /** {@code x'·σ + μ}, undoing {@link #transform(Tensor)}. */
  public Tensor inverseTransform(Tensor x) {
    checkFeatures(x);
    return x.mul(std.to(x.dtype())).add(mean.to(x.dtype()));
  }

  private void checkFeatures(Tensor x) {
    checkArgument(x.rank() >= 1 && x.size(-1) == mean.numel(), "standardize: input has %s "
        + "features (shape %s) but the standardizer was fit on %s", x.rank() == 0 ? 0
        : x.size(-1), x.shape(), mean.numel());
  }

  /** The fitted means μ, {@code [d]}. */
  public Tensor mean() {
    return mean;
  }

  /** The fitted standard deviations σ, {@code [d]} (1 where a feature was constant). */
  public Tensor std() {
    return std;
  }
}
