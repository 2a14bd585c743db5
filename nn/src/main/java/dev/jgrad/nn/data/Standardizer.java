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
   * Fits μ and σ of each column of {@code x [n, d]}: {@code μ_j = (1/n) sum_i x[i, j]},
   * {@code σ_j = sqrt((1/n) sum_i (x[i, j] - μ_j)^2)}, replaced by 1 where it is 0. Computed
   * without recording a graph.
   *
   * @param x the training features {@code [n, d]}, {@code n >= 1}, all finite; only read
   * @return a standardizer holding μ and σ, each {@code [d]} in {@code x}'s dtype
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

  /**
   * Fits on a dataset's features; see {@link #fit(Tensor)}.
   *
   * @param data the training samples; only their features {@code [n, d]} are read
   * @return a standardizer holding μ and σ of each feature, each {@code [d]}
   * @throws IllegalArgumentException as {@link #fit(Tensor)}
   */
  public static Standardizer fit(Dataset data) {
    return fit(data.features());
  }

  /**
   * {@code (x - μ) / σ} for {@code x [..., d]} (differentiable in x), broadcast over the leading
   * axes.
   *
   * @param x features {@code [..., d]} with the fitted feature count {@code d} last; not modified
   * @return a new tensor shaped and typed like {@code x} (μ and σ are converted to its dtype),
   *     recorded in the graph when {@code x} requires grad
   * @throws IllegalArgumentException if the feature count differs from the fitted one
   */
  public Tensor transform(Tensor x) {
    checkFeatures(x);
    return x.sub(mean.to(x.dtype())).div(std.to(x.dtype()));
  }

  /**
   * A dataset with standardized features {@code (x - μ) / σ} (targets unchanged).
   *
   * @param data samples whose features {@code [n, d]} have the fitted feature count; not modified
   * @return a new dataset with the standardized features and {@code data}'s targets and class
   *     names
   * @throws IllegalArgumentException if the feature count differs from the fitted one
   */
  public Dataset transform(Dataset data) {
    return data.withFeatures(transform(data.features()));
  }

  /**
   * {@code x'·σ + μ}, undoing {@link #transform(Tensor)} (up to rounding), broadcast over the
   * leading axes; differentiable in {@code x'}.
   *
   * @param x standardized features {@code [..., d]} with the fitted feature count last; not
   *     modified
   * @return a new tensor shaped and typed like {@code x}, in the original units
   * @throws IllegalArgumentException if the feature count differs from the fitted one
   */
  public Tensor inverseTransform(Tensor x) {
    checkFeatures(x);
    return x.mul(std.to(x.dtype())).add(mean.to(x.dtype()));
  }

  private void checkFeatures(Tensor x) {
    checkArgument(x.rank() >= 1 && x.size(-1) == mean.numel(), "standardize: input has %s "
        + "features (shape %s) but the standardizer was fit on %s", x.rank() == 0 ? 0
        : x.size(-1), x.shape(), mean.numel());
  }

  /**
   * The fitted means μ, {@code [d]}.
   *
   * @return the per-feature means, in the dtype of the fitted features (the standardizer's own
   *     tensor: do not modify it)
   */
  public Tensor mean() {
    return mean;
  }

  /**
   * The fitted standard deviations σ, {@code [d]} (1 where a feature was constant).
   *
   * @return the per-feature population standard deviations, all {@code > 0}, in the dtype of the
   *     fitted features (the standardizer's own tensor: do not modify it)
   */
  public Tensor std() {
    return std;
  }
}
