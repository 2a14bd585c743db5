package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy 2015) over axis 1, the channels, as PyTorch's
 * {@code nn.BatchNorm1d}/{@code 2d}; the common part of {@link BatchNorm1d} and
 * {@link BatchNorm2d}, which fix the input's rank.
 *
 * <p>For an input {@code [N, C, ...]} and each channel {@code c}, over the {@code n} values of
 * that channel (all axes but 1):
 *
 * <ul>
 *   <li>training mode: {@code y = (x - mean) / sqrt(var + eps)} with the batch's mean and biased
 *       variance (the graph goes through them); then the running statistics move towards the
 *       batch's: {@code running_mean ← (1 - momentum)·running_mean + momentum·mean},
 *       {@code running_var ← (1 - momentum)·running_var + momentum·var·n/(n - 1)} (the unbiased
 *       variance), and {@code num_batches_tracked} counts the update;
 *   <li>evaluation mode: {@code y = (x - running_mean) / sqrt(running_var + eps)}, a fixed affine
 *       map of each sample.
 * </ul>
 *
 * Then, with affine on, {@code y · weight + bias} per channel. Parameters {@code weight} (ones)
 * and {@code bias} (zeros) {@code [C]}; buffers {@code running_mean} (zeros) and
 * {@code running_var} (ones) {@code [C]} in the layer's dtype, and {@code num_batches_tracked}
 * (0-d INT64, as PyTorch saves it), saved and loaded with the model under PyTorch's names (a
 * state file that holds {@code num_batches_tracked} as a float, as earlier versions wrote it,
 * still loads: loading converts to the buffer's dtype).
 */
public abstract class BatchNorm extends Layer {
  private final String op;
  private final int features;
  private final double eps;
  private final double momentum;
  private final Parameter weight; // null without affine
  private final Parameter bias;
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final Tensor numBatchesTracked;

  BatchNorm(String op, int features, double eps, double momentum, boolean affine, DType dtype) {
    checkArgument(features > 0, "%s: the number of features must be positive, got %s", op,
        features);
    checkArgument(momentum >= 0 && momentum <= 1, "%s: momentum must be in [0, 1], got %s", op,
        momentum);
    this.op = op;
    this.features = features;
    this.eps = Normalize.checkEps(op, eps);
    this.momentum = momentum;
    this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, features)) : null;
    this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, features)) : null;
    this.runningMean = registerBuffer("running_mean", Tensor.zeros(dtype, features));
    this.runningVar = registerBuffer("running_var", Tensor.ones(dtype, features));
    this.numBatchesTracked = registerBuffer("num_batches_tracked",
        Tensor.scalar(DType.INT64, 0L));
  }

  /** Throws unless the input's rank suits the subclass (its channel count is checked here). */
  abstract void checkRank(Tensor input);

  /**
   * Normalizes each channel with the batch's statistics (training mode, updating the running
   * ones) or the running statistics (evaluation mode), then applies weight and bias.
   *
   * @param input {@code [N, C, ...]} with the layer's C
   * @return the same shape
   * @throws IllegalArgumentException if the input's rank or channel count does not fit, or in
   *     training mode a channel has a single value (its variance is undefined), e.g.
   *     {@code batch_norm1d: training needs more than one value per channel, got input shape
   *     [1, 4]}
   */
  @Override
  public Tensor forward(Tensor input) {
    checkRank(input);
    checkArgument(input.size(1) == features, "%s: input has %s channels (shape %s) but the layer "
        + "has %s", op, input.size(1), input.shape(), features);
    int[] channel = Normalize.channelShape(input.rank(), features);
    Tensor y;
    if (isTraining()) {
      int n = input.numel() / features;
      checkArgument(n > 1, "%s: training needs more than one value per channel, got input shape "
          + "%s", op, input.shape());
      int[] axes = new int[input.rank() - 1];
      axes[0] = 0;
      for (int i = 2; i < input.rank(); i++) {
        axes[i - 1] = i;
      }
      Tensor mean = input.mean(axes, true);
      Tensor centered = input.sub(mean);
      Tensor var = centered.square().mean(axes, true);
      y = centered.div(var.add(eps).sqrt());
      updateRunningStatistics(mean, var, n);
    } else {
      y = input.sub(runningMean.reshape(channel))
          .div(runningVar.reshape(channel).add(eps).sqrt());
    }
    if (weight != null) {
      y = y.mul(weight.value().reshape(channel)).add(bias.value().reshape(channel));
    }
    return y;
  }

  private void updateRunningStatistics(Tensor mean, Tensor var, int n) {
    Autograd.noGrad(() -> {
      Tensor m = mean.detach().reshape(features);
      Tensor v = var.detach().reshape(features).mul(n / (n - 1.0));
      runningMean.set(runningMean.mul(1 - momentum).add(m.mul(momentum)));
      runningVar.set(runningVar.mul(1 - momentum).add(v.mul(momentum)));
      numBatchesTracked.set(numBatchesTracked.add(1));
      return null;
    });
  }

  /**
   * The number of channels C.
   *
   * @return C
   */
  public final int numFeatures() {
    return features;
  }

  /**
   * The constant added to the variance.
   *
   * @return eps
   */
  public final double eps() {
    return eps;
  }

  /**
   * The weight of the newest batch in the running statistics.
   *
   * @return momentum
   */
  public final double momentum() {
    return momentum;
  }

  /**
   * Whether {@code weight} and {@code bias} are learned.
   *
   * @return true with affine
   */
  public final boolean affine() {
    return weight != null;
  }

  /**
   * The running mean {@code [C]} (the live buffer).
   *
   * @return running_mean
   */
  public final Tensor runningMean() {
    return runningMean;
  }

  /**
   * The running (unbiased) variance {@code [C]} (the live buffer).
   *
   * @return running_var
   */
  public final Tensor runningVar() {
    return runningVar;
  }

  /**
   * How many training batches updated the running statistics.
   *
   * @return num_batches_tracked as a number
   */
  public final long numBatchesTracked() {
    return numBatchesTracked.longItem();
  }

  @Override
  protected String extraRepr() {
    return features + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + affine();
  }
}
