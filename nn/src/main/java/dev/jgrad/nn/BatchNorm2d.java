package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/**
 * Batch normalization of inputs {@code [N, C, H, W]}, each channel's statistics taken over N, H and W; see
 * {@link BatchNorm} for the formulas, the running statistics and the state's names. Saved as
 * {@code {"type": "batch_norm2d", "features": C, "eps": eps, "momentum": m, "affine": a}}.
 */
public final class BatchNorm2d extends BatchNorm {
  /**
   * With PyTorch's defaults: eps {@code 1e-5}, momentum 0.1, affine, in FLOAT32.
   *
   * @param features the number of channels C
   * @throws IllegalArgumentException if features is not positive
   */
  public BatchNorm2d(int features) {
    this(features, 1e-5, 0.1, true, DType.FLOAT32);
  }

  /**
   * Batch normalization of C channels.
   *
   * @param features the number of channels C
   * @param eps added to the variance, {@code > 0}
   * @param momentum the newest batch's weight in the running statistics, in {@code [0, 1]}
   * @param affine whether to learn a per-channel weight and bias
   * @param dtype the parameters' and running statistics' dtype
   * @throws IllegalArgumentException if features is not positive, eps not finite and positive,
   *     or momentum outside [0, 1]
   */
  public BatchNorm2d(int features, double eps, double momentum, boolean affine, DType dtype) {
    super("batch_norm2d", features, eps, momentum, affine, dtype);
  }

  @Override
  void checkRank(Tensor input) {
    checkArgument(input.rank() == 4, "batch_norm2d: expected input [N, C, H, W], got shape %s", input.shape());
  }
}
